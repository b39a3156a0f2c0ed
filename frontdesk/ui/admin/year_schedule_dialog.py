"""全年节假日安排: the administrator enters a year's holidays and make-up working days at once.

When the State Council publishes next year's schedule (usually in November), the bundled
calendar does not know it yet.  One row per holiday: its name, the first and last day
off, and the weekend days worked instead (调休上班, as "02-14, 02-28").  Saving replaces
the year's corrections with these days in one unit of work and marks the year confirmed,
so deadlines in working time across it no longer carry the "not confirmed" note.
"""

from __future__ import annotations

import re
from datetime import date
from functools import partial

from PySide6.QtCore import QDate, QSize, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from frontdesk.domain.errors import ValidationFailed
from frontdesk.domain.workcal import builtin_days, schedule_days
from frontdesk.i18n import N_, _
from frontdesk.services import deadlines
from frontdesk.ui.common import style
from frontdesk.ui.common.base import AppContext, Dialog
from frontdesk.ui.common.tasks import error_text

#: The public holidays of every year, in the order of the State Council's notice.
HOLIDAYS = [N_("元旦"), N_("春节"), N_("清明"), N_("劳动节"), N_("端午"), N_("中秋"), N_("国庆节")]
NAME_COLUMN, FIRST_COLUMN, LAST_COLUMN, WORKDAYS_COLUMN = range(4)
_DAY = re.compile(r"(?:(\d{4})-)?(\d{1,2})-(\d{1,2})")


def parse_workdays(text: str, year: int) -> list[date]:
    """'02-14, 02-28' (or 2027-02-14 …, separated by commas, 、 or spaces) → the days; ValueError names a bad one."""
    days = []
    for part in re.split(r"[,,、;;\s]+", text.strip()):
        if not part:
            continue
        match = _DAY.fullmatch(part)
        if match is None:
            raise ValueError(part)
        try:
            days.append(date(int(match[1] or year), int(match[2]), int(match[3])))
        except ValueError:
            raise ValueError(part) from None
    return days


