"""A table model over a plain list of rows, replaced as a whole when the list is read again.

The board, the letters and the to-do lists each show a short list from one service call;
subclasses give the headers and say what a cell shows (``data``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

Row = TypeVar("Row")
_ROOT = QModelIndex()


class ListTableModel(QAbstractTableModel, Generic[Row]):
    def __init__(self, headers: Sequence[str] | Mapping[int, str], parent: QObject | None = None) -> None:
        """``headers``: the column titles, in order or by column number."""
        super().__init__(parent)
        self.headers = [headers[c] for c in sorted(headers)] if isinstance(headers, Mapping) else list(headers)
        self._rows: list[Row] = []

    def set_rows(self, rows: Sequence[Row]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row(self, index: int) -> Row:
        return self._rows[index]

    def all_rows(self) -> list[Row]:
        return list(self._rows)

    def row_where(self, wanted: Callable[[Row], bool]) -> int:
        """The first row for which ``wanted(row)`` holds, or -1."""
        return next((index for index, row in enumerate(self._rows) if wanted(row)), -1)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:  # noqa: N802 - Qt override
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:  # noqa: N802 - Qt override
        return 0 if parent.isValid() else len(self.headers)

    def headerData(  # noqa: N802 - Qt override
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section] if 0 <= section < len(self.headers) else None
        return None


def size_columns(table: QTableView, samples: Mapping[int, str], stretch: int, padding: int = 18) -> None:
    """Each column as wide as a typical cell (``samples``) or its title; ``stretch`` takes the rest."""
    header = table.horizontalHeader()
    metrics = table.fontMetrics()
    model = table.model()
    for column, sample in samples.items():
        title = str(model.headerData(column, Qt.Orientation.Horizontal) or "")
        header.resizeSection(column, max(metrics.horizontalAdvance(sample), metrics.horizontalAdvance(title)) + padding)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    header.setMinimumSectionSize(40)


def read_only_table(name: str, model: QAbstractTableModel, parent: QWidget) -> QTableView:
    """A table for browsing rows: whole-row single selection, no editing, one line per row."""
    table = QTableView(parent)
    table.setObjectName(name)
    table.setModel(model)
    table.setAlternatingRowColors(True)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setWordWrap(False)
    table.setTextElideMode(Qt.TextElideMode.ElideRight)
    table.verticalHeader().setDefaultSectionSize(parent.fontMetrics().height() + 10)
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    header = table.horizontalHeader()
    header.setHighlightSections(False)
    header.setStretchLastSection(False)
    return table
