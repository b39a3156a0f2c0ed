"""The main window: page navigation on the left, the pages, a status bar and the menus."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QCloseEvent, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from frontdesk import __version__
from frontdesk.i18n import _
from frontdesk.roles import ROLE_LABELS, Role
from frontdesk.ui import state
from frontdesk.ui.base import AppContext
from frontdesk.ui.register_page import RegisterPage

NAV_WIDTH = 150


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
        self.setObjectName("main_window")
        self.setWindowTitle(_("FrontDesk 服务前台 — {site}").format(site=ctx.site_name))

        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.nav_list = QListWidget()
        self.nav_list.setObjectName("nav_list")
        self.nav_list.setFixedWidth(NAV_WIDTH)
        self.nav_list.setIconSize(QSize(20, 20))
        self.nav_list.setSpacing(2)
        self.nav_list.setStyleSheet(
            "QListWidget { border: none; border-right: 1px solid #d0d0d0; background: #f4f5f7; padding-top: 6px; }"
            "QListWidget::item { padding: 8px 10px; }"
            "QListWidget::item:selected { background: #dce6f5; color: #10264a; }"
        )
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
        status.addPermanentWidget(self.counts_label)
        for label in (self.user_label, self.site_label, self.counts_label):
            label.setContentsMargins(6, 0, 6, 0)

        self._build_menus()

        self.register_page = RegisterPage(ctx)
        self.add_page(_("投诉登记簿"), self.register_page)

        size = state.load("window_size.main")
        self.resize(QSize(*size) if size else QSize(1280, 760))
        self.nav_list.currentRowChanged.connect(self.pages.setCurrentIndex)
        self.register_page.counts_changed.connect(self.show_counts)
        self.nav_list.setCurrentRow(0)

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(_("文件(&F)"))
        self.quit_action = QAction(_("退出(&X)"), self)
        self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        self.quit_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.quit_action.triggered.connect(self.close)
        file_menu.addAction(self.quit_action)
        help_menu = self.menuBar().addMenu(_("帮助(&H)"))
        self.about_action = QAction(_("关于(&A)"), self)
        self.about_action.triggered.connect(self.show_about)
        help_menu.addAction(self.about_action)

    def add_page(self, title: str, widget: QWidget, icon: QIcon | None = None) -> int:
        """Add a page to the navigation; returns its index."""
        item = QListWidgetItem(icon, title) if icon is not None else QListWidgetItem(title)
        item.setSizeHint(QSize(NAV_WIDTH - 8, self.fontMetrics().height() + 18))
        self.nav_list.addItem(item)
        return self.pages.addWidget(widget)

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
        self.ctx.runner.wait_idle(10000)
        super().closeEvent(event)
