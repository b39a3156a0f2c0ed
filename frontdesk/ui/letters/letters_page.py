"""工作联系函: the list of work contact letters (Z-QR-025) with their states and time left.

The list is read on the task runner, earliest reply deadline first, and read again
every minute and on F5, so a letter turns red by itself once its deadline passes.
:attr:`LettersPage.count_changed` carries how many letters wait for a reply from
the signed-in user's department, for the count beside the navigation entry.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from frontdesk.domain import letter as letter_rules
from frontdesk.domain.changes import LETTER
from frontdesk.domain.letter import LetterEntry
from frontdesk.domain.sla import ClockStatus, describe_remaining
from frontdesk.i18n import N_, Labels, _
from frontdesk.services import letters
from frontdesk.ui.common import style
from frontdesk.ui.common.base import AppContext
from frontdesk.ui.common.list_model import ListTableModel, read_only_table
from frontdesk.ui.common.record_form import RecordForm
from frontdesk.ui.common.registry import open_record
from frontdesk.ui.common.style import AMBER, RED
from frontdesk.ui.common.watch import ChangeWatcher

REFRESH_MS = 60_000
TIME_FORMAT = "%Y-%m-%d %H:%M"

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
        super().__init__([HEADERS[column] for column in sorted(HEADERS)], parent)

    def set_entries(self, entries: list[LetterEntry]) -> None:
        self.set_rows(entries)

    def entry(self, row: int) -> LetterEntry:
        return self.row(row)

    def row_of(self, letter_id: int) -> int:
        return next((i for i, e in enumerate(self._rows) if e.view.id == letter_id), -1)

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


def _load(db: Any, actor: Any, direction: str, status: str | None) -> tuple[list[LetterEntry], int]:
    """Runs on the database worker: the letters shown and how many wait for our reply."""
    return letters.entries(db, actor, direction, status), letters.awaiting_reply(db, actor)


class LettersPage(QWidget):
    """The letters list with its filters, 新建联系函 and opening a letter by double-click or Enter."""

    count_changed = Signal(int)  # letters waiting for a reply from the signed-in user's department
    loaded = Signal()  # after every reload (tests, status bar)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("letters_page")
        self.ctx = ctx
        self.awaiting = 0
        self._generation = 0
        self._loading = False
        self.model = LettersModel(self)
        self.refresh_timer = QTimer(self)
        self.refresh_timer.setInterval(REFRESH_MS)
        self._build()
        self._connect()
        self.watcher = ChangeWatcher(self, ctx.runner, (LETTER,), self.reload)
        self.refresh_timer.start()
        self.reload()

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        top = QHBoxLayout()
        top.addWidget(QLabel(_("范围")))
        self.direction_combo = QComboBox()
        self.direction_combo.setObjectName("direction_combo")
        for value, label in DIRECTIONS.items():
            self.direction_combo.addItem(label, value)
        top.addWidget(self.direction_combo)
        top.addSpacing(12)
        top.addWidget(QLabel(_("状态")))
        self.status_combo = QComboBox()
        self.status_combo.setObjectName("status_combo")
        self.status_combo.addItem(_("全部状态"), None)
        for value in letter_rules.STATUSES:
            self.status_combo.addItem(letter_rules.STATUS_LABELS[value], value)
        top.addWidget(self.status_combo)
        top.addStretch(1)
        self.new_button = QPushButton(_("新建联系函"))
        self.new_button.setObjectName("new_button")
        self.new_button.setToolTip(_("新建工作联系函(Ctrl+L)"))
        self.refresh_button = QPushButton(_("刷新"))
        self.refresh_button.setObjectName("refresh_button")
        self.refresh_button.setToolTip(_("刷新(F5)"))
        top.addWidget(self.new_button)
        top.addWidget(self.refresh_button)
        layout.addLayout(top)

        self.table = read_only_table("letters_table", self.model, self)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        metrics = self.table.fontMetrics()
        for column, sample in COLUMN_SAMPLES.items():
            width = max(metrics.horizontalAdvance(sample), metrics.horizontalAdvance(HEADERS[column]))
            self.table.setColumnWidth(column, width + 18)
        header.setSectionResizeMode(SUBJECT, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)

        self.summary_label = QLabel()
        self.summary_label.setObjectName("summary_label")
        style.as_hint(self.summary_label)
        layout.addWidget(self.summary_label)

        self.new_button.setEnabled(letter_rules.may_write(self.ctx.actor))
        if not self.new_button.isEnabled():
            self.new_button.setToolTip(_("您的角色不能发联系函"))
        self.new_shortcut = QShortcut(QKeySequence("Ctrl+L"), self)
        self.refresh_shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Refresh), self)
        self.open_shortcut = QShortcut(QKeySequence(Qt.Key.Key_Return), self.table)
        self.open_shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)

    def _connect(self) -> None:
        self.direction_combo.currentIndexChanged.connect(self.reload)
        self.status_combo.currentIndexChanged.connect(self.reload)
        self.new_button.clicked.connect(self.new_letter)
        self.refresh_button.clicked.connect(self.reload)
        self.new_shortcut.activated.connect(self.new_letter)
        self.refresh_shortcut.activated.connect(self.reload)
        self.open_shortcut.activated.connect(self.open_current)
        self.table.doubleClicked.connect(lambda index: self.open_letter(self.model.entry(index.row()).view.id))
        self.refresh_timer.timeout.connect(self.reload)

    # --- loading -------------------------------------------------------------------------------

    def reload(self) -> None:
        self._generation += 1
        self._loading = True
        generation = self._generation
        self.ctx.runner.run_db(
            _load, self.ctx.db, self.ctx.actor, self.direction_combo.currentData(), self.status_combo.currentData(),
            on_done=lambda result, g=generation: self._loaded(g, result), parent=self,
        )

    def _loaded(self, generation: int, result: tuple[list[LetterEntry], int]) -> None:
        if generation != self._generation:
            return  # a newer filter was chosen meanwhile
        self._loading = False
        entries, awaiting = result
        selected = self.current_letter_id()
        self.model.set_entries(entries)
        if selected is not None and (row := self.model.row_of(selected)) >= 0:
            self.table.selectRow(row)
        overdue = sum(1 for e in entries if e.view.status == letter_rules.OVERDUE)
        text = _("共 {n} 份").format(n=len(entries))
        if overdue:
            text += _(",其中 {n} 份已超期").format(n=overdue)
        if self.ctx.actor.department_id is not None:
            text += _(";本部门待回复 {n} 份").format(n=awaiting)
        self.summary_label.setText(text)
        if awaiting != self.awaiting:
            self.awaiting = awaiting
        self.count_changed.emit(awaiting)
        self.loaded.emit()

    def is_loading(self) -> bool:
        return self._loading

    # --- opening -------------------------------------------------------------------------------

    def current_letter_id(self) -> int | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        return self.model.entry(index.row()).view.id

    def open_current(self) -> None:
        letter_id = self.current_letter_id()
        if letter_id is not None:
            self.open_letter(letter_id)

    def open_letter(self, letter_id: int) -> RecordForm:
        return open_record(self.ctx, "letter", letter_id, self)

    def new_letter(self) -> RecordForm | None:
        if not letter_rules.may_write(self.ctx.actor):
            return None
        return open_record(self.ctx, "letter", None, self)
