"""工作联系函: the list of work contact letters (Z-QR-025) with their states and time left.

The list is read on the task runner, earliest reply deadline first, and read again
every minute and on F5, so a letter turns red by itself once its deadline passes.
:attr:`LettersPage.count_changed` carries how many letters wait for a reply from
the signed-in user's department, for the count beside the navigation entry.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QWidget

from frontdesk.domain import letter as letter_rules
from frontdesk.domain.changes import LETTER
from frontdesk.domain.letter import LetterEntry
from frontdesk.domain.sla import ClockStatus, describe_remaining
from frontdesk.i18n import N_, Labels, _
from frontdesk.services import letters
from frontdesk.ui.common.base import AppContext
from frontdesk.ui.common.list_model import ListTableModel
from frontdesk.ui.common.list_page import ListPage
from frontdesk.ui.common.record_form import RecordForm
from frontdesk.ui.common.registry import open_record
from frontdesk.ui.common.style import AMBER, RED
from frontdesk.ui.common.widgets import TIME_FORMAT, action_button, labelled_combo

NUMBER, FROM_DEPT, TO_DEPT, SUBJECT, SENT_AT, REPLY_DUE, STATUS, TIME_LEFT = range(8)
HEADERS = Labels({
    NUMBER: N_("编号"), FROM_DEPT: N_("发函部门"), TO_DEPT: N_("收函部门"), SUBJECT: N_("事由"),
    SENT_AT: N_("发函日期"), REPLY_DUE: N_("回复期限"), STATUS: N_("状态"), TIME_LEFT: N_("剩余时间"),
})
#: A typical cell of each column; the column is made as wide as this or its title.
COLUMN_SAMPLES = {
    NUMBER: "D01-202611-001", FROM_DEPT: "资产管理部", TO_DEPT: "资产管理部", SUBJECT: "3-2-1201 天花板渗水",
    SENT_AT: "2026-11-25 15:00", REPLY_DUE: "2026-11-25 15:00", STATUS: "已发函", TIME_LEFT: "超时完成(超 12小时05分)",
}
DIRECTIONS = Labels({"all": N_("全部"), "sent": N_("本部门发出"), "received": N_("发给本部门")})


class LettersModel(ListTableModel[LetterEntry]):
    """Rows of :class:`LetterEntry`, in the order the service gives them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(HEADERS, parent)

    def row_of(self, letter_id: int) -> int:
        return self.row_where(lambda entry: entry.view.id == letter_id)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        entry = self._rows[index.row()]
        view, clock, column = entry.view, entry.clock, index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(entry, column)
        if role == Qt.ItemDataRole.ToolTipRole and column in (SUBJECT, NUMBER):
            return f"{view.subject}\n{view.body}" if column == SUBJECT else view.complaint_number or None
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == STATUS and view.status == letter_rules.OVERDUE:
                return QColor(RED)
            if column == TIME_LEFT:
                if clock.status in (ClockStatus.OVERDUE, ClockStatus.MISSED):
                    return QColor(RED)
                if clock.status is ClockStatus.WARNING:
                    return QColor(AMBER)
        if role == Qt.ItemDataRole.UserRole:
            return view.id
        return None

    @staticmethod
    def _text(entry: LetterEntry, column: int) -> str:
        view = entry.view
        if column == NUMBER:
            return view.number
        if column == FROM_DEPT:
            return view.from_department_name
        if column == TO_DEPT:
            return view.to_department_name
        if column == SUBJECT:
            return view.subject
        if column == SENT_AT:
            return view.sent_at.strftime(TIME_FORMAT)
        if column == REPLY_DUE:
            return view.reply_due.strftime(TIME_FORMAT)
        if column == STATUS:
            return letter_rules.STATUS_LABELS.get(view.status, view.status)
        if column == TIME_LEFT:
            return describe_remaining(entry.clock)
        return ""


class LettersPage(ListPage):
    """The letters list with its filters, 新建联系函 and opening a letter by double-click or Enter.

    :attr:`count_changed` carries how many letters wait for a reply from the signed-in user's department.
    """

    page_name = "letters_page"
    table_name = "letters_table"
    column_samples = COLUMN_SAMPLES
    stretch_column = SUBJECT
    refresh_ms = 60_000
    watch_kinds = (LETTER,)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        self.awaiting = 0
        super().__init__(ctx, parent)
        self.summary_label = self.message_label
        self.table.verticalHeader().hide()

    def make_model(self) -> LettersModel:
        return LettersModel(self)

    def build_filters(self, row: QHBoxLayout) -> None:
        self.direction_combo = labelled_combo(
            row, _("范围"), "direction_combo", [(label, value) for value, label in DIRECTIONS.items()], self)
        row.addSpacing(12)
        self.status_combo = labelled_combo(
            row, _("状态"), "status_combo",
            [(_("全部状态"), None), *((letter_rules.STATUS_LABELS[v], v) for v in letter_rules.STATUSES)], self)

    def build_buttons(self, row: QHBoxLayout) -> None:
        may_write = letter_rules.may_write(self.ctx.actor)
        self.new_button = action_button(
            _("新建联系函"), "new_button", _("新建工作联系函(Ctrl+L)") if may_write else _("您的角色不能发联系函"), self)
        self.new_button.setEnabled(may_write)
        row.addWidget(self.new_button)

    def connect_signals(self) -> None:
        QShortcut(QKeySequence("Ctrl+L"), self, self.new_letter)
        self.direction_combo.currentIndexChanged.connect(self.reload)
        self.status_combo.currentIndexChanged.connect(self.reload)
        self.new_button.clicked.connect(self.new_letter)

    # --- reading -------------------------------------------------------------------------------

    def query(self) -> tuple:
        return self.direction_combo.currentData(), self.status_combo.currentData()

    @staticmethod
    def fetch(db: Any, actor: Any, direction: str, status: str | None) -> tuple[list[LetterEntry], int]:
        """The letters shown and how many wait for our reply."""
        return letters.entries(db, actor, direction, status), letters.awaiting_reply(db, actor)

    def show_result(self, result: tuple[list[LetterEntry], int]) -> None:
        entries, awaiting = result
        selected = self.current_letter_id()
        self.model.set_rows(entries)
        if selected is not None and (row := self.model.row_of(selected)) >= 0:
            self.table.selectRow(row)
        overdue = sum(1 for e in entries if e.view.status == letter_rules.OVERDUE)
        text = _("共 {n} 份").format(n=len(entries))
        if overdue:
            text += _(",其中 {n} 份已超期").format(n=overdue)
        if self.ctx.actor.department_id is not None:
            text += _(";本部门待回复 {n} 份").format(n=awaiting)
        self.message_label.setText(text)
        self.awaiting = awaiting
        self.count_changed.emit(awaiting)

    # --- opening -------------------------------------------------------------------------------

    def current_letter_id(self) -> int | None:
        row = self.selected_row()
        return self.model.row(row).view.id if 0 <= row < self.model.rowCount() else None

    def form_for(self, row: int) -> tuple[str, int] | None:
        return "letter", self.model.row(row).view.id

    def open_current(self) -> RecordForm | None:
        return self.open_row(self.selected_row())

    def open_letter(self, letter_id: int) -> RecordForm:
        form = open_record(self.ctx, "letter", letter_id, self)
        self.opened.emit(form)
        return form

    def new_letter(self) -> RecordForm | None:
        if not letter_rules.may_write(self.ctx.actor):
            return None
        return open_record(self.ctx, "letter", None, self)
