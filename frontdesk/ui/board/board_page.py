"""超时看板: every open deadline of complaints and letters, least time left first.

The board is evaluated on the database worker every 30 seconds, so the clocks keep
moving while the application stays open for days.  Each evaluation first lets the
service turn minor complaints unresolved for ten days into major ones, then reads
the board.  Rows near their end are amber, missed ones red, paused ones grey.

Signals: :attr:`BoardPage.counts_changed` ``{'warning', 'overdue', 'total'}`` for the
navigation badge, :attr:`BoardPage.transitions` with the items that newly turned amber
or red since the previous evaluation (for the tray).  A double-click or Enter opens the row's
disposition form or letter through the registry.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QWidget,
)

from frontdesk.db.engine import Database
from frontdesk.domain import wallclock
from frontdesk.domain.changes import COMPLAINT, LETTER, SETTINGS
from frontdesk.domain.sla import ClockState, ClockStatus, describe_remaining, format_duration
from frontdesk.domain.types import Actor, BoardItem, Option
from frontdesk.i18n import N_, Labels, _
from frontdesk.services import deadlines, reference
from frontdesk.ui.common.base import AppContext
from frontdesk.ui.common.list_model import ListTableModel
from frontdesk.ui.common.list_page import ListPage
from frontdesk.ui.common.style import CLOCK_ROW
from frontdesk.ui.common.widgets import labelled_combo

#: How often the board is evaluated again.
REFRESH_MS = 30_000

KIND, NUMBER, TITLE, DEPARTMENT, CLOCK, WHO, DEADLINE, REMAINING, STATUS = range(9)
HEADERS = Labels({
    KIND: N_("类型"), NUMBER: N_("编号"), TITLE: N_("投诉人/事由"), DEPARTMENT: N_("责任部门"), CLOCK: N_("时限"),
    WHO: N_("负责"), DEADLINE: N_("截止时间"), REMAINING: N_("剩余/超时"), STATUS: N_("状态"),
})
#: A typical cell of each column; the column is made as wide as this or its title.
COLUMN_SAMPLES = {
    KIND: "联系函", NUMBER: "TS-202611-0001", TITLE: "欧阳小明", DEPARTMENT: "资产管理部", CLOCK: "重大投诉上报",
    WHO: "受理人/片区经理", DEADLINE: "2026-11-25 15:00", REMAINING: "已暂停(剩余 23小时59分)", STATUS: "即将超时",
}
CELL_PADDING = 16

KIND_LABELS = Labels({"complaint": N_("投诉"), "letter": N_("联系函")})
STATUS_LABELS = Labels({
    ClockStatus.RUNNING: N_("计时中"),
    ClockStatus.WARNING: N_("即将超时"),
    ClockStatus.OVERDUE: N_("已超时"),
    ClockStatus.PAUSED: N_("已暂停"),
    ClockStatus.MET: N_("按时完成"),
    ClockStatus.MISSED: N_("超时完成"),
    ClockStatus.CANCELLED: N_("不再适用"),
})
#: Row colours (background, text): amber near the end, red when missed, grey while paused.
ROW_COLORS = CLOCK_ROW
ALERT_STATUSES = (ClockStatus.WARNING, ClockStatus.OVERDUE)
#: The form a row opens: a complaint's deadlines are on its disposition form.
FORM_OF = {"complaint": "disposition", "letter": "letter"}

ItemKey = tuple[str, int, str, datetime]


def item_key(item: BoardItem) -> ItemKey:
    """What identifies one deadline across evaluations: the record, the clock and its start."""
    state: ClockState = item.clock  # type: ignore[assignment]
    return item.kind, item.record_id, state.key, state.started_at


def status_of(item: BoardItem) -> ClockStatus:
    return item.clock.status  # type: ignore[attr-defined, no-any-return]


def evaluate_board(db: Database, actor: Actor) -> tuple[list[str], list[BoardItem]]:
    """Runs on the database worker: the day-10 upgrades first, then the board, at one moment."""
    moment = wallclock.now()
    upgraded = deadlines.apply_automatic_upgrades(db, actor, moment)
    return upgraded, deadlines.board(db, actor, moment)


class BoardModel(ListTableModel[BoardItem]):
    """The board items shown, in the order given (least time left first)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(HEADERS, parent)

    def row_of(self, key: ItemKey) -> int:
        return next((row for row, item in enumerate(self._rows) if item_key(item) == key), -1)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        item = self._rows[index.row()]
        state: ClockState = item.clock  # type: ignore[assignment]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(item, state, index.column())
        if role == Qt.ItemDataRole.BackgroundRole and state.status in ROW_COLORS:
            return QBrush(QColor(ROW_COLORS[state.status][0]))
        if role == Qt.ItemDataRole.ForegroundRole and state.status in ROW_COLORS:
            return QBrush(QColor(ROW_COLORS[state.status][1]))
        if role == Qt.ItemDataRole.ToolTipRole:
            return _("{label}:{started} 开始计时,时限 {limit}").format(
                label=state.label, started=state.started_at.strftime("%Y-%m-%d %H:%M"),
                limit=format_duration(state.limit))
        return None

    @staticmethod
    def _text(item: BoardItem, state: ClockState, column: int) -> str:
        if column == KIND:
            return KIND_LABELS.get(item.kind, item.kind)
        if column == NUMBER:
            return item.number
        if column == TITLE:
            return item.title
        if column == DEPARTMENT:
            return item.department_name
        if column == CLOCK:
            return state.label
        if column == WHO:
            return state.who
        if column == DEADLINE:
            return state.deadline.strftime("%Y-%m-%d %H:%M") if state.deadline else "—"
        if column == REMAINING:
            return describe_remaining(state)
        if column == STATUS:
            return STATUS_LABELS.get(state.status, str(state.status))
        return ""


