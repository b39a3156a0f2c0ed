"""The main window: page navigation on the left, the pages, a status bar and the menus.

Navigation entries can carry a count (``超时看板 (3)``); the overdue board is evaluated in
the background and a deadline that turns amber or red is announced in the status bar,
and in the system tray where the desktop has one.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt, SignalInstance
from PySide6.QtGui import QAction, QBrush, QCloseEvent, QColor, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QSystemTrayIcon,
    QWidget,
)

from frontdesk import __version__
from frontdesk.domain.permissions import ROLE_LABELS, Perm, Role
from frontdesk.domain.sla import ClockStatus
from frontdesk.domain.types import BoardItem
from frontdesk.i18n import _
from frontdesk.paths import resources_dir
from frontdesk.services import deadlines
from frontdesk.ui.board.board_page import KIND_LABELS, BoardPage
from frontdesk.ui.common import state, style
from frontdesk.ui.common.base import AppContext
from frontdesk.ui.common.style import AMBER, RED
from frontdesk.ui.complaints.register_page import RegisterPage
from frontdesk.ui.disposition.inbox_page import InboxPage
from frontdesk.ui.letters.letters_page import LettersPage

NAV_WIDTH = 150
#: Badge colours in the navigation: red when something is overdue, amber when only near the end.
BADGE_RED = RED
BADGE_AMBER = AMBER
#: How long a notification stays in the status bar (ms) and in the tray bubble.
STATUS_MESSAGE_MS = 20_000
TRAY_MESSAGE_MS = 10_000
#: At most this many deadlines are named in one notification.
NOTIFY_MAX_NAMED = 3


def icon_path() -> Path:
    return resources_dir() / "icons" / "frontdesk.png"


def app_icon() -> QIcon:
    path = icon_path()
    return QIcon(str(path)) if path.is_file() else QIcon()


def notification_lines(items: list[BoardItem]) -> list[str]:
    """``投诉 TS-202611-0001 的处理方法已超时`` for each item (red first), at most a few named."""
    ordered = sorted(items, key=lambda i: i.clock.status != ClockStatus.OVERDUE)  # type: ignore[attr-defined]
    lines = [
        _("{kind} {number} 的{clock}{what}").format(
            kind=KIND_LABELS.get(item.kind, item.kind), number=item.number,
            clock=item.clock.label,  # type: ignore[attr-defined]
            what=_("已超时") if item.clock.status == ClockStatus.OVERDUE else _("即将超时"),  # type: ignore[attr-defined]
        )
        for item in ordered[:NOTIFY_MAX_NAMED]
    ]
    if len(ordered) > NOTIFY_MAX_NAMED:
        lines.append(_("另有 {n} 项,请查看超时看板").format(n=len(ordered) - NOTIFY_MAX_NAMED))
    return lines


def role_label(role: str) -> str:
    try:
        return ROLE_LABELS[Role(role)]
    except ValueError:
        return role


class MainWindow(QMainWindow):
    """One per signed-in session; pages are added with :meth:`add_page`."""

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self._nav_titles: dict[QWidget, str] = {}
        self._nav_tips: dict[QWidget, str] = {}
        self.last_notification = ""
        self._pending: list[tuple[str, list[str], QSystemTrayIcon.MessageIcon]] = []
        self.setObjectName("main_window")
        # the window system adds the application's name ("… — FrontDesk 服务前台") after the title
        self.setWindowTitle(ctx.site_name or _("投诉登记簿"))
        self.setWindowIcon(app_icon())

        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.nav_list = QListWidget()
        self.nav_list.setObjectName("nav_list")
        self.nav_list.setFixedWidth(NAV_WIDTH)
        self.nav_list.setIconSize(QSize(20, 20))
        self.nav_list.setSpacing(2)
        self.nav_list.setStyleSheet(style.NAVIGATION_STYLE)
        self.pages = QStackedWidget()
        self.pages.setObjectName("pages")
        layout.addWidget(self.nav_list)
        layout.addWidget(self.pages, 1)
        self.setCentralWidget(central)

        self.user_label = QLabel(
            _("当前用户:{name}({role})").format(name=ctx.actor.display_name, role=role_label(ctx.actor.role))
        )
        self.user_label.setObjectName("user_label")
        self.site_label = QLabel(ctx.site_name)
        self.site_label.setObjectName("site_label")
        self.counts_label = QLabel()
        self.counts_label.setObjectName("counts_label")
        status = self.statusBar()
        status.addWidget(self.user_label)
        status.addWidget(self.site_label)
        self.board_counts_label = QLabel()
        self.board_counts_label.setObjectName("board_counts_label")
        status.addPermanentWidget(self.board_counts_label)
        status.addPermanentWidget(self.counts_label)
        self.calendar_warning = QPushButton()
        self.calendar_warning.setObjectName("calendar_warning")
        self.calendar_warning.setFlat(True)
        self.calendar_warning.setCursor(Qt.CursorShape.PointingHandCursor)
        self.calendar_warning.setStyleSheet(f"QPushButton {{ color: {style.ERROR}; font-weight: bold; }}")
        self.calendar_warning.hide()
        self.calendar_warning.clicked.connect(self.open_holidays)
        status.addPermanentWidget(self.calendar_warning)
        for label in (self.user_label, self.site_label, self.counts_label, self.board_counts_label):
            label.setContentsMargins(6, 0, 6, 0)

        self._build_menus()
        self.tray = self._build_tray()

        self.register_page = RegisterPage(ctx)
        self.add_page(_("投诉登记簿"), self.register_page)
        self.board_page: BoardPage | None = None
        if ctx.can(Perm.COMPLAINT_VIEW):
            self.board_page = BoardPage(ctx)
            self.add_page(_("超时看板"), self.board_page)
        self.inbox_page = InboxPage(ctx)
        self.add_counted_page(_("待办"), self.inbox_page, self.inbox_page.count_changed)
        self.letters_page = LettersPage(ctx)
        self.add_counted_page(_("工作联系函"), self.letters_page, self.letters_page.count_changed)

        size = state.load("window_size.main")
        self.resize(QSize(*size) if size else QSize(1280, 760))
        self.nav_list.currentRowChanged.connect(self.pages.setCurrentIndex)
        self.register_page.counts_changed.connect(self.show_counts)
        if self.board_page is not None:
            self.board_page.counts_changed.connect(self.show_board_counts)
            self.board_page.transitions.connect(self.notify_deadlines)
            self.board_page.upgraded.connect(self.notify_upgrades)
            self.board_page.loaded.connect(self._board_evaluated)
        self.nav_list.setCurrentRow(0)
        self._unknown_years: list[int] = []
        self.check_calendar()

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(_("文件(&F)"))
        self.quit_action = QAction(_("退出(&X)"), self)
        self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        self.quit_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.quit_action.triggered.connect(self.close)
        file_menu.addAction(self.quit_action)
        self.view_menu = self.menuBar().addMenu(_("视图(&V)"))
        if self.ctx.can(Perm.ADMIN):
            settings_menu = self.menuBar().addMenu(_("设置(&S)"))
            self.clock_settings_action = QAction(_("时限与节假日(&T)…"), self)
            self.clock_settings_action.triggered.connect(self.open_clock_settings)
            settings_menu.addAction(self.clock_settings_action)
        help_menu = self.menuBar().addMenu(_("帮助(&H)"))
        self.about_action = QAction(_("关于(&A)"), self)
        self.about_action.triggered.connect(self.show_about)
        help_menu.addAction(self.about_action)

    def _build_tray(self) -> QSystemTrayIcon | None:
        """A tray icon where the desktop has a tray; None otherwise (notifications go to the status bar)."""
        if not QSystemTrayIcon.isSystemTrayAvailable():
            return None
        tray = QSystemTrayIcon(app_icon(), self)
        tray.setToolTip(_("FrontDesk 服务前台 — {site}").format(site=self.ctx.site_name))
        tray.messageClicked.connect(self._show_board_from_tray)
        tray.activated.connect(lambda _reason: self._raise_window())
        tray.show()
        return tray

    def add_page(self, title: str, widget: QWidget, icon: QIcon | None = None) -> int:
        """Add a page to the navigation, with Ctrl+1 … Ctrl+9 to go to it; returns its index."""
        item = QListWidgetItem(icon, title) if icon is not None else QListWidgetItem(title)
        item.setSizeHint(QSize(NAV_WIDTH - 8, self.fontMetrics().height() + 18))
        self.nav_list.addItem(item)
        self._nav_titles[widget] = title
        index = self.pages.addWidget(widget)
        if index < 9:
            keys = QKeySequence(f"Ctrl+{index + 1}")
            action = QAction(title, self)
            action.setShortcut(keys)
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.triggered.connect(lambda _checked=False, w=widget: self.show_page(w))
            self.view_menu.addAction(action)
            self.addAction(action)
            self._nav_tips[widget] = _("{title}({keys})").format(
                title=title, keys=keys.toString(QKeySequence.SequenceFormat.NativeText))
            item.setToolTip(self._nav_tips[widget])
        return index

    def add_counted_page(self, title: str, widget: QWidget, signal: SignalInstance) -> int:
        """Add a page whose ``count_changed(int)`` signal shows as a count beside its entry."""
        index = self.add_page(title, widget)
        signal.connect(lambda count, w=widget: self.set_nav_badge(w, str(count) if count else ""))
        return index

    def nav_item(self, widget: QWidget) -> QListWidgetItem | None:
        index = self.pages.indexOf(widget)
        return self.nav_list.item(index) if index >= 0 else None

    def set_nav_badge(self, widget: QWidget, text: str, color: str | None = None, tooltip: str = "") -> None:
        """Show ``text`` beside the page's navigation entry (``超时看板 (3)``); empty text clears it."""
        item = self.nav_item(widget)
        if item is None:
            return
        title = self._nav_titles.get(widget, item.text())
        item.setText(f"{title} ({text})" if text else title)
        item.setForeground(QBrush(QColor(color)) if color and text else QBrush())
        font = item.font()
        font.setBold(bool(color and text))
        item.setFont(font)
        item.setToolTip("\n".join(tip for tip in (self._nav_tips.get(widget, ""), tooltip) if tip))

    def show_board_counts(self, counts: dict) -> None:
        """The board's amber and red counts: beside its navigation entry and in the status bar."""
        if self.board_page is None:
            return
        warning, overdue = counts.get("warning", 0), counts.get("overdue", 0)
        detail = _("超时 {overdue} 条,即将超时 {warning} 条").format(overdue=overdue, warning=warning)
        attention = warning + overdue
        color = BADGE_RED if overdue else BADGE_AMBER
        self.set_nav_badge(self.board_page, str(attention) if attention else "", color, detail)
        self.board_counts_label.setText(detail if attention else "")
        style.coloured(self.board_counts_label, color if attention else "")

    def notify_deadlines(self, items: list[BoardItem]) -> None:
        """Deadlines that just turned amber or red; told once the evaluation is complete."""
        lines = notification_lines(items)
        if not lines:
            return
        overdue = any(i.clock.status == ClockStatus.OVERDUE for i in items)  # type: ignore[attr-defined]
        self._pending.append((_("时限已超时") if overdue else _("时限即将到期"), lines,
                              QSystemTrayIcon.MessageIcon.Critical if overdue
                              else QSystemTrayIcon.MessageIcon.Warning))

    def notify_upgrades(self, numbers: list[str]) -> None:
        self._pending.insert(0, (_("投诉自动转为重大"), [
            _("投诉 {number} 受理已满 10 天仍未解决,已自动转为重大投诉").format(number=n) for n in numbers
        ], QSystemTrayIcon.MessageIcon.Critical))

    def _board_evaluated(self) -> None:
        """One notification per evaluation, however many things happened in it."""
        pending, self._pending = self._pending, []
        if not pending:
            return
        icons = [icon for _title, _lines, icon in pending]
        icon = QSystemTrayIcon.MessageIcon.Critical if QSystemTrayIcon.MessageIcon.Critical in icons \
            else QSystemTrayIcon.MessageIcon.Warning
        self.notify(pending[0][0], [line for _title, lines, _icon in pending for line in lines], icon)

    def notify(self, title: str, lines: list[str],
               icon: QSystemTrayIcon.MessageIcon = QSystemTrayIcon.MessageIcon.Information) -> None:
        """Tell the user without blocking: in the tray where there is one, always in the status bar."""
        self.last_notification = ";".join(lines)
        if self.tray is not None and self.tray.supportsMessages():
            self.tray.showMessage(title, "\n".join(lines), icon, TRAY_MESSAGE_MS)
        self.statusBar().showMessage(self.last_notification, STATUS_MESSAGE_MS)

    def _show_board_from_tray(self) -> None:
        self._raise_window()
        if self.board_page is not None:
            self.show_page(self.board_page)

    def _raise_window(self) -> None:
        if self.isMinimized():
            self.showNormal()
        self.raise_()
        self.activateWindow()

    def open_clock_settings(self) -> QDialog:
        from frontdesk.ui.admin.clock_settings_dialog import ClockSettingsDialog

        dialog = ClockSettingsDialog(self.ctx, self)
        dialog.saved.connect(self.check_calendar)
        dialog.calendar_changed.connect(self.check_calendar)
        dialog.open()
        return dialog

    def check_calendar(self) -> None:
        """From December, warn the administrator while next year's holidays are not entered."""
        if self.ctx.can(Perm.ADMIN):
            self.ctx.runner.run_db(deadlines.years_to_confirm, self.ctx.db, on_done=self._show_calendar_warning,
                                   parent=self)

    def _show_calendar_warning(self, years: list[int]) -> None:
        self._unknown_years = years
        if years:
            self.calendar_warning.setText(_("{years} 年法定节假日未录入,点此录入").format(
                years="、".join(str(y) for y in years)))
            self.calendar_warning.setToolTip(_(
                "按工作时间计算、跨入这一年的期限会把节假日当作工作日。国务院公布安排后,"
                "请在“时限与节假日设置”中录入全年安排并确认。"))
        self.calendar_warning.setVisible(bool(years))

    def open_holidays(self) -> QDialog:
        """The clock settings on the holidays of the first year to confirm."""
        dialog = self.open_clock_settings()
        dialog.tabs.setCurrentIndex(1)
        if self._unknown_years:
            dialog.year_spin.setValue(self._unknown_years[-1])
        return dialog

    def show_page(self, widget: QWidget) -> None:
        index = self.pages.indexOf(widget)
        if index >= 0:
            self.nav_list.setCurrentRow(index)

    def show_counts(self, shown: int, total: int) -> None:
        self.counts_label.setText(_("共 {total} 条 / 显示 {shown} 条").format(total=total, shown=shown))

    def show_about(self) -> None:
        QMessageBox.about(
            self, _("关于 FrontDesk"),
            _("FrontDesk 服务前台 {version}\n\n投诉登记、处置、回访与分析。\n当前站点:{site}").format(
                version=__version__, site=self.ctx.site_name),
        )

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        if not self.isMaximized():
            state.save("window_size.main", [self.width(), self.height()])
        if self.board_page is not None:
            self.board_page.timer.stop()
        if self.tray is not None:
            self.tray.hide()
        self.ctx.runner.wait_idle(10000)
        super().closeEvent(event)