class YearScheduleDialog(Dialog):
    """One row per holiday; 确定 saves the whole year and confirms it."""

    saved = Signal()

    def __init__(self, ctx: AppContext, year: int, known: list[tuple[date, bool, str]],
                 parent: QWidget | None = None) -> None:
        self.ctx = ctx
        self.year = year
        self._saving = False
        super().__init__(_("{year} 年节假日安排").format(year=year), "year_schedule_dialog", parent,
                         default_size=QSize(760, 480))
        self._fill(known or builtin_days(year))

    def setup_ui(self, layout: QVBoxLayout) -> None:
        explain = QLabel(_("按国务院办公厅发布的通知填写每个节日的放假起止日期和调休上班日"
                           "(如 02-14, 02-28)。不放假的行留空即可。保存后这一年视为已确认。"))
        explain.setWordWrap(True)
        style.as_hint(explain)
        layout.addWidget(explain)
        self.table = QTableWidget(len(HOLIDAYS), 4)
        self.table.setObjectName("schedule_table")
        self.table.setHorizontalHeaderLabels([_("节日"), _("放假开始"), _("放假结束"), _("调休上班日")])
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        row_height = max(self.fontMetrics().height() + 14, QDateEdit().sizeHint().height() + 4)
        self.table.verticalHeader().setDefaultSectionSize(row_height)
        self.names: list[QLineEdit] = []
        self.firsts: list[QDateEdit] = []
        self.lasts: list[QDateEdit] = []
        self.workdays: list[QLineEdit] = []
        for row, name in enumerate(HOLIDAYS):
            name_edit = QLineEdit(_(name))
            name_edit.setMaxLength(20)
            first, last = self._date_edit(f"first_{row}"), self._date_edit(f"last_{row}")
            first.dateChanged.connect(partial(self._first_changed, row))
            workdays = QLineEdit()
            workdays.setObjectName(f"workdays_{row}")
            workdays.setPlaceholderText(_("如 02-14, 02-28"))
            self.table.setCellWidget(row, NAME_COLUMN, name_edit)
            self.table.setCellWidget(row, FIRST_COLUMN, first)
            self.table.setCellWidget(row, LAST_COLUMN, last)
            self.table.setCellWidget(row, WORKDAYS_COLUMN, workdays)
            self.names.append(name_edit)
            self.firsts.append(first)
            self.lasts.append(last)
            self.workdays.append(workdays)
        header = self.table.horizontalHeader()
        metrics = self.fontMetrics()
        header.resizeSection(NAME_COLUMN, metrics.horizontalAdvance("劳动节节日") + 24)
        for column in (FIRST_COLUMN, LAST_COLUMN):
            header.resizeSection(column, metrics.horizontalAdvance("2027-10-10") + 60)
        header.setSectionResizeMode(WORKDAYS_COLUMN, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)
        self.error_label = QLabel()
        self.error_label.setObjectName("error_label")
        self.error_label.setWordWrap(True)
        style.as_error(self.error_label)
        layout.addWidget(self.error_label)

    def _date_edit(self, name: str) -> QDateEdit:
        edit = QDateEdit()
        edit.setObjectName(name)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        edit.setDateRange(QDate(self.year - 1, 12, 31), QDate(self.year, 12, 31))
        edit.setSpecialValueText(_("不放假"))  # shown at the minimum: the row is empty
        edit.setDate(edit.minimumDate())
        return edit

    def _first_changed(self, row: int, value: QDate) -> None:
        """A first day typed in: the last day follows until it is set on its own."""
        last = self.lasts[row]
        if last.date() == last.minimumDate() or last.date() < value:
            last.setDate(value)

    def _fill(self, known: list[tuple[date, bool, str]]) -> None:
        """Rows from the days already known for the year, grouped by name."""
        rows: dict[str, int] = {}
        for day, is_workday, name in known:
            row = rows.get(name)
            if row is None:
                row = next((i for i, edit in enumerate(self.names) if edit.text() == name), None)
                if row is None:
                    row = self.table.rowCount()
                    if row >= len(self.names):
                        continue
                rows[name] = row
            if is_workday:
                text = self.workdays[row].text()
                self.workdays[row].setText((text + ", " if text else "") + day.strftime("%m-%d"))
                continue
            first, last = self.firsts[row], self.lasts[row]
            qday = QDate(day.year, day.month, day.day)
            if first.date() == first.minimumDate() or qday < first.date():
                first.setDate(qday)
            if qday > last.date():
                last.setDate(qday)

    def schedule(self) -> dict[date, tuple[bool, str]]:
        """The days on screen; ValueError with a message naming the row when one is wrong."""
        holidays: list[tuple[str, date, date]] = []
        workdays: list[tuple[str, date]] = []
        for row in range(len(self.names)):
            name = self.names[row].text().strip()
            first, last = self.firsts[row], self.lasts[row]
            empty = first.date() == first.minimumDate()
            if not empty:
                if not name:
                    raise ValueError(_("第 {n} 行:请填写节日名称").format(n=row + 1))
                if last.date() < first.date():
                    raise ValueError(_("{name}:放假结束不能早于放假开始").format(name=name))
                holidays.append((name, first.date().toPython(), last.date().toPython()))
            try:
                days = parse_workdays(self.workdays[row].text(), self.year)
            except ValueError as exc:
                raise ValueError(_("{name}:调休上班日“{day}”看不懂,请写成 月-日,如 02-14").format(
                    name=name or row + 1, day=exc.args[0])) from None
            for day in days:
                if day.year != self.year:
                    raise ValueError(_("{name}:{day} 不在 {year} 年内").format(name=name, day=day, year=self.year))
                if day.weekday() < 5:
                    raise ValueError(_("{name}:{day} 是工作日,调休上班日应是周末").format(name=name, day=day))
                workdays.append((name, day))
        if not holidays:
            raise ValueError(_("请至少填写一个节日的放假日期"))
        return schedule_days(holidays, workdays)

    def accept(self) -> None:
        if self._saving:
            return
        try:
            days = self.schedule()
        except ValueError as exc:
            self.error_label.setText(str(exc))
            return
        self.error_label.clear()
        self._saving = True
        self.button_box.setEnabled(False)
        self.ctx.runner.run_db(deadlines.set_year_schedule, self.ctx.db, self.ctx.actor, self.year, days,
                               on_done=lambda _result: self._saved(), on_error=self._failed)

    def _saved(self) -> None:
        self._saving = False
        self.button_box.setEnabled(True)
        self.saved.emit()
        super().accept()

    def _failed(self, exc: BaseException) -> None:
        self._saving = False
        self.button_box.setEnabled(True)
        self.error_label.setText("; ".join(exc.fields.values()) if isinstance(exc, ValidationFailed)
                                 else error_text(exc))
