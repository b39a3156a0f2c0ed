"""待办: what awaits the signed-in user on disposition forms.

A department handler sees what was dispatched to their department and is not yet
resolved, oldest deadline first, with the time left on the 1 h handling clock.  The
service station (clerk, area manager) and the supervisor choose one of their to-do
lists: to dispatch, to call back, to archive; awaiting the supervisor's opinion.
The list is read again every 30 s and with F5; double-click or Enter opens the form.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from frontdesk.db.engine import Database
from frontdesk.domain import disposition as disposition_rules
from frontdesk.domain.changes import COMPLAINT
from frontdesk.domain.disposition import InboxRow
from frontdesk.domain.permissions import Role
from frontdesk.domain.sla import ClockStatus, describe_remaining
from frontdesk.domain.types import Actor
from frontdesk.domain.vocab import term
from frontdesk.i18n import _
from frontdesk.services import disposition
from frontdesk.ui.common import style
from frontdesk.ui.common.base import AppContext
from frontdesk.ui.common.list_model import ListTableModel
from frontdesk.ui.common.list_page import ListPage
from frontdesk.ui.common.record_form import RecordForm
from frontdesk.ui.common.style import CLOCK_CHIP
from frontdesk.ui.common.widgets import TIME_FORMAT, action_button, labelled_combo

INBOX = "inbox"  # the department's own list (handlers)

NUMBER, RECEIVED_AT, COMPLAINANT, LOCATION, CONTENT, STAGE, DISPATCHED_AT, LIMIT, REMAINING = range(9)

#: A typical cell of each column; the column is made as wide as this or its title.
COLUMN_SAMPLES = {
    NUMBER: "TS-202611-0001", RECEIVED_AT: "2026-11-25 15:00", COMPLAINANT: "欧阳小明",
    LOCATION: "10-2-1201", STAGE: "待填写处理方法", DISPATCHED_AT: "2026-11-25 15:00", LIMIT: "120 分钟",
    REMAINING: "已超时 12小时05分",
}


def limit_text(minutes: int | None) -> str:
    if not minutes:
        return "-"
    if minutes % 60 == 0 and minutes >= 120:
        return _("{h} 小时").format(h=minutes // 60)
    return _("{m} 分钟").format(m=minutes)


class InboxModel(ListTableModel[InboxRow]):
    """Rows of :class:`InboxRow`; the time-left cell coloured amber or red."""

    def __init__(self, profile: str, parent: Any = None) -> None:
        super().__init__([
            _("编号"), _("受理时间"), _("投诉人"), term(profile, "location"), _("内容"), _("进度"),
            _("派单时间"), _("处理时限"), _("剩余时间"),
        ], parent)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(row, column)
        if role == Qt.ItemDataRole.ToolTipRole and column == CONTENT:
            return row.content
        if role == Qt.ItemDataRole.ToolTipRole and column == REMAINING and row.clock is not None:
            deadline = row.clock.deadline
            return _("{label}期限:{at}").format(label=row.clock.label, at=deadline.strftime(TIME_FORMAT)) \
                if deadline else row.clock.label
        if column == REMAINING and row.clock is not None and row.clock.status in (
            ClockStatus.WARNING, ClockStatus.OVERDUE,
        ):
            background, text = CLOCK_CHIP[row.clock.status]
            if role == Qt.ItemDataRole.BackgroundRole:
                return QBrush(QColor(background))
            if role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(QColor(text))
        return None

    @staticmethod
    def text(row: InboxRow, column: int) -> str:
        if column == NUMBER:
            return row.number
        if column == RECEIVED_AT:
            return row.received_at.strftime(TIME_FORMAT)
        if column == COMPLAINANT:
            return row.complainant
        if column == LOCATION:
            return row.location_text
        if column == CONTENT:
            return " ".join(row.content.split())
        if column == STAGE:
            return row.stage
        if column == DISPATCHED_AT:
            return row.dispatched_at.strftime(TIME_FORMAT) if row.dispatched_at else "-"
        if column == LIMIT:
            return limit_text(row.handling_limit_minutes)
        if column == REMAINING:
            return describe_remaining(row.clock) if row.clock is not None else "-"
        return ""

    def id_at(self, row: int) -> int | None:
        return self._rows[row].complaint_id if 0 <= row < len(self._rows) else None


class InboxPage(ListPage):
    """The to-do page; :attr:`count_changed` tells the navigation how many items wait in all."""

    page_name = "inbox_page"
    table_name = "inbox_table"
    column_samples = COLUMN_SAMPLES
    stretch_column = CONTENT
    watch_kinds = (COMPLAINT,)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        self.lists: dict[str, list[InboxRow]] = {}
        self.total = 0
        self.kinds: list[tuple[str, str]] = (
            [(INBOX, _("本部门待处理"))] if ctx.actor.role == Role.HANDLER else disposition_rules.todo_kinds(ctx.actor))
        self.last_form = None
        self._chosen = False
        super().__init__(ctx, parent)
        self.empty_label = self.message_label

    def make_model(self) -> InboxModel:
        return InboxModel(self.ctx.profile, self)

    def build_filters(self, row: QHBoxLayout) -> None:
        self.kind_combo = labelled_combo(row, _("待办类型"), "kind_combo",
                                         [(label, key) for key, label in self.kinds], self)
        self.kind_label = self.findChild(QLabel, "kind_combo_label")
        self.title_label = QLabel(self)
        self.title_label.setObjectName("title_label")
        style.coloured(self.title_label, "", bold=True)
        row.addWidget(self.title_label)
        single = len(self.kinds) <= 1
        self.kind_label.setVisible(not single)
        self.kind_combo.setVisible(not single)

    def build_buttons(self, row: QHBoxLayout) -> None:
        self.open_button = action_button(_("打开处置表"), "open_button", _("打开所选投诉的处置表(回车)"), self)
        row.addWidget(self.open_button)

    def connect_signals(self) -> None:
        self.open_button.clicked.connect(self.open_selected)
        self.kind_combo.currentIndexChanged.connect(lambda _index: self._show_current())

    # --- reading -------------------------------------------------------------------------------

    def current_kind(self) -> str | None:
        return self.kind_combo.currentData()

    def query(self) -> tuple:
        return ([key for key, _label in self.kinds],)

    @staticmethod
    def fetch(db: Database, actor: Actor, kinds: list[str]) -> dict[str, list[InboxRow]]:
        """Every list this user works from."""
        return {kind: disposition.inbox(db, actor) if kind == INBOX else disposition.todo(db, actor, kind)
                for kind in kinds}

    def reload(self) -> None:
        if self.kinds:
            super().reload()
        else:
            self._show_current()

    def show_result(self, lists: dict[str, list[InboxRow]]) -> None:
        self.lists = lists
        for index, (key, label) in enumerate(self.kinds):
            self.kind_combo.setItemText(index, _("{label}({n})").format(label=label, n=len(lists.get(key, []))))
        self.total = sum(len(rows) for rows in lists.values())
        if not self._chosen:  # the first read: open on the first list that has something waiting
            self._chosen = True
            first = next((i for i, (key, _label) in enumerate(self.kinds) if lists.get(key)), None)
            if first is not None and not lists.get(self.current_kind()):
                self.kind_combo.blockSignals(True)
                self.kind_combo.setCurrentIndex(first)
                self.kind_combo.blockSignals(False)
        self._show_current()
        self.count_changed.emit(self.total)

    def _show_current(self) -> None:
        selected = self.selected_id()
        kind = self.current_kind()
        rows = self.lists.get(kind, []) if kind else []
        self.model.set_rows(rows)
        if kind == INBOX and rows:
            self.title_label.setText(_("{department} 待处理的投诉").format(department=rows[0].department_name))
        elif kind == INBOX:
            self.title_label.setText(_("本部门待处理的投诉"))
        else:
            self.title_label.setText("")
        if not self.kinds:
            self.message_label.setText(_("您的角色没有处置表待办事项。"))
        elif not rows:
            self.message_label.setText(_("没有待办的投诉。"))
        else:
            self.message_label.setText(_("共 {n} 条,期限最近的在前;双击或按回车打开处置表").format(n=len(rows)))
        row = self.model.row_where(lambda r: r.complaint_id == selected)
        if row >= 0:
            self.table.selectRow(row)
        self.open_button.setEnabled(bool(rows))

    def selected_id(self) -> int | None:
        return self.model.id_at(self.selected_row())

    # --- opening -------------------------------------------------------------------------------

    def form_for(self, row: int) -> tuple[str, int] | None:
        complaint_id = self.model.id_at(row)
        return ("disposition", complaint_id) if complaint_id is not None else None

    def open_row(self, row: int) -> RecordForm | None:
        self.last_form = super().open_row(row)
        return self.last_form
