"""The one pattern for a page that lists records read by one service call (the to-do lists,
the letters, the overdue board; see docs/architecture.md).

A :class:`ListPage` has its filters and buttons on top, then the table (columns as wide as a
typical cell), then a line that says what is shown.  It reads its rows on the database
worker with :meth:`ListPage.fetch` — again on F5, on its timer and after any write to the
record kinds it shows — one read at a time, and opens the selected row's form through the
registry on Enter or a double-click.  A read that fails says so on the page instead of a
dialog every few seconds.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from PySide6.QtCore import QModelIndex, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from frontdesk.i18n import _
from frontdesk.ui.common import style
from frontdesk.ui.common.base import AppContext
from frontdesk.ui.common.list_model import ListTableModel, read_only_table, size_columns
from frontdesk.ui.common.record_form import RecordForm
from frontdesk.ui.common.registry import open_record
from frontdesk.ui.common.tasks import error_text
from frontdesk.ui.common.watch import ChangeWatcher
from frontdesk.ui.common.widgets import action_button


class ListPage(QWidget):
    """Base of the list pages; a page provides the model, its filters, the read and how to show it."""

    #: Object names of the page and its table.
    page_name: ClassVar[str] = "list_page"
    table_name: ClassVar[str] = "list_table"
    #: A typical cell of each column (the column is made as wide as this or its title), and the
    #: column that takes the spare width.
    column_samples: ClassVar[Mapping[int, str]] = {}
    stretch_column: ClassVar[int] = 0
    #: Read again this often, and after writes to these record kinds.
    refresh_ms: ClassVar[int] = 30_000
    watch_kinds: ClassVar[tuple[str, ...]] = ()

    #: How many items wait for the signed-in user, for the count beside the navigation entry.
    count_changed = Signal(int)
    #: After every read (tests, status bar).
    loaded = Signal()
    #: The form a row opened.
    opened = Signal(object)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *, start: bool = True) -> None:
        super().__init__(parent)
        self.setObjectName(self.page_name)
        self.ctx = ctx
        self._busy = False
        self._again = False
        self.model = self.make_model()
        self.timer = QTimer(self)
        self.timer.setInterval(self.refresh_ms)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        top = QHBoxLayout()
        self.build_filters(top)
        top.addStretch(1)
        self.build_buttons(top)
        self.refresh_button = action_button(
            _("刷新"), "refresh_button",
            _("重新读取(F5);每 {n} 秒自动刷新").format(n=self.refresh_ms // 1000), self)
        top.addWidget(self.refresh_button)
        layout.addLayout(top)
        self.table = read_only_table(self.table_name, self.model, self)
        size_columns(self.table, self.column_samples, self.stretch_column)
        layout.addWidget(self.table, 1)
        self.message_label = style.as_hint(QLabel(self))
        self.message_label.setObjectName("message_label")
        self.message_label.setWordWrap(True)
        layout.addWidget(self.message_label)

        QShortcut(QKeySequence("F5"), self, self.reload)
        self.timer.timeout.connect(self.reload)
        self.refresh_button.clicked.connect(self.reload)
        self.table.activated.connect(self._open_index)
        self.watcher = ChangeWatcher(self, ctx.runner, self.watch_kinds, self.reload)
        self.connect_signals()
        if start:
            self.timer.start()
            self.reload()

    # ------------------------------------------------------------------ what a page provides

    def make_model(self) -> ListTableModel:
        raise NotImplementedError

    def build_filters(self, row: QHBoxLayout) -> None:
        """Filters on the left of the top row."""

    def build_buttons(self, row: QHBoxLayout) -> None:
        """Buttons on the right of the top row, before 刷新."""

    def connect_signals(self) -> None:
        """Connect the page's own widgets (called once, after everything is built)."""

    def query(self) -> tuple:
        """What :meth:`fetch` needs besides the database and the user (the filters as chosen)."""
        return ()

    @staticmethod
    def fetch(db: Any, actor: Any, *query: Any) -> Any:
        """Read the rows; runs on the database worker, so no widget here."""
        raise NotImplementedError

    def show_result(self, result: Any) -> None:
        """Show what :meth:`fetch` returned."""
        raise NotImplementedError

    def form_for(self, row: int) -> tuple[str, int] | None:
        """The registry's kind and the record id a row opens (``None``: nothing)."""
        return None

    # ------------------------------------------------------------------ reading

    def reload(self) -> None:
        """Read again on the database worker; while a read is on its way, once more after it."""
        if self._busy:
            self._again = True
            return
        self._busy = True
        self.ctx.runner.run_db(self.fetch, self.ctx.db, self.ctx.actor, *self.query(),
                               on_done=self._fetched, on_error=self._failed, parent=self)

    def is_loading(self) -> bool:
        return self._busy

    def _fetched(self, result: Any) -> None:
        self._busy = False
        style.as_hint(self.message_label)
        self.show_result(result)
        self.loaded.emit()
        self._read_again()

    def _failed(self, exc: BaseException) -> None:
        self._busy = False
        style.as_error(self.message_label)
        self.message_label.setText(_("未能读取:{error}").format(error=error_text(exc)))
        self.loaded.emit()
        self._read_again()

    def _read_again(self) -> None:
        if self._again:
            self._again = False
            self.reload()

    # ------------------------------------------------------------------ opening

    def selected_row(self) -> int:
        return self.table.currentIndex().row()

    def open_selected(self) -> RecordForm | None:
        row = self.selected_row()
        return self.open_row(row if row >= 0 else 0)

    def open_row(self, row: int) -> RecordForm | None:
        target = self.form_for(row) if 0 <= row < self.model.rowCount() else None
        if target is None:
            return None
        form = open_record(self.ctx, target[0], target[1], self)
        self.opened.emit(form)
        return form

    def _open_index(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_row(index.row())
