"""投诉登记簿: the register of complaints (ZC-QR-027) with its filters, search, export and print.

Every query runs on the task runner: the filter bar only builds a
:class:`RegisterFilter`; the ids come back by signal and go into the lazy
:class:`RegisterModel`.  Typing in the search box waits 300 ms for a pause first.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from frontdesk.domain import letter as letter_rules
from frontdesk.domain import wallclock
from frontdesk.domain.changes import COMPLAINT, REFERENCE, Changes
from frontdesk.domain.permissions import Perm
from frontdesk.domain.types import ComplaintView, Option, RegisterFilter, RegisterRow
from frontdesk.domain.vocab import GRADE_LABELS, STATUS_LABELS, VALIDITY_LABELS
from frontdesk.i18n import _
from frontdesk.services import exports, reference, register
from frontdesk.ui.common import state, style
from frontdesk.ui.common.base import AppContext
from frontdesk.ui.common.list_model import read_only_table
from frontdesk.ui.common.printing import print_with_preview, produce
from frontdesk.ui.common.record_form import RecordForm
from frontdesk.ui.common.registry import open_record
from frontdesk.ui.common.watch import ChangeWatcher
from frontdesk.ui.common.widgets import labelled_combo
from frontdesk.ui.complaints.register_model import (
    CATEGORY,
    CHANNEL,
    COMPLAINANT,
    CONTENT,
    DEPARTMENT,
    GRADE,
    LOCATION,
    NUMBER,
    PHONE,
    RECEIVED_AT,
    RECEIVER,
    SORT_KEYS,
    STATUS,
    VALIDITY,
    RegisterModel,
)

SEARCH_DELAY_MS = 300
#: The date ranges of the buttons; the register opens on the one the user chose last.
RECENT, THIS_MONTH, LAST_MONTH, ALL_DATES = "recent", "this_month", "last_month", "all_dates"
RECENT_DAYS = 30
#: The date shown as "不限" in the date boxes (their minimum).
NO_DATE = QDate(2000, 1, 1)

#: A typical cell of each column; the column is made as wide as this or its title.
COLUMN_SAMPLES = {
    NUMBER: "TS-202611-0001", RECEIVED_AT: "2026-11-25 15:00", CHANNEL: "来电", COMPLAINANT: "欧阳小明",
    PHONE: "13900000000", LOCATION: "10-2-1201", CATEGORY: "维修服务", DEPARTMENT: "资产管理部",
    CONTENT: "楼上漏水,天花板渗水,已影响卧室", VALIDITY: "有效", GRADE: "轻微", STATUS: "已登记",
    RECEIVER: "张管理",
}
CELL_PADDING = 14
SORT_ARROW = 14


def month_bounds(day: date, months_back: int = 0) -> tuple[date, date]:
    """First and last day of the month ``months_back`` before the month of ``day``."""
    year, month = day.year, day.month - months_back
    while month < 1:
        month += 12
        year -= 1
    first = date(year, month, 1)
    next_first = date(year + (month == 12), month % 12 + 1, 1)
    return first, next_first - timedelta(days=1)


def _query(db: Any, actor: Any, flt: RegisterFilter, sort: str, descending: bool) -> tuple[list[int], int]:
    """Runs on the database worker: the matching ids and the size of the whole register."""
    return register.ids(db, actor, flt, sort, descending), register.count(db, actor, RegisterFilter())


def _options(db: Any) -> tuple[list[Option], list[Option]]:
    return reference.categories(db, include_inactive=True), reference.departments(db, include_inactive=True)


class RegisterPage(QWidget):
    """The register list; emits :attr:`counts_changed` ``(shown, total)`` for the status bar."""

    counts_changed = Signal(int, int)
    #: Fired after an Excel export has been written (tests, status bar).
    exported = Signal(object)
    #: Fired after a register printout has been built, before the preview opens.
    printed = Signal(object)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("register_page")
        self.ctx = ctx
        self._generation = 0
        self._ready = False
        self._pending_select: int | None = None
        self._focus_results = False
        self.shown_count = 0
        self.total_count = 0
        self.last_export_path: Path | None = None
        self.last_print_path: Path | None = None
        self.model = RegisterModel(self._fetch_rows, profile=ctx.profile, parent=self)
        self.search_timer = QTimer(self)
        self.search_timer.setSingleShot(True)
        self.search_timer.setInterval(SEARCH_DELAY_MS)
        self._build()
        self._apply_permissions()
        self._connect()
        self._ready = True
        self.watcher = ChangeWatcher(self, ctx.runner, (COMPLAINT,), self.reload, wait_while_hidden=True,
                                     on_changes=self._changed)
        self.options_watcher = ChangeWatcher(self, ctx.runner, (REFERENCE,), self._load_options)
        self._load_options()
        self.reload()

    # --- building ------------------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)

        top = QHBoxLayout()
        top.addWidget(QLabel(_("受理日期")))
        self.date_from_edit = self._date_edit("date_from_edit")
        self.date_to_edit = self._date_edit("date_to_edit")
        top.addWidget(self.date_from_edit)
        top.addWidget(QLabel(_("至")))
        top.addWidget(self.date_to_edit)
        self.recent_button = QPushButton(_("近30天"))
        self.this_month_button = QPushButton(_("本月"))
        self.last_month_button = QPushButton(_("上月"))
        self.all_dates_button = QPushButton(_("全部"))
        self.date_buttons = {RECENT: self.recent_button, THIS_MONTH: self.this_month_button,
                             LAST_MONTH: self.last_month_button, ALL_DATES: self.all_dates_button}
        for key, button in self.date_buttons.items():
            button.setObjectName(f"{key}_button")
            button.setAutoDefault(False)
            button.setMaximumWidth(self.fontMetrics().horizontalAdvance(button.text()) + 28)
            top.addWidget(button)
        top.addSpacing(12)
        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("search_edit")
        self.search_edit.setPlaceholderText(_("编号、投诉人、电话、房号或内容"))
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setToolTip(_("输入后稍停即开始查找(Ctrl+F)"))
        self.search_edit.setMinimumWidth(260)
        top.addWidget(self.search_edit, 1)
        layout.addLayout(top)

        second = QHBoxLayout()
        self.category_combo = self._combo("category_combo", second, _("类别"))
        self.grade_combo = self._combo("grade_combo", second, _("级别"), GRADE_LABELS)
        self.status_combo = self._combo("status_combo", second, _("状态"), STATUS_LABELS)
        self.department_combo = self._combo("department_combo", second, _("部门"))
        self.validity_combo = self._combo("validity_combo", second, _("有效性"), VALIDITY_LABELS)
        second.addStretch(1)
        self.new_button = QPushButton(_("新建投诉"))
        self.new_button.setObjectName("new_button")
        self.new_button.setToolTip(_("登记一条新投诉(Ctrl+N)"))
        self.export_button = QPushButton(_("导出 Excel"))
        self.export_button.setObjectName("export_button")
        self.print_button = QPushButton(_("打印登记表"))
        self.print_button.setObjectName("print_button")
        self.disposition_button = QPushButton(_("处置表"))
        self.disposition_button.setObjectName("disposition_button")
        self.disposition_button.setToolTip(_("打开所选投诉的《客户投诉处置表》(Ctrl+D)"))
        self.letter_button = QPushButton(_("发联系函"))
        self.letter_button.setObjectName("letter_button")
        self.letter_button.setToolTip(_("就所选投诉给其他部门发《工作联系函》(Ctrl+L)"))
        self.refresh_button = QPushButton(_("刷新"))
        self.refresh_button.setObjectName("refresh_button")
        self.refresh_button.setToolTip(_("重新读取登记簿(F5)"))
        for button in (self.new_button, self.disposition_button, self.letter_button, self.export_button,
                       self.print_button, self.refresh_button):
            button.setAutoDefault(False)
            second.addWidget(button)
        layout.addLayout(second)

        self.table = read_only_table("register_table", self.model, self)
        self.table.setSortingEnabled(False)  # set below without triggering a sort
        header = self.table.horizontalHeader()
        header.setSortIndicatorShown(True)
        header.setSortIndicator(RECEIVED_AT, Qt.SortOrder.DescendingOrder)
        metrics = self.table.fontMetrics()
        for column, sample in COLUMN_SAMPLES.items():
            title = self.model.headerData(column, Qt.Orientation.Horizontal)
            width = max(metrics.horizontalAdvance(sample), metrics.horizontalAdvance(title) + SORT_ARROW)
            header.resizeSection(column, width + CELL_PADDING)
        header.setSectionResizeMode(CONTENT, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(40)
        self.table.setSortingEnabled(True)
        layout.addWidget(self.table, 1)

        self.empty_label = QLabel()
        self.empty_label.setObjectName("empty_label")
        style.as_hint(self.empty_label)
        layout.addWidget(self.empty_label)
        self.set_date_range(state.load(self._range_key(), RECENT), remember=False)

    def _date_edit(self, name: str) -> QDateEdit:
        edit = QDateEdit()
        edit.setObjectName(name)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        edit.setMinimumDate(NO_DATE)
        edit.setSpecialValueText(_("不限"))
        edit.setMinimumWidth(118)
        return edit

    def _combo(self, name: str, layout: QHBoxLayout, title: str, labels: Mapping | None = None) -> QComboBox:
        """A filter whose first choice, 全部, filters nothing."""
        choices = [(_("全部"), None), *((label, str(value)) for value, label in (labels or {}).items())]
        combo = labelled_combo(layout, title, name, choices, self)
        combo.setMinimumWidth(88)
        layout.addSpacing(6)
        return combo

    def _apply_permissions(self) -> None:
        self.new_button.setEnabled(self.ctx.can(Perm.COMPLAINT_CREATE))
        self.export_button.setEnabled(self.ctx.can(Perm.EXPORT))
        self.print_button.setEnabled(self.ctx.can(Perm.REGISTER_PRINT))
        self.letter_button.setEnabled(letter_rules.may_write(self.ctx.actor))
        for button, perm in ((self.export_button, Perm.EXPORT), (self.print_button, Perm.REGISTER_PRINT)):
            if not self.ctx.can(perm):
                button.setToolTip(_("您的角色不能使用此功能"))
        if self.ctx.can(Perm.EXPORT):
            self.export_button.setToolTip(
                _("把当前筛选出的投诉导出为 Excel")
                + ("" if self.ctx.can(Perm.PII_VIEW) else _("(电话号码将隐去中间四位)"))
            )
        if self.ctx.can(Perm.REGISTER_PRINT):
            self.print_button.setToolTip(_("按当前筛选打印《客户投诉记录表》,先预览(Ctrl+P)"))

    def _connect(self) -> None:
        QShortcut(QKeySequence("Ctrl+F"), self, self._focus_search)
        QShortcut(QKeySequence("Ctrl+N"), self, self.new_complaint)
        QShortcut(QKeySequence("F5"), self, self.reload)
        QShortcut(QKeySequence("Ctrl+D"), self, self.open_disposition)
        QShortcut(QKeySequence("Ctrl+L"), self, self.new_letter)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Print), self, self.print_register)
        self.disposition_button.clicked.connect(self.open_disposition)
        self.letter_button.clicked.connect(self.new_letter)
        self.search_edit.textChanged.connect(self.search_timer.start)
        self.search_edit.returnPressed.connect(self._search_now)
        self.search_timer.timeout.connect(self.reload)
        for edit in (self.date_from_edit, self.date_to_edit):
            edit.dateChanged.connect(self._filters_changed)
        for combo in (
            self.category_combo, self.grade_combo, self.status_combo, self.department_combo, self.validity_combo,
        ):
            combo.currentIndexChanged.connect(self._filters_changed)
        for key, button in self.date_buttons.items():
            button.clicked.connect(lambda _checked=False, k=key: self.set_date_range(k))
        self.new_button.clicked.connect(self.new_complaint)
        self.export_button.clicked.connect(lambda: self.export_excel())
        self.print_button.clicked.connect(self.print_register)
        self.refresh_button.clicked.connect(self.reload)
        self.table.activated.connect(self._open_index)
        self.model.sort_requested.connect(lambda _key, _desc: self.reload())
        self.table.horizontalHeader().sortIndicatorChanged.connect(self._keep_sort_indicator)
        self.model.modelReset.connect(self._restore_selection)

    def _keep_sort_indicator(self, column: int, _order: Qt.SortOrder) -> None:
        """A click on a column that cannot be sorted leaves the arrow where the order really is."""
        if column not in SORT_KEYS:
            order = Qt.SortOrder.DescendingOrder if self.model.sort_descending else Qt.SortOrder.AscendingOrder
            header = self.table.horizontalHeader()
            header.blockSignals(True)
            header.setSortIndicator(self.model.sort_column(), order)
            header.blockSignals(False)

    # --- filters -------------------------------------------------------------------------------

    def _set_dates(self, first: date | None, last: date | None) -> None:
        for edit, value in ((self.date_from_edit, first), (self.date_to_edit, last)):
            edit.blockSignals(True)
            edit.setDate(NO_DATE if value is None else QDate(value.year, value.month, value.day))
            edit.blockSignals(False)
        self._filters_changed()

    def set_date_range(self, key: str, remember: bool = True) -> None:
        """One of the ranges of the buttons; the one chosen last is where this user's register opens."""
        today = wallclock.now().date()
        ranges = {
            RECENT: (today - timedelta(days=RECENT_DAYS - 1), today),
            THIS_MONTH: (month_bounds(today)[0], today),
            LAST_MONTH: month_bounds(today, 1),
            ALL_DATES: (None, None),
        }
        key = key if key in ranges else RECENT
        if remember:
            state.save(self._range_key(), key)
        self._set_dates(*ranges[key])

    def _range_key(self) -> str:
        return f"register_dates.{self.ctx.actor.username}"

    def _filters_changed(self) -> None:
        if self._ready:
            self.search_timer.stop()
            self.reload()

    @staticmethod
    def _date_of(edit: QDateEdit) -> date | None:
        value = edit.date()
        return None if value == edit.minimumDate() else date(value.year(), value.month(), value.day())

    def current_filter(self) -> RegisterFilter:
        date_from, date_to = self._date_of(self.date_from_edit), self._date_of(self.date_to_edit)
        if date_from and date_to and date_from > date_to:
            date_from, date_to = date_to, date_from
        return RegisterFilter(
            date_from=date_from, date_to=date_to,
            category_id=self.category_combo.currentData(), grade=self.grade_combo.currentData(),
            status=self.status_combo.currentData(), department_id=self.department_combo.currentData(),
            validity=self.validity_combo.currentData(), text=self.search_edit.text().strip(),
        )

    def _focus_search(self) -> None:
        self.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_edit.selectAll()

    def _search_now(self) -> None:
        """Enter in the search box: search at once, then go to the results (Enter there opens one)."""
        self.search_timer.stop()
        self._focus_results = True
        self.reload()

    def _load_options(self) -> None:
        self.ctx.runner.run_db(_options, self.ctx.db, on_done=self._set_options, parent=self)

    def _set_options(self, result: tuple[list[Option], list[Option]]) -> None:
        categories, departments = result
        for combo, options in ((self.category_combo, categories), (self.department_combo, departments)):
            current = combo.currentData()
            combo.blockSignals(True)
            while combo.count() > 1:
                combo.removeItem(1)
            for option in options:
                combo.addItem(option.name, option.id)
            index = combo.findData(current)
            combo.setCurrentIndex(max(0, index))
            combo.blockSignals(False)

    # --- loading -------------------------------------------------------------------------------

    def _fetch_rows(self, ids: list[int]) -> list[RegisterRow]:
        return register.rows(self.ctx.db, self.ctx.actor, ids)

    def reload(self) -> None:
        """Query the ids for the current filter and sort (off the UI thread)."""
        self._generation += 1
        generation = self._generation
        current = self.model.id_at(self.table.currentIndex().row())
        if self._pending_select is None:
            self._pending_select = current
        self.ctx.runner.run_db(
            _query, self.ctx.db, self.ctx.actor, self.current_filter(), self.model.sort_key,
            self.model.sort_descending, on_done=lambda result: self._on_ids(generation, result), parent=self,
        )

    def _on_ids(self, generation: int, result: tuple[list[int], int]) -> None:
        if generation != self._generation:
            return  # an older query; a newer one is on its way
        ids, total = result
        self.model.set_ids(ids)
        self.shown_count, self.total_count = len(ids), total
        if not ids:
            self.empty_label.setText(
                _("没有符合条件的投诉。可以改变日期范围或清空搜索框。") if total else _("登记簿还是空的,点“新建投诉”(Ctrl+N)登记第一条。")
            )
        else:
            self.empty_label.setText(_("共 {total} 条,符合条件 {shown} 条;双击或按回车打开").format(
                total=total, shown=len(ids)))
        self.counts_changed.emit(len(ids), total)
        if self._focus_results:
            self._focus_results = False
            if ids:
                self.table.setFocus(Qt.FocusReason.OtherFocusReason)
                if not self.table.currentIndex().isValid():
                    self.table.setCurrentIndex(self.model.index(0, NUMBER))

    def _restore_selection(self) -> None:
        wanted, self._pending_select = self._pending_select, None
        row = self.model.row_of(wanted) if wanted is not None else None
        if row is not None:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))

    def selected_id(self) -> int | None:
        return self.model.id_at(self.table.currentIndex().row())

    # --- opening and creating ------------------------------------------------------------------

    def _open_index(self, index: QModelIndex) -> None:
        complaint_id = self.model.id_at(index.row())
        if complaint_id is not None:
            self.open_complaint(complaint_id)

    def open_complaint(self, complaint_id: int) -> RecordForm:
        return open_record(self.ctx, "complaint", complaint_id, self)

    def open_disposition(self) -> RecordForm | None:
        """The disposition form (ZC-QR-028) of the selected complaint."""
        return self._open_for_selected("disposition", lambda complaint_id: (complaint_id, {}))

    def new_letter(self) -> RecordForm | None:
        """A work contact letter (Z-QR-025) about the selected complaint."""
        return self._open_for_selected("letter", lambda complaint_id: (None, {"complaint_id": complaint_id}))

    def _open_for_selected(self, kind: str, target: Callable[[int], tuple[int | None, dict]]) -> RecordForm | None:
        complaint_id = self.selected_id()
        if complaint_id is None:
            self._ask_to_select()
            return None
        record_id, context = target(complaint_id)
        return open_record(self.ctx, kind, record_id, self, **context)

    def _ask_to_select(self) -> None:
        QMessageBox.information(self, _("提示"), _("请先在列表中选中一条投诉"))

    def new_complaint(self) -> RecordForm | None:
        if not self.ctx.can(Perm.COMPLAINT_CREATE):
            return None
        form = open_record(self.ctx, "complaint", None, self)
        form.saved.connect(self._select_saved)
        return form

    def _select_saved(self, complaint: ComplaintView) -> None:
        """The list reloads from the change broadcast; the new complaint is selected then."""
        self._pending_select = complaint.id

    def _changed(self, changes: Changes) -> None:
        self.model.refresh_rows()

    # --- export and print ----------------------------------------------------------------------

    def _period(self, flt: RegisterFilter) -> tuple[date | None, date | None]:
        return flt.date_from, flt.date_to

    def _default_name(self, flt: RegisterFilter, suffix: str) -> str:
        first, last = self._period(flt)
        span = f"{first:%Y%m%d}-{last:%Y%m%d}" if first and last else wallclock.now().strftime("%Y%m%d")
        return _("投诉登记簿") + f"_{span}{suffix}"

    def export_excel(self, path: Path | None = None) -> None:
        """Export the rows the filter shows to Excel; asks where unless ``path`` is given."""
        if not self.ctx.can(Perm.EXPORT):
            return
        flt = self.current_filter()
        if path is None:
            start = Path.home() / self._default_name(flt, ".xlsx")
            chosen, _filter = QFileDialog.getSaveFileName(
                self, _("导出 Excel"), str(start), _("Excel 工作簿 (*.xlsx)")
            )
            if not chosen:
                return
            path = Path(chosen)
            if path.suffix.lower() != ".xlsx":
                path = path.with_suffix(".xlsx")
        first, last = self._period(flt)
        produce(self.ctx, self, exports.register_xlsx_printout, (self.model.ids(),), path,
                on_done=lambda count, out=path: self._exported(out, count), label=_("正在导出 Excel…"),
                date_from=first, date_to=last)

    def _exported(self, path: Path, count: Any) -> None:
        self.last_export_path = path
        self.exported.emit(path)
        rows = count if isinstance(count, int) else self.shown_count
        box = QMessageBox(
            QMessageBox.Icon.Information, _("导出完成"),
            _("已导出 {n} 条投诉到:\n{path}").format(n=rows, path=path), QMessageBox.StandardButton.Ok, self,
        )
        box.setObjectName("export_done_box")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def print_register(self) -> None:
        """Build the ZC-QR-027 printout for the filter, then show it in the print preview."""
        if not self.ctx.can(Perm.REGISTER_PRINT):
            return
        flt = self.current_filter()
        title = _("客户投诉记录表 {first} 至 {last}").format(first=flt.date_from or _("不限"),
                                                       last=flt.date_to or _("不限"))
        print_with_preview(self.ctx, self, exports.register_pdf_printout, flt, title=title,
                           on_printed=self._printed, label=_("正在生成登记表…"))

    def _printed(self, out: Path) -> None:
        self.last_print_path = out
        self.printed.emit(out)