class BoardPage(ListPage):
    """The overdue board, evaluated every 30 s on the task runner."""

    page_name = "board_page"
    table_name = "board_table"
    column_samples = COLUMN_SAMPLES
    stretch_column = TITLE
    watch_kinds = (COMPLAINT, LETTER, SETTINGS)

    counts_changed = Signal(dict)  # {'warning': n, 'overdue': n, 'total': n}
    transitions = Signal(list)  # list[BoardItem] that newly turned amber or red
    upgraded = Signal(list)  # numbers of complaints that just became major (day 10)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *, start: bool = True) -> None:
        self.all_items: list[BoardItem] = []
        self.counts: dict[str, int] = {"warning": 0, "overdue": 0, "total": 0}
        self.last_evaluated: datetime | None = None
        self._last_status: dict[ItemKey, ClockStatus] = {}
        self._has_baseline = False
        super().__init__(ctx, parent, start=start)
        self.timer.setObjectName("board_timer")
        self.table.verticalHeader().setVisible(False)
        self.refresh_button.setToolTip(_("立即重新计算所有时限(F5);看板每 30 秒自动刷新"))
        if start:
            self._load_departments()

    def make_model(self) -> BoardModel:
        return BoardModel(self)

    def build_filters(self, row: QHBoxLayout) -> None:
        self.overdue_only_check = QCheckBox(_("只看超时"), self)
        self.overdue_only_check.setObjectName("overdue_only_check")
        self.warning_only_check = QCheckBox(_("只看预警"), self)
        self.warning_only_check.setObjectName("warning_only_check")
        self.warning_only_check.setToolTip(_("只看即将超时的时限;与“只看超时”同时勾选时两者都显示"))
        row.addWidget(self.overdue_only_check)
        row.addWidget(self.warning_only_check)
        row.addSpacing(12)
        self.department_combo = labelled_combo(row, _("责任部门"), "department_combo", [(_("全部"), None)], self)
        self.department_combo.setMinimumWidth(110)

    def build_buttons(self, row: QHBoxLayout) -> None:
        self.summary_label = QLabel(self)
        self.summary_label.setObjectName("summary_label")
        row.addWidget(self.summary_label)

    def connect_signals(self) -> None:
        self.overdue_only_check.toggled.connect(self._apply_filters)
        self.warning_only_check.toggled.connect(self._apply_filters)
        self.department_combo.currentIndexChanged.connect(self._apply_filters)

    def _load_departments(self) -> None:
        self.ctx.runner.run_db(reference.departments, self.ctx.db, True, on_done=self._set_departments,
                               show_errors=False, parent=self)

    def _set_departments(self, options: list[Option]) -> None:
        self._add_department_names([o.name for o in options])

    def _add_department_names(self, names: list[str]) -> None:
        known = {self.department_combo.itemData(i) for i in range(1, self.department_combo.count())}
        for name in names:
            if name and name not in known:
                self.department_combo.addItem(name, name)
                known.add(name)

    # --- evaluation ----------------------------------------------------------------------------

    def evaluate_now(self) -> None:
        """Evaluate the board again on the database worker (at most one evaluation at a time)."""
        self.reload()

    fetch = staticmethod(evaluate_board)

    def show_result(self, result: tuple[list[str], list[BoardItem]]) -> None:
        upgraded, items = result
        self.last_evaluated = wallclock.now()
        self.all_items = items
        changed = self._transitions(items)
        self.counts = deadlines.counts(items)
        self._add_department_names(sorted({i.department_name for i in items}))
        self._apply_filters()
        self.message_label.setText(
            _("每 30 秒自动刷新;双击一行打开投诉或联系函。") + (
                _("刚刚自动转为重大投诉:{numbers}").format(numbers="、".join(upgraded)) if upgraded else ""))
        self.counts_changed.emit(dict(self.counts))
        if upgraded:
            self.upgraded.emit(upgraded)
        if changed:
            self.transitions.emit(changed)

    def _transitions(self, items: list[BoardItem]) -> list[BoardItem]:
        """Items whose amber or red status is new since the previous evaluation.

        The first evaluation only takes note of where things stand: what was already
        late when the application started is on the board, not announced again.
        """
        changed = []
        if self._has_baseline:
            for item in items:
                status = status_of(item)
                if status in ALERT_STATUSES and self._last_status.get(item_key(item)) != status:
                    changed.append(item)
        self._last_status = {item_key(item): status_of(item) for item in items}
        self._has_baseline = True
        return changed

    # --- filters and opening -------------------------------------------------------------------

    def shown_items(self) -> list[BoardItem]:
        statuses: set[ClockStatus] = set()
        if self.overdue_only_check.isChecked():
            statuses.add(ClockStatus.OVERDUE)
        if self.warning_only_check.isChecked():
            statuses.add(ClockStatus.WARNING)
        department = self.department_combo.currentData()
        return [
            item for item in self.all_items
            if (not statuses or status_of(item) in statuses)
            and (department is None or item.department_name == department)
        ]

    def _apply_filters(self) -> None:
        selected = self._selected_key()
        shown = self.shown_items()
        self.model.set_rows(shown)
        if selected is not None and (row := self.model.row_of(selected)) >= 0:
            self.table.selectRow(row)
        self.summary_label.setText(self._summary(len(shown)))

    def _summary(self, shown: int) -> str:
        text = _("超时 {overdue} 条 · 即将超时 {warning} 条 · 共 {total} 条").format(**self.counts)
        if shown != self.counts["total"]:
            text += _("(显示 {shown} 条)").format(shown=shown)
        if self.last_evaluated is not None:
            text += _(" · 更新于 {at}").format(at=self.last_evaluated.strftime("%H:%M:%S"))
        return text

    def _selected_key(self) -> ItemKey | None:
        rows = self.table.selectionModel().selectedRows()
        return item_key(self.model.row(rows[0].row())) if rows else None

    def form_for(self, row: int) -> tuple[str, int] | None:
        item = self.model.row(row)
        return FORM_OF[item.kind], item.record_id
