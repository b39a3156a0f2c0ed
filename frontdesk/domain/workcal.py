"""Working-time calendar: Chinese public holidays and their make-up working days (调休).

Which days are working days comes, in order, from the administrator's own table
(for years the library does not know, or a local change), then from the
``chinesecalendar`` library, then from the plain week (Monday–Friday).  Within a
working day, working time runs between ``day_start`` and ``day_end`` (the whole
day by default, so a working-time clock simply skips days off).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta

import chinese_calendar
from chinese_calendar.constants import Holiday as _LibraryHoliday

from frontdesk.i18n import N_, _

MAX_DAYS = 3660  # a clock that needs more than ten years of working days is a configuration error


@dataclass(frozen=True)
class WorkCalendar:
    overrides: Mapping[date, bool] = field(default_factory=dict)  # day → is a working day
    day_start: time = time(0, 0)
    day_end: time | None = None  # None: midnight at the end of the day
    #: Years whose whole schedule the administrator has confirmed (the library may not know them yet).
    confirmed_years: frozenset[int] = frozenset()

    def with_hours(self, start: object, end: object) -> WorkCalendar:
        """This calendar with other office hours ("08:30", "17:30"; "24:00" or None for midnight)."""
        def parse(text: object) -> time | None:
            if not text or text == "24:00":
                return None
            hours, minutes = str(text).split(":")
            return time(int(hours), int(minutes))

        if start is None and end is None:
            return self
        return replace(self, day_start=parse(start) or time(0, 0), day_end=parse(end))

    def day_length(self) -> timedelta:
        """How long one working day is (the office hours; 24 hours for the whole day)."""
        start = datetime.combine(date(2000, 1, 3), self.day_start)
        end = datetime.combine(date(2000, 1, 3), self.day_end) if self.day_end else \
            datetime.combine(date(2000, 1, 4), time.min)
        return end - start

    def is_workday(self, day: date) -> bool:
        if day in self.overrides:
            return self.overrides[day]
        try:
            return chinese_calendar.is_workday(day)
        except NotImplementedError:  # a year the library does not cover yet
            return day.weekday() < 5

    def knows_year(self, year: int) -> bool:
        """True when the library covers ``year`` or the administrator confirmed its whole schedule
        (a single corrected day does not make a year known)."""
        if year in self.confirmed_years:
            return True
        try:
            chinese_calendar.is_workday(date(year, 6, 1))
            return True
        except NotImplementedError:
            return False

    def unknown_years(self, start: datetime, end: datetime) -> tuple[int, ...]:
        """The years from ``start`` to ``end`` whose holidays are not known."""
        return tuple(y for y in range(start.year, end.year + 1) if not self.knows_year(y))

    def _window(self, day: date) -> tuple[datetime, datetime]:
        start = datetime.combine(day, self.day_start)
        end = datetime.combine(day, self.day_end) if self.day_end else datetime.combine(day + timedelta(days=1), time.min)
        return start, end

    def intervals(self, start: datetime, end: datetime | None = None) -> Iterator[tuple[datetime, datetime]]:
        """Working intervals from ``start`` on (up to ``end``), clipped to it, in order."""
        day = start.date()
        for _day in range(MAX_DAYS):
            if end is not None and datetime.combine(day, time.min) >= end:
                return
            if self.is_workday(day):
                lo, hi = self._window(day)
                lo, hi = max(lo, start), hi if end is None else min(hi, end)
                if lo < hi:
                    yield lo, hi
            day += timedelta(days=1)


CALENDAR_TIME = None  # clocks with no calendar count every second


#: The library's holiday names as the app says them ("Spring Festival" → 春节).
_HOLIDAY_NAMES = {
    "New Year's Day": N_("元旦"), "Spring Festival": N_("春节"), "Tomb-sweeping Day": N_("清明"),
    "Labour Day": N_("劳动节"), "Dragon Boat Festival": N_("端午"), "Mid-autumn Festival": N_("中秋"),
    "National Day": N_("国庆节"), "Anti-Fascist 70th Day": N_("抗战胜利纪念日"),
}


def holiday_name(library_name: str) -> str:
    """A holiday of the bundled calendar by its name here (a name it adds later: its own Chinese)."""
    if library_name in _HOLIDAY_NAMES:
        return _(_HOLIDAY_NAMES[library_name])
    return next((h.chinese for h in _LibraryHoliday if h.value == library_name), library_name)


def builtin_days(year: int) -> list[tuple[date, bool, str]]:
    """The State Council's schedule of ``year`` as the bundled library has it: (day, is a
    working day, name): the days off of each holiday and the weekend make-up working days (调休);
    empty for a year the library does not cover."""
    from chinese_calendar import constants  # the tables themselves

    days = [(d, False, name) for d, name in constants.holidays.items() if d.year == year]
    days += [(d, True, name) for d, name in constants.workdays.items() if d.year == year]
    return sorted((d, work, holiday_name(name)) for d, work, name in days)


def schedule_days(
    holidays: list[tuple[str, date, date]], workdays: list[tuple[str, date]]
) -> dict[date, tuple[bool, str]]:
    """A year's schedule as typed: each holiday (name, first day, last day) gives its days off,
    each make-up working day its own; day → (is a working day, name)."""
    days: dict[date, tuple[bool, str]] = {}
    for name, first, last in holidays:
        day = first
        while day <= last:
            days[day] = (False, name)
            day += timedelta(days=1)
    for name, day in workdays:
        days[day] = (True, name)
    return days
