"""The complaint register as a lazy table model.

After the browser table of ankitects/anki: the model holds only the ordered list
of complaint ids (one indexed query, run on the task runner by the page) and
fetches the rows themselves a page of :data:`PAGE_SIZE` at a time, when the view
first asks ``data()`` for a row of that page.  Pages are kept in a small LRU
cache, so scrolling through a million complaints keeps a few thousand rows in
memory.

Fetching a page is one primary-key query of 200 rows (a few milliseconds), so it
is done synchronously inside ``data()``; that keeps the model simple and the view
never paints an empty row.  The id query, which filters and sorts the whole
register, is the slow part and never runs here: :meth:`sort` only records the
wish and emits :attr:`sort_requested`, and the page reloads the ids off the UI
thread and hands them back with :meth:`set_ids`.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont

from frontdesk.domain.types import RegisterRow
from frontdesk.domain.vocab import (
    CHANNEL_LABELS,
    GRADE_LABELS,
    STATUS_LABELS,
    VALIDITY_LABELS,
    Channel,
    Grade,
    Status,
    Validity,
    term,
)
from frontdesk.i18n import _
from frontdesk.ui.common import style

PAGE_SIZE = 200
MAX_CACHED_PAGES = 16
CONTENT_PREVIEW = 60

(
    NUMBER, RECEIVED_AT, CHANNEL, COMPLAINANT, PHONE, LOCATION, CATEGORY, DEPARTMENT,
    CONTENT, VALIDITY, GRADE, STATUS, RECEIVER,
) = range(13)
COLUMN_COUNT = 13

#: The services.register.SORT_COLUMNS key of each sortable column.
SORT_KEYS: dict[int, str] = {
    NUMBER: "number",
    RECEIVED_AT: "received_at",
    CHANNEL: "channel",
    COMPLAINANT: "complainant",
    PHONE: "phone",
    LOCATION: "location_text",
    CATEGORY: "category_name",
    DEPARTMENT: "department_name",
    VALIDITY: "validity",
    GRADE: "grade",
    STATUS: "status",
}

MAJOR_COLOR = QColor(style.ERROR)
INVALID_COLOR = QColor(style.HINT)

IdRole = Qt.ItemDataRole.UserRole + 1
RowRole = Qt.ItemDataRole.UserRole + 2

Fetch = Callable[[Sequence[int]], list[RegisterRow]]


def _label(labels: dict, enum: type, value: str) -> str:
    try:
        return labels[enum(value)]
    except ValueError:
        return value


def headers(profile: str) -> list[str]:
    """Column titles, in column order; the location title follows the profile (房号 / 车牌号)."""
    return [
        _("编号"), _("受理时间"), _("渠道"), _("投诉人"), _("联系电话"), term(profile, "location"),
        _("投诉类别"), _("被投诉部门/对象"), _("投诉内容"), _("有效性"), _("级别"), _("状态"), _("受理人"),
    ]


class RegisterModel(QAbstractTableModel):
    """Rows of the register, fetched lazily by id.

    ``fetch(ids)`` returns the :class:`RegisterRow` of those ids (missing ids skipped),
    normally ``lambda ids: register.rows(db, actor, ids)``; the cells show them as given (the
    service has masked the phones of a role that may not see them).
    """

    #: The user clicked a sortable header: ``(SORT_COLUMNS key, descending)``.
    sort_requested = Signal(str, bool)

    def __init__(
        self, fetch: Fetch, profile: str = "property", parent: Any = None
    ) -> None:
        super().__init__(parent)
        self._fetch = fetch
        self._profile = profile
        self._headers = headers(profile)
        self._ids: list[int] = []
        self._pages: OrderedDict[int, list[RegisterRow | None]] = OrderedDict()
        self.pages_fetched = 0
        self.sort_key = "received_at"
        self.sort_descending = True

    # --- the ids -----------------------------------------------------------------------------

    def set_ids(self, ids: Sequence[int]) -> None:
        """Show these complaints, in this order; cached rows are dropped."""
        self.beginResetModel()
        self._ids = list(ids)
        self._pages.clear()
        self.endResetModel()

    def refresh_rows(self) -> None:
        """Drop the cached rows (after an edit) and repaint; the ids stay."""
        self._pages.clear()
        if self._ids:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._ids) - 1, COLUMN_COUNT - 1))

    def ids(self) -> list[int]:
        return list(self._ids)

    def id_at(self, row: int) -> int | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, complaint_id: int) -> int | None:
        try:
            return self._ids.index(complaint_id)
        except ValueError:
            return None

    def row_count(self) -> int:
        return len(self._ids)

    def record(self, row: int) -> RegisterRow | None:
        """The row's data, fetching its page if needed."""
        if not 0 <= row < len(self._ids):
            return None
        page_number, offset = divmod(row, PAGE_SIZE)
        page = self._pages.get(page_number)
        if page is None:
            page = self._load_page(page_number)
        else:
            self._pages.move_to_end(page_number)
        return page[offset]

    def _load_page(self, page_number: int) -> list[RegisterRow | None]:
        page_ids = self._ids[page_number * PAGE_SIZE : (page_number + 1) * PAGE_SIZE]
        found = {r.id: r for r in self._fetch(page_ids)}
        self.pages_fetched += 1
        page: list[RegisterRow | None] = [found.get(i) for i in page_ids]
        self._pages[page_number] = page
        while len(self._pages) > MAX_CACHED_PAGES:
            self._pages.popitem(last=False)
        return page

    # --- Qt model interface --------------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else COLUMN_COUNT

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            if 0 <= section < COLUMN_COUNT:
                return self._headers[section]
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole:
            if section not in SORT_KEYS and 0 <= section < COLUMN_COUNT:
                return _("此列不能排序")
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return section + 1
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        if role == IdRole:
            return self.id_at(row)
        if role not in (
            Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.ForegroundRole,
            Qt.ItemDataRole.FontRole, RowRole,
        ):
            return None
        record = self.record(row)
        if record is None:
            return _("(已删除)") if role == Qt.ItemDataRole.DisplayRole and column == NUMBER else None
        if role == RowRole:
            return record
        if role == Qt.ItemDataRole.DisplayRole:
            return self.display_text(record, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(record, column)
        if role == Qt.ItemDataRole.ForegroundRole:
            if record.grade == Grade.MAJOR:
                return QBrush(MAJOR_COLOR)
            if record.validity != Validity.VALID:
                return QBrush(INVALID_COLOR)
            return None
        if role == Qt.ItemDataRole.FontRole and record.grade == Grade.MAJOR and column in (NUMBER, GRADE):
            font = QFont()
            font.setBold(True)
            return font
        return None

    def display_text(self, record: RegisterRow, column: int) -> str:
        """The cell text of ``record`` in ``column``."""
        if column == NUMBER:
            return record.number
        if column == RECEIVED_AT:
            return record.received_at.strftime("%Y-%m-%d %H:%M")
        if column == CHANNEL:
            return _label(CHANNEL_LABELS, Channel, record.channel)
        if column == COMPLAINANT:
            return record.complainant
        if column == PHONE:
            return record.phone
        if column == LOCATION:
            return record.location_text
        if column == CATEGORY:
            return record.category_name
        if column == DEPARTMENT:
            return " / ".join(p for p in (record.department_name, record.target) if p)
        if column == CONTENT:
            text = " ".join(record.content.split())
            return text if len(text) <= CONTENT_PREVIEW else text[: CONTENT_PREVIEW - 1] + "…"
        if column == VALIDITY:
            return _label(VALIDITY_LABELS, Validity, record.validity)
        if column == GRADE:
            return _label(GRADE_LABELS, Grade, record.grade)
        if column == STATUS:
            return _label(STATUS_LABELS, Status, record.status)
        if column == RECEIVER:
            return record.receiver_name
        return ""

    def _tooltip(self, record: RegisterRow, column: int) -> str | None:
        if column == CONTENT:
            parts = [_("投诉内容:") + record.content]
            if record.demand:
                parts.append(_("客户要求:") + record.demand)
            if record.note:
                parts.append(_("备注:") + record.note)
            return "\n".join(parts)
        if column == VALIDITY and record.validity_note:
            return _("说明:") + record.validity_note
        if column == GRADE and record.grade == Grade.MAJOR:
            return _("重大投诉")
        text = self.display_text(record, column)
        return text or None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Ask for the ids in a new order; the page reloads them off the UI thread."""
        key = SORT_KEYS.get(column)
        if key is None:
            return
        self.sort_key = key
        self.sort_descending = order == Qt.SortOrder.DescendingOrder
        self.sort_requested.emit(key, self.sort_descending)

    def sort_column(self) -> int:
        for column, key in SORT_KEYS.items():
            if key == self.sort_key:
                return column
        return RECEIVED_AT
