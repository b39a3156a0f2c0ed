"""The clock engine (SPEC §2.4) on plain event lists: every boundary of every rule."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest

from frontdesk.domain.sla import (
    RULES,
    ClockState,
    ClockStatus,
    Event,
    Mode,
    describe_remaining,
    evaluate,
    format_duration,
    rules_with_settings,
)
from frontdesk.domain.workcal import WorkCalendar

T0 = datetime(2026, 11, 2, 9, 0)  # a Monday, far from any holiday


def after(hours: int = 0, minutes: int = 0, seconds: int = 0, days: int = 0) -> datetime:
    return T0 + timedelta(days=days, hours=hours, minutes=minutes, seconds=seconds)


def clocks_of(key: str, events: list[Event], now: datetime, rules=None, calendar=None,  # noqa: ANN001
              warn: float = 0.2) -> list[ClockState]:
    return [s for s in evaluate(events, now, rules, calendar, warn) if s.key == key]


def clock_of(key: str, events: list[Event], now: datetime, rules=None, calendar=None,  # noqa: ANN001
             warn: float = 0.2) -> ClockState:
    found = clocks_of(key, events, now, rules, calendar, warn)
    assert len(found) == 1, found
    return found[0]


# -- handling method: 1 h from the dispatch ----------------------------------------------------------

@pytest.mark.parametrize(
    ("written_after", "status"),
    [
        (timedelta(minutes=59, seconds=59), ClockStatus.MET),
        (timedelta(hours=1), ClockStatus.MET),
        (timedelta(hours=1, seconds=1), ClockStatus.MISSED),
    ],
)
def test_handling_method_met_up_to_exactly_one_hour(written_after, status):
    events = [Event("received", T0), Event("dispatched", T0), Event("method_signed", T0 + written_after)]
    state = clock_of("handling_method", events, after(days=3))
    assert state.status is status
    assert state.started_at == T0
    assert state.deadline == after(hours=1)
    assert state.stopped_at == T0 + written_after
    assert state.spent == written_after
    assert state.limit == timedelta(hours=1)
    assert not state.is_open


@pytest.mark.parametrize(
    ("elapsed", "status"),
    [
        (timedelta(minutes=30), ClockStatus.RUNNING),
        (timedelta(minutes=47, seconds=59), ClockStatus.RUNNING),
        (timedelta(minutes=48), ClockStatus.WARNING),  # the last 20 % of the hour
        (timedelta(minutes=59, seconds=59), ClockStatus.WARNING),
        (timedelta(hours=1), ClockStatus.WARNING),  # not yet missed at exactly the limit
        (timedelta(hours=1, seconds=1), ClockStatus.OVERDUE),
        (timedelta(days=5), ClockStatus.OVERDUE),
    ],
)
def test_open_handling_clock_turns_amber_in_its_last_fifth_and_red_after_the_hour(elapsed, status):
    state = clock_of("handling_method", [Event("dispatched", T0)], T0 + elapsed)
    assert state.status is status
    assert state.is_open
    assert state.deadline == after(hours=1)
    assert state.spent == elapsed
    assert state.remaining == timedelta(hours=1) - elapsed
    assert state.stopped_at is None


def test_warning_share_is_a_setting():
    events = [Event("dispatched", T0)]
    assert clock_of("handling_method", events, after(minutes=29, seconds=59), warn=0.5).status is ClockStatus.RUNNING
    assert clock_of("handling_method", events, after(minutes=30), warn=0.5).status is ClockStatus.WARNING


def test_a_deadline_met_late_stays_missed_for_ever():
    events = [Event("dispatched", T0), Event("method_signed", after(hours=1, seconds=1))]
    for now in (after(hours=1, seconds=1), after(hours=2), after(days=400)):
        state = clock_of("handling_method", events, now)
        assert state.status is ClockStatus.MISSED
        assert state.spent == timedelta(hours=1, seconds=1)
        assert not state.is_open


def test_a_dispatch_carrying_its_own_limit_overrides_the_rule():
    events = [Event("dispatched", T0, limit=timedelta(hours=4))]
    state = clock_of("handling_method", events, after(hours=1, minutes=30))
    assert state.limit == timedelta(hours=4)
    assert state.deadline == after(hours=4)
    assert state.status is ClockStatus.RUNNING
    written = [*events, Event("method_signed", after(hours=3, minutes=59))]
    assert clock_of("handling_method", written, after(days=1)).status is ClockStatus.MET
    shorter = [Event("dispatched", T0, limit=timedelta(minutes=30)), Event("method_signed", after(minutes=31))]
    assert clock_of("handling_method", shorter, after(days=1)).status is ClockStatus.MISSED


def test_a_re_dispatch_starts_a_second_instance():
    events = [
        Event("dispatched", T0),
        Event("method_signed", after(minutes=40)),
        Event("dispatched", after(hours=5), limit=timedelta(hours=2)),
    ]
    first, second = clocks_of("handling_method", events, after(hours=6))
    assert (first.started_at, first.status, first.stopped_at) == (T0, ClockStatus.MET, after(minutes=40))
    assert second.started_at == after(hours=5)
    assert second.limit == timedelta(hours=2)
    assert second.deadline == after(hours=7)
    assert second.status is ClockStatus.RUNNING
    assert second.spent == timedelta(hours=1)
    written = [*events, Event("method_signed", after(hours=7, seconds=1))]
    first, second = clocks_of("handling_method", written, after(hours=8))
    assert first.status is ClockStatus.MET
    assert second.status is ClockStatus.MISSED
    assert second.stopped_at == after(hours=7, seconds=1)


@pytest.mark.parametrize(
    ("handed_on_after", "first_status"),
    [(timedelta(minutes=30), ClockStatus.MET), (timedelta(hours=1, minutes=30), ClockStatus.MISSED)],
)
def test_a_re_dispatch_before_any_method_ends_the_first_departments_clock(handed_on_after, first_status):
    events = [Event("dispatched", T0), Event("dispatched", T0 + handed_on_after)]  # escalated elsewhere
    first, second = clocks_of("handling_method", events, after(hours=2))
    assert first.stopped_at == T0 + handed_on_after
    assert first.status is first_status
    assert not first.is_open
    assert second.started_at == T0 + handed_on_after
    assert second.is_open
    assert second.deadline == T0 + handed_on_after + timedelta(hours=1)
    written = [*events, Event("method_signed", after(hours=2))]
    first_again, second = clocks_of("handling_method", written, after(hours=3))
    assert first_again == first
    assert second.stopped_at == after(hours=2)


# -- major complaints: 10 min report, 12 h resolution -----------------------------------------------

def test_no_major_clocks_for_a_minor_complaint():
    keys = {s.key for s in evaluate([Event("received", T0), Event("dispatched", T0)], after(hours=1))}
    assert keys == {"feedback", "handling_method", "minor_to_major"}


@pytest.mark.parametrize(
    ("reported_after", "status"),
    [
        (timedelta(minutes=9, seconds=59), ClockStatus.MET),
        (timedelta(minutes=10), ClockStatus.MET),
        (timedelta(minutes=10, seconds=1), ClockStatus.MISSED),
        (timedelta(minutes=11), ClockStatus.MISSED),
    ],
)
def test_major_report_within_ten_minutes_of_becoming_major(reported_after, status):
    became = after(hours=3)  # upgraded three hours after it was received
    events = [Event("received", T0), Event("became_major", became),
              Event("reported_major", became + reported_after)]
    state = clock_of("major_report", events, after(days=2))
    assert state.started_at == became
    assert state.deadline == became + timedelta(minutes=10)
    assert state.status is status


def test_open_major_report_clock():
    events = [Event("received", T0), Event("became_major", T0)]
    assert clock_of("major_report", events, after(minutes=7, seconds=59)).status is ClockStatus.RUNNING
    assert clock_of("major_report", events, after(minutes=8)).status is ClockStatus.WARNING
    assert clock_of("major_report", events, after(minutes=10)).status is ClockStatus.WARNING
    assert clock_of("major_report", events, after(minutes=10, seconds=1)).status is ClockStatus.OVERDUE


@pytest.mark.parametrize(
    ("resolved_after", "status"),
    [
        (timedelta(hours=11, minutes=59, seconds=59), ClockStatus.MET),
        (timedelta(hours=12), ClockStatus.MET),
        (timedelta(hours=12, seconds=1), ClockStatus.MISSED),
    ],
)
def test_major_resolution_within_twelve_hours(resolved_after, status):
    events = [Event("received", T0), Event("became_major", T0), Event("resolved", T0 + resolved_after)]
    state = clock_of("major_resolution", events, after(days=2))
    assert state.deadline == after(hours=12)
    assert state.status is status


def test_open_major_resolution_clock():
    events = [Event("received", T0), Event("became_major", T0), Event("reported_major", after(minutes=5))]
    assert clock_of("major_report", events, after(hours=1)).status is ClockStatus.MET
    state = clock_of("major_resolution", events, after(hours=9))
    assert state.status is ClockStatus.RUNNING
    assert state.remaining == timedelta(hours=3)
    assert clock_of("major_resolution", events, after(hours=9, minutes=36)).status is ClockStatus.WARNING
    assert clock_of("major_resolution", events, after(hours=12, seconds=1)).status is ClockStatus.OVERDUE


# -- first feedback: 24 h, stopped by feedback, resolution or closing ---------------------------------

@pytest.mark.parametrize("stop_kind", ["feedback", "resolved", "closed"])
def test_feedback_clock_stopped_by_feedback_resolution_or_closing(stop_kind):
    met = [Event("received", T0), Event(stop_kind, after(hours=24))]
    state = clock_of("feedback", met, after(days=3))
    assert state.status is ClockStatus.MET
    assert state.stopped_at == after(hours=24)
    assert state.deadline == after(hours=24)
    late = [Event("received", T0), Event(stop_kind, after(hours=24, seconds=1))]
    assert clock_of("feedback", late, after(days=3)).status is ClockStatus.MISSED


def test_feedback_clock_not_stopped_by_other_steps():
    events = [Event("received", T0), Event("dispatched", after(hours=1)), Event("method_signed", after(hours=2)),
              Event("reported_major", after(hours=3))]
    state = clock_of("feedback", events, after(hours=20))
    assert state.status is ClockStatus.WARNING
    assert state.remaining == timedelta(hours=4)
    assert clock_of("feedback", events, after(hours=24, seconds=1)).status is ClockStatus.OVERDUE


# -- minor becomes major on day 10 ------------------------------------------------------------------

def test_minor_to_major_due_at_exactly_ten_days():
    events = [Event("received", T0)]
    before = clock_of("minor_to_major", events, after(days=10) - timedelta(seconds=1))
    assert before.spent < before.limit
    assert before.status is ClockStatus.WARNING
    due = clock_of("minor_to_major", events, after(days=10))
    assert due.deadline == after(days=10)
    assert due.spent == due.limit == timedelta(days=10)
    assert clock_of("minor_to_major", events, after(days=10, seconds=1)).status is ClockStatus.OVERDUE


@pytest.mark.parametrize("stop_kind", ["resolved", "closed"])
def test_minor_to_major_stops_when_resolved_or_closed(stop_kind):
    events = [Event("received", T0), Event(stop_kind, after(days=9, hours=23))]
    state = clock_of("minor_to_major", events, after(days=30))
    assert state.status is ClockStatus.MET
    assert not state.is_open


def test_minor_to_major_does_not_apply_while_the_complaint_is_major():
    events = [Event("received", T0), Event("became_major", after(hours=1))]
    assert not clock_of("minor_to_major", events, after(days=2)).applies
    corrected = [*events, Event("became_minor", after(hours=2))]  # a grade corrected by hand
    state = clock_of("minor_to_major", corrected, after(days=10, seconds=1))
    assert state.applies and state.status is ClockStatus.OVERDUE  # still ten days from receipt


# -- a failed verification: resolved "reasonably" only when the customer accepts it ------------------

def test_a_rejected_resolution_resumes_the_ten_days_from_where_they_stood():
    events = [Event("received", T0), Event("resolved", after(days=9, hours=23, minutes=59)),
              Event("reopened", after(days=10, hours=2))]
    state = clock_of("minor_to_major", events, after(days=10, hours=2))
    assert state.is_open and state.remaining == timedelta(minutes=1)
    assert state.deadline == after(days=10, hours=2, minutes=1)
    assert clock_of("minor_to_major", events, after(days=20)).status is ClockStatus.OVERDUE
    # resolved again, accepted this time: stopped for good with the time it took
    done = [*events, Event("resolved", after(days=10, hours=2, minutes=30))]
    assert clock_of("minor_to_major", done, after(days=30)).status is ClockStatus.MISSED


def test_a_rejected_resolution_resumes_the_twelve_hours_of_a_major_complaint():
    events = [Event("received", T0), Event("became_major", T0), Event("resolved", after(hours=11)),
              Event("reopened", after(hours=20))]
    state = clock_of("major_resolution", events, after(hours=20, minutes=30))
    assert state.is_open and state.spent == timedelta(hours=11, minutes=30)
    assert clock_of("major_resolution", events, after(hours=21, seconds=1)).status is ClockStatus.OVERDUE


def test_made_major_after_the_work_was_done_the_twelve_hours_are_met_at_once():
    events = [Event("received", T0), Event("resolved", after(hours=3)), Event("became_major", after(hours=5))]
    state = clock_of("major_resolution", events, after(days=2))
    assert state.status is ClockStatus.MET and state.spent == timedelta(0)
    reopened = [*events, Event("reopened", after(hours=8))]  # the customer rejects it: twelve hours from then
    assert clock_of("major_resolution", reopened, after(hours=8)).deadline == after(hours=20)


# -- a grade corrected by hand -------------------------------------------------------------------------

def test_the_major_clocks_end_when_a_complaint_is_corrected_to_minor():
    events = [Event("received", T0), Event("became_major", T0), Event("became_minor", after(hours=1))]
    for key in ("major_report", "major_resolution"):
        state = clock_of(key, events, after(days=1))
        assert state.status is ClockStatus.CANCELLED and not state.is_open
        assert describe_remaining(state) == "不再适用"
    upgraded_again = [*events, Event("became_major", after(hours=5))]
    states = clocks_of("major_report", upgraded_again, after(hours=5, minutes=5))
    assert [s.status for s in states] == [ClockStatus.CANCELLED, ClockStatus.RUNNING]


# -- the rule in force when a clock started ------------------------------------------------------------

def test_a_clock_keeps_the_rule_it_started_under():
    kept = {"feedback": RULES["feedback"].snapshot()}
    events = [Event("received", T0, rules=kept), Event("feedback", after(hours=20))]
    tightened = rules_with_settings({"feedback": {"limit_minutes": 12 * 60}})
    assert clock_of("feedback", events, after(days=30), tightened).status is ClockStatus.MET
    # a record from before rules were kept counts with the rules in force now
    older = [Event("received", T0), Event("feedback", after(hours=20))]
    assert clock_of("feedback", older, after(days=30), tightened).status is ClockStatus.MISSED


def test_withdrawing_pause_permission_keeps_earlier_pauses_and_lets_a_paused_clock_resume():
    allowed = rules_with_settings({"feedback": {"limit_minutes": 24 * 60, "pausable": True}})
    kept = {"feedback": allowed["feedback"].snapshot()}
    events = [Event("received", T0, rules=kept), Event("paused", after(hours=10), clock="feedback"),
              Event("resumed", after(hours=35), clock="feedback"), Event("feedback", after(hours=40))]
    state = clock_of("feedback", events, after(days=5), RULES)  # pausing no longer allowed
    assert state.spent == timedelta(hours=15) and state.status is ClockStatus.MET


# -- limits keep their unit -----------------------------------------------------------------------------

def test_ten_days_in_working_time_are_ten_working_days_whatever_the_office_hours():
    working = rules_with_settings({"minor_to_major": {"limit_minutes": 10 * 1440, "unit": "days",
                                                      "mode": "working"}})
    office = WorkCalendar(day_start=time(8, 30), day_end=time(17, 30))
    received = datetime(2026, 11, 2, 8, 30)  # Monday morning
    state = clock_of("minor_to_major", [Event("received", received)], received, working, office)
    assert state.limit == timedelta(hours=90)  # ten office days of nine hours
    assert state.deadline == datetime(2026, 11, 13, 17, 30)  # the end of the tenth working day


def test_hours_in_working_time_are_working_hours():
    working = rules_with_settings({"feedback": {"limit_minutes": 24 * 60, "unit": "hours", "mode": "working"}})
    office = WorkCalendar(day_start=time(8, 30), day_end=time(17, 30))
    state = clock_of("feedback", [Event("received", datetime(2026, 11, 2, 8, 30))], datetime(2026, 11, 2, 9, 0),
                     working, office)
    assert state.limit == timedelta(hours=24)
    assert state.deadline == datetime(2026, 11, 4, 14, 30)  # 9 + 9 + 6 working hours


# -- a year nobody has confirmed ----------------------------------------------------------------------

def test_a_working_time_clock_crossing_an_unconfirmed_year_says_so():
    working = rules_with_settings({"feedback": {"limit_minutes": 24 * 60, "mode": "working"}})
    events = [Event("received", datetime(2050, 12, 31, 12, 0))]
    state = clock_of("feedback", events, datetime(2050, 12, 31, 13, 0), working)
    assert state.unknown_years == (2050, 2051)
    known = WorkCalendar(confirmed_years=frozenset({2050, 2051}))
    assert clock_of("feedback", events, datetime(2050, 12, 31, 13, 0), working, known).unknown_years == ()
    assert clock_of("feedback", [Event("received", T0)], after(hours=1)).unknown_years == ()  # calendar time


# -- callback: 24 h after the complaint is resolved --------------------------------------------------

def test_callback_due_a_day_after_resolution():
    events = [Event("received", T0), Event("feedback", after(hours=1))]
    assert clocks_of("callback", events, after(days=1)) == []
    resolved = [*events, Event("resolved", after(hours=5))]
    state = clock_of("callback", resolved, after(hours=10))
    assert state.started_at == after(hours=5)
    assert state.deadline == after(hours=29)
    assert state.status is ClockStatus.RUNNING
    assert clock_of("callback", resolved, after(hours=29, seconds=1)).status is ClockStatus.OVERDUE
    called = [*resolved, Event("callback_done", after(hours=29))]
    assert clock_of("callback", called, after(days=5)).status is ClockStatus.MET
    called_late = [*resolved, Event("callback_done", after(hours=29, seconds=1))]
    assert clock_of("callback", called_late, after(days=5)).status is ClockStatus.MISSED


def test_clocks_come_sorted_by_deadline():
    events = [Event("received", T0), Event("became_major", T0), Event("dispatched", after(minutes=1))]
    keys = [s.key for s in evaluate(events, after(minutes=2))]
    assert keys == ["major_report", "handling_method", "major_resolution", "feedback", "minor_to_major"]
    assert all(s.who for s in evaluate(events, after(minutes=2)))


# -- pausing ----------------------------------------------------------------------------------------

PAUSABLE = rules_with_settings({"feedback": {"pausable": True}, "handling_method": {"pausable": True}})


def test_a_closed_pause_moves_the_deadline_and_is_not_spent():
    events = [Event("received", T0), Event("paused", after(hours=2), clock="feedback"),
              Event("resumed", after(hours=4), clock="feedback")]
    state = clock_of("feedback", events, after(hours=10), PAUSABLE)
    assert state.status is ClockStatus.RUNNING
    assert state.deadline == after(hours=26)
    assert state.spent == timedelta(hours=8)
    assert state.pauses == ((after(hours=2), after(hours=4)),)
    assert clock_of("feedback", events, after(hours=26), PAUSABLE).status is ClockStatus.WARNING
    assert clock_of("feedback", events, after(hours=26, seconds=1), PAUSABLE).status is ClockStatus.OVERDUE
    met = [*events, Event("feedback", after(hours=25, minutes=59))]
    assert clock_of("feedback", met, after(days=3), PAUSABLE).status is ClockStatus.MET


def test_an_open_pause_shows_paused_and_projects_the_deadline():
    events = [Event("received", T0), Event("paused", after(hours=2), clock="feedback")]
    state = clock_of("feedback", events, after(hours=5), PAUSABLE)
    assert state.status is ClockStatus.PAUSED
    assert state.is_open
    assert state.spent == timedelta(hours=2)
    assert state.remaining == timedelta(hours=22)
    assert state.deadline == after(hours=5) + timedelta(hours=22)  # if it resumed now
    assert state.pauses == ((after(hours=2), None),)
    assert describe_remaining(state) == "已暂停(剩余 22小时00分)"
    later = clock_of("feedback", events, after(days=3), PAUSABLE)
    assert later.status is ClockStatus.PAUSED and later.spent == timedelta(hours=2)


def test_a_stop_during_a_pause_closes_the_pause_there():
    events = [Event("received", T0), Event("paused", after(hours=2), clock="feedback"),
              Event("feedback", after(hours=30))]
    state = clock_of("feedback", events, after(days=3), PAUSABLE)
    assert state.status is ClockStatus.MET
    assert state.spent == timedelta(hours=2)


def test_a_clock_paused_after_its_deadline_stays_red_and_keeps_its_deadline():
    events = [Event("received", T0), Event("paused", after(hours=25), clock="feedback")]
    state = clock_of("feedback", events, after(hours=30), PAUSABLE)
    assert state.status is ClockStatus.OVERDUE
    assert state.deadline == after(hours=24)
    assert state.spent == timedelta(hours=25)
    assert state.pauses == ((after(hours=25), None),)
    exact = [Event("received", T0), Event("paused", after(hours=24), clock="feedback")]
    state = clock_of("feedback", exact, after(hours=30), PAUSABLE)
    assert state.status is ClockStatus.PAUSED
    assert state.remaining == timedelta(0)
    assert state.deadline == after(hours=24)


def test_a_rule_that_may_not_pause_ignores_pause_events():
    assert not RULES["feedback"].pausable
    events = [Event("received", T0), Event("paused", after(hours=2), clock="feedback"),
              Event("resumed", after(hours=4), clock="feedback")]
    state = clock_of("feedback", events, after(hours=10))
    assert state.deadline == after(hours=24)
    assert state.spent == timedelta(hours=10)
    assert state.pauses == ()
    open_pause = [Event("received", T0), Event("paused", after(hours=2), clock="feedback")]
    assert clock_of("feedback", open_pause, after(hours=25)).status is ClockStatus.OVERDUE


def test_pausing_one_clock_leaves_the_others_running():
    events = [Event("received", T0), Event("dispatched", T0),
              Event("paused", after(minutes=10), clock="handling_method")]
    feedback = clock_of("feedback", events, after(hours=2), PAUSABLE)
    assert feedback.status is ClockStatus.RUNNING
    assert feedback.spent == timedelta(hours=2)
    assert feedback.deadline == after(hours=24)
    handling = clock_of("handling_method", events, after(hours=2), PAUSABLE)
    assert handling.status is ClockStatus.PAUSED
    assert handling.spent == timedelta(minutes=10)


def test_a_pause_without_a_clock_pauses_every_pausable_clock():
    events = [Event("received", T0), Event("dispatched", T0), Event("paused", after(minutes=10)),
              Event("resumed", after(minutes=40))]
    rules = rules_with_settings({"feedback": {"pausable": True}})
    assert clock_of("feedback", events, after(hours=1), rules).spent == timedelta(minutes=30)
    assert clock_of("handling_method", events, after(hours=1), rules).spent == timedelta(hours=1)


# -- changing a rule later ---------------------------------------------------------------------------

def test_a_changed_limit_is_recomputed_from_the_same_events_without_losing_time():
    events = [Event("received", T0), Event("paused", after(hours=1), clock="feedback"),
              Event("resumed", after(hours=3), clock="feedback")]
    before = clock_of("feedback", events, after(hours=23), PAUSABLE)
    assert before.spent == timedelta(hours=21)
    assert before.status is ClockStatus.WARNING
    longer = rules_with_settings({"feedback": {"pausable": True, "limit_minutes": 48 * 60}})
    after_change = clock_of("feedback", events, after(hours=23), longer)
    assert after_change.spent == before.spent
    assert after_change.limit == timedelta(hours=48)
    assert after_change.deadline == after(hours=50)
    assert after_change.status is ClockStatus.RUNNING
    shorter = rules_with_settings({"feedback": {"pausable": True, "limit_minutes": 20 * 60}})
    state = clock_of("feedback", events, after(hours=23), shorter)
    assert state.spent == before.spent
    assert state.deadline == after(hours=22)
    assert state.status is ClockStatus.OVERDUE


def test_settings_change_only_the_named_rule():
    rules = rules_with_settings({"handling_method": {"limit_minutes": 90, "mode": "working", "pausable": True}})
    assert rules["handling_method"].limit == timedelta(minutes=90)
    assert rules["handling_method"].mode is Mode.WORKING
    assert rules["handling_method"].pausable
    assert rules["feedback"] == RULES["feedback"]
    assert set(rules) == set(RULES)
    state = clock_of("handling_method", [Event("dispatched", T0)], after(hours=1), rules)
    assert state.deadline == after(hours=1, minutes=30)
    # a dispatch's own limit still beats the setting
    own = clock_of("handling_method", [Event("dispatched", T0, limit=timedelta(hours=3))], after(hours=1), rules)
    assert own.limit == timedelta(hours=3)


# -- working time ------------------------------------------------------------------------------------

WORKING_FEEDBACK = rules_with_settings({"feedback": {"mode": "working"}})


def test_working_time_clock_skips_the_national_day_holiday():
    start = datetime(2026, 9, 30, 10, 0)  # the Wednesday before 国庆节 (1–7 October 2026)
    events = [Event("received", start)]
    state = clock_of("feedback", events, datetime(2026, 10, 5, 12, 0), WORKING_FEEDBACK, WorkCalendar())
    assert state.mode is Mode.WORKING
    assert state.deadline == datetime(2026, 10, 8, 10, 0)
    assert state.spent == timedelta(hours=14)  # only the rest of 30 September
    assert state.status is ClockStatus.RUNNING
    done = [*events, Event("feedback", datetime(2026, 10, 8, 10, 0))]
    assert clock_of("feedback", done, datetime(2026, 10, 9), WORKING_FEEDBACK, WorkCalendar()).status \
        is ClockStatus.MET
    late = [*events, Event("feedback", datetime(2026, 10, 8, 10, 0, 1))]
    assert clock_of("feedback", late, datetime(2026, 10, 9), WORKING_FEEDBACK, WorkCalendar()).status \
        is ClockStatus.MISSED
    # the same complaint on calendar time would have been due on 1 October
    assert clock_of("feedback", events, datetime(2026, 10, 5), calendar=WorkCalendar()).deadline \
        == datetime(2026, 10, 1, 10, 0)


def test_working_time_counts_the_make_up_saturday():
    start = datetime(2026, 10, 9, 10, 0)  # Friday; Saturday 10 October 2026 is a 调休 working day
    state = clock_of("feedback", [Event("received", start)], datetime(2026, 10, 9, 12, 0),
                     WORKING_FEEDBACK, WorkCalendar())
    assert state.deadline == datetime(2026, 10, 10, 10, 0)


def test_working_time_clock_skips_an_ordinary_weekend():
    start = datetime(2026, 11, 6, 10, 0)  # Friday
    state = clock_of("feedback", [Event("received", start)], datetime(2026, 11, 7, 12, 0),
                     WORKING_FEEDBACK, WorkCalendar())
    assert state.deadline == datetime(2026, 11, 9, 10, 0)
    assert state.spent == timedelta(hours=14)


OFFICE_HOURS = WorkCalendar(day_start=time(8, 30), day_end=time(17, 30))
WORKING_HANDLING = rules_with_settings({"handling_method": {"mode": "working"}})


def test_one_hour_clock_dispatched_late_on_friday_ends_next_working_morning():
    dispatched = datetime(2026, 11, 6, 17, 0)  # Friday, half an hour before closing
    events = [Event("dispatched", dispatched)]
    state = clock_of("handling_method", events, datetime(2026, 11, 7, 12, 0), WORKING_HANDLING, OFFICE_HOURS)
    assert state.deadline == datetime(2026, 11, 9, 9, 0)  # Monday 08:30 + 30 min
    assert state.spent == timedelta(minutes=30)
    assert state.status is ClockStatus.RUNNING
    monday = clock_of("handling_method", events, datetime(2026, 11, 9, 8, 50), WORKING_HANDLING, OFFICE_HOURS)
    assert monday.spent == timedelta(minutes=50)
    assert monday.status is ClockStatus.WARNING
    written = [*events, Event("method_signed", datetime(2026, 11, 9, 9, 0, 1))]
    assert clock_of("handling_method", written, datetime(2026, 11, 10), WORKING_HANDLING, OFFICE_HOURS).status \
        is ClockStatus.MISSED


def test_one_hour_clock_on_the_friday_before_a_make_up_saturday():
    events = [Event("dispatched", datetime(2026, 10, 9, 17, 0))]
    state = clock_of("handling_method", events, datetime(2026, 10, 9, 18, 0), WORKING_HANDLING, OFFICE_HOURS)
    assert state.deadline == datetime(2026, 10, 10, 9, 0)


def test_administrator_overrides_reach_the_clocks():
    events = [Event("dispatched", datetime(2026, 11, 6, 17, 0))]
    saturday_worked = WorkCalendar(overrides={date(2026, 11, 7): True}, day_start=time(8, 30),
                                   day_end=time(17, 30))
    assert clock_of("handling_method", events, datetime(2026, 11, 6, 17, 10), WORKING_HANDLING,
                    saturday_worked).deadline == datetime(2026, 11, 7, 9, 0)
    monday_off = WorkCalendar(overrides={date(2026, 11, 9): False}, day_start=time(8, 30), day_end=time(17, 30))
    assert clock_of("handling_method", events, datetime(2026, 11, 6, 17, 10), WORKING_HANDLING,
                    monday_off).deadline == datetime(2026, 11, 10, 9, 0)


def test_pause_in_working_time_projects_over_working_hours():
    rules = rules_with_settings({"handling_method": {"mode": "working", "pausable": True}})
    events = [Event("dispatched", datetime(2026, 11, 6, 16, 0)),
              Event("paused", datetime(2026, 11, 6, 16, 40), clock="handling_method")]
    state = clock_of("handling_method", events, datetime(2026, 11, 6, 17, 20), rules, OFFICE_HOURS)
    assert state.status is ClockStatus.PAUSED
    assert state.spent == timedelta(minutes=40)
    assert state.deadline == datetime(2026, 11, 9, 8, 40)  # 10 min today, 10 min on Monday


# -- texts -------------------------------------------------------------------------------------------

def test_describe_remaining_texts():
    events = [Event("dispatched", T0)]
    assert describe_remaining(clock_of("handling_method", events, after(minutes=15))) == "剩余 45分00秒"
    assert describe_remaining(clock_of("handling_method", events, after(hours=1))) == "剩余 0秒"
    assert describe_remaining(clock_of("handling_method", events, after(hours=1, seconds=1))) == "已超时 1秒"
    assert describe_remaining(clock_of("handling_method", events, after(hours=3, minutes=5))) == "已超时 2小时05分"
    met = [*events, Event("method_signed", after(minutes=20))]
    assert describe_remaining(clock_of("handling_method", met, after(hours=5))) == "按时完成"
    missed = [*events, Event("method_signed", after(hours=1, minutes=1))]
    assert describe_remaining(clock_of("handling_method", missed, after(hours=5))) == "超时完成(超 1分00秒)"
    feedback = clock_of("feedback", [Event("received", T0)], after(hours=1, minutes=30))
    assert describe_remaining(feedback) == "剩余 22小时30分"


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (timedelta(0), "0秒"),
        (timedelta(seconds=42), "42秒"),
        (timedelta(minutes=5, seconds=3), "5分03秒"),
        (timedelta(hours=3, minutes=5, seconds=59), "3小时05分"),
        (timedelta(days=1, hours=2, minutes=30), "1天2小时"),
        (timedelta(days=10), "10天0小时"),
        (timedelta(seconds=59, microseconds=999_999), "59秒"),
    ],
)
def test_format_duration(value, text):
    assert format_duration(value) == text


def test_fraction_left():
    state = clock_of("handling_method", [Event("dispatched", T0)], after(minutes=45))
    assert state.fraction_left == pytest.approx(0.25)
    assert clock_of("handling_method", [Event("dispatched", T0)], after(hours=2)).fraction_left == 0.0
