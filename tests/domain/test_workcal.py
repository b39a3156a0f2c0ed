"""The working-time calendar: the real 2026 holidays, 调休 days, the administrator's table, office hours."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import chinese_calendar
import pytest

from frontdesk.domain.workcal import WorkCalendar


def test_the_library_data_these_tests_rely_on():
    """国庆节 2026: 1–7 October off, Saturday 10 October worked, Sunday 11 October off."""
    assert chinese_calendar.get_holiday_detail(date(2026, 9, 30)) == (False, None)
    for day in range(1, 8):
        assert chinese_calendar.get_holiday_detail(date(2026, 10, day)) == (True, "National Day")
    assert chinese_calendar.get_holiday_detail(date(2026, 10, 8)) == (False, None)
    assert date(2026, 10, 10).weekday() == 5
    assert chinese_calendar.get_holiday_detail(date(2026, 10, 10)) == (False, "National Day")  # 调休上班
    assert chinese_calendar.get_holiday_detail(date(2026, 10, 11)) == (True, None)
    assert chinese_calendar.get_holiday_detail(date(2026, 11, 6)) == (False, None)
    assert chinese_calendar.get_holiday_detail(date(2026, 11, 7)) == (True, None)
    assert chinese_calendar.get_holiday_detail(date(2026, 11, 9)) == (False, None)


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2026, 9, 30), True),
        (date(2026, 10, 1), False),
        (date(2026, 10, 5), False),  # a Monday inside the holiday
        (date(2026, 10, 7), False),
        (date(2026, 10, 8), True),
        (date(2026, 10, 10), True),  # make-up Saturday
        (date(2026, 10, 11), False),
        (date(2026, 9, 20), True),  # make-up Sunday before 国庆节
        (date(2026, 11, 7), False),
    ],
)
def test_working_days_follow_the_library(day, working):
    assert WorkCalendar().is_workday(day) is working


def test_intervals_skip_the_national_day_holiday():
    cal = WorkCalendar()
    spans = list(cal.intervals(datetime(2026, 9, 30, 10, 0), datetime(2026, 10, 9, 0, 0)))
    assert spans == [
        (datetime(2026, 9, 30, 10, 0), datetime(2026, 10, 1, 0, 0)),
        (datetime(2026, 10, 8, 0, 0), datetime(2026, 10, 9, 0, 0)),
    ]


def test_intervals_include_the_make_up_saturday():
    spans = list(WorkCalendar().intervals(datetime(2026, 10, 9, 10, 0), datetime(2026, 10, 13, 0, 0)))
    assert [lo.date() for lo, _hi in spans] == [date(2026, 10, 9), date(2026, 10, 10), date(2026, 10, 12)]


def test_open_ended_intervals_keep_going():
    spans = WorkCalendar().intervals(datetime(2026, 9, 30, 23, 0))
    assert next(spans) == (datetime(2026, 9, 30, 23, 0), datetime(2026, 10, 1, 0, 0))
    assert next(spans) == (datetime(2026, 10, 8, 0, 0), datetime(2026, 10, 9, 0, 0))


def test_office_hours_clip_each_working_day():
    cal = WorkCalendar(day_start=time(8, 30), day_end=time(17, 30))
    spans = list(cal.intervals(datetime(2026, 11, 6, 17, 0), datetime(2026, 11, 10, 12, 0)))
    assert spans == [
        (datetime(2026, 11, 6, 17, 0), datetime(2026, 11, 6, 17, 30)),
        (datetime(2026, 11, 9, 8, 30), datetime(2026, 11, 9, 17, 30)),
        (datetime(2026, 11, 10, 8, 30), datetime(2026, 11, 10, 12, 0)),
    ]
    early = list(cal.intervals(datetime(2026, 11, 9, 6, 0), datetime(2026, 11, 9, 9, 0)))
    assert early == [(datetime(2026, 11, 9, 8, 30), datetime(2026, 11, 9, 9, 0))]
    late = next(cal.intervals(datetime(2026, 11, 9, 20, 0)))
    assert late == (datetime(2026, 11, 10, 8, 30), datetime(2026, 11, 10, 17, 30))


def test_administrator_table_beats_the_library():
    declared = WorkCalendar(overrides={date(2026, 10, 11): True, date(2026, 10, 8): False})
    assert declared.is_workday(date(2026, 10, 11))  # declared 调休上班 although the library says off
    assert not declared.is_workday(date(2026, 10, 8))  # declared 放假 although the library says working
    assert declared.is_workday(date(2026, 10, 9))  # untouched days still come from the library
    spans = list(declared.intervals(datetime(2026, 10, 7, 0, 0), datetime(2026, 10, 12, 0, 0)))
    assert [lo.date() for lo, _hi in spans] == [date(2026, 10, 9), date(2026, 10, 10), date(2026, 10, 11)]


def test_a_year_the_library_does_not_know_falls_back_to_monday_to_friday():
    cal = WorkCalendar()
    assert cal.knows_year(2026)
    assert not cal.knows_year(2040)
    with pytest.raises(NotImplementedError):
        chinese_calendar.is_workday(date(2040, 1, 2))
    week = [date(2040, 1, 1) + timedelta(days=n) for n in range(7)]  # Sunday 1 January … Saturday 7 January
    assert [cal.is_workday(d) for d in week] == [False, True, True, True, True, True, False]
    spans = list(cal.intervals(datetime(2040, 1, 6, 12, 0), datetime(2040, 1, 10, 0, 0)))
    assert [lo.date() for lo, _hi in spans] == [date(2040, 1, 6), date(2040, 1, 9)]


def test_the_administrator_can_cover_an_unknown_year():
    cal = WorkCalendar(overrides={date(2040, 1, 2): False, date(2040, 1, 7): True})
    assert not cal.knows_year(2040)  # a day or two entered does not make the year known
    assert WorkCalendar(overrides=cal.overrides, confirmed_years=frozenset({2040})).knows_year(2040)
    assert not cal.knows_year(2041)
    assert not cal.is_workday(date(2040, 1, 2))
    assert cal.is_workday(date(2040, 1, 7))
    assert cal.is_workday(date(2040, 1, 3))
