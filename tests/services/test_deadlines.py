"""Deadline service on a real database: clocks of registered complaints, rule and holiday settings,
pausing, the automatic day-10 upgrade and the overdue board."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from sqlalchemy import select

from frontdesk.db.engine import Database
from frontdesk.db.models import Complaint, ComplaintEvent, HistoryEntry, User
from frontdesk.domain import letter as letter_rules
from frontdesk.domain import wallclock
from frontdesk.domain.errors import NotFound, PermissionDenied, ValidationFailed
from frontdesk.domain.sla import ClockStatus, Mode
from frontdesk.domain.types import Actor
from frontdesk.services import auth, complaints, deadlines, reference

T0 = datetime(2026, 11, 2, 9, 0)  # a Monday


def register(db, actor, make_form, at: datetime = T0, **changes):  # noqa: ANN001, ANN201
    wallclock.set_fixed(at)
    return complaints.register(db, actor, make_form(**changes))


def add_event(db, complaint_id: int, kind: str, at: datetime, **data) -> None:  # noqa: ANN001
    with db.write() as session:
        deadlines.add_event(session, None, complaint_id, kind, at=at, **data)


def upgrade(db, actor, moment: datetime) -> list[str]:  # noqa: ANN001
    """Run the day-10 job as it runs: at the present moment (the clock is set there first)."""
    wallclock.set_fixed(moment)
    return deadlines.apply_automatic_upgrades(db, actor, moment)


def by_key(states) -> dict:  # noqa: ANN001
    result: dict = {}
    for state in states:
        assert state.key not in result, state.key
        result[state.key] = state
    return result


def event_kinds(db, complaint_id: int) -> list[tuple[str, datetime, int | None]]:  # noqa: ANN001
    with db.read() as session:
        rows = session.execute(
            select(ComplaintEvent).where(ComplaintEvent.complaint_id == complaint_id).order_by(ComplaintEvent.id)
        ).scalars()
        return [(r.kind, r.at, r.user_id) for r in rows]


@pytest.fixture
def handler(db, admin):  # noqa: ANN001, ANN201
    department_id = reference.departments(db)[0].id
    auth.create_user(db, admin, "handler", "赵维修", "secret3", "handler", department_id=department_id)
    return auth.sign_in(db, "handler", "secret3")


# -- clocks of a registered complaint ---------------------------------------------------------------

def test_minor_complaint_starts_its_feedback_clock(db, clerk, make_form):
    view = register(db, clerk, make_form)
    clocks = by_key(deadlines.complaint_clocks(db, clerk, view.id, T0 + timedelta(hours=2)))
    assert set(clocks) == {"feedback", "minor_to_major"}
    feedback = clocks["feedback"]
    assert feedback.status is ClockStatus.RUNNING
    assert feedback.started_at == T0
    assert feedback.deadline == T0 + timedelta(hours=24)
    assert feedback.spent == timedelta(hours=2)
    assert clocks["minor_to_major"].deadline == T0 + timedelta(days=10)
    # without a moment the clocks are evaluated at wallclock.now()
    wallclock.set_fixed(T0 + timedelta(hours=20))
    assert by_key(deadlines.complaint_clocks(db, clerk, view.id))["feedback"].status is ClockStatus.WARNING


def test_major_complaint_has_report_and_resolution_clocks(db, clerk, make_form):
    view = register(db, clerk, make_form, grade="major", major_criteria="A")
    clocks = by_key(deadlines.complaint_clocks(db, clerk, view.id, T0 + timedelta(minutes=5)))
    assert clocks["major_report"].deadline == T0 + timedelta(minutes=10)
    assert clocks["major_report"].status is ClockStatus.RUNNING
    assert clocks["major_resolution"].deadline == T0 + timedelta(hours=12)
    assert clocks["feedback"].status is ClockStatus.RUNNING
    assert not clocks["minor_to_major"].applies  # a major complaint has no day-10 upgrade ahead
    later = by_key(deadlines.complaint_clocks(db, clerk, view.id, T0 + timedelta(minutes=10, seconds=1)))
    assert later["major_report"].status is ClockStatus.OVERDUE


def test_events_written_in_a_unit_of_work_drive_the_clocks(db, clerk, make_form):
    view = register(db, clerk, make_form)
    add_event(db, view.id, "feedback", T0 + timedelta(hours=1))
    add_event(db, view.id, "dispatched", T0 + timedelta(hours=1), department_id=1, limit_minutes=240)
    add_event(db, view.id, "method_written", T0 + timedelta(hours=4, minutes=30))
    add_event(db, view.id, "method_signed", T0 + timedelta(hours=5, seconds=1))  # the head signs too late
    clocks = by_key(deadlines.complaint_clocks(db, clerk, view.id, T0 + timedelta(days=1)))
    assert clocks["feedback"].status is ClockStatus.MET
    handling = clocks["handling_method"]
    assert handling.limit == timedelta(hours=4)  # the dispatch's own 处理时限
    assert handling.deadline == T0 + timedelta(hours=5)
    assert handling.status is ClockStatus.MISSED


def test_clocks_of_a_missing_complaint(db, clerk):
    with pytest.raises(NotFound):
        deadlines.complaint_clocks(db, clerk, 999, T0)


# -- rules set by the administrator -----------------------------------------------------------------

def test_set_rule_is_for_the_administrator_only(db, clerk):
    with pytest.raises(PermissionDenied):
        deadlines.set_rule(db, clerk, "handling_method", limit_minutes=90, mode="working", pausable=True)
    assert deadlines.rules(db)["handling_method"].limit == timedelta(hours=1)


def test_set_rule_is_kept_in_the_database(db, db_url, admin):
    deadlines.set_rule(db, admin, "handling_method", limit_minutes=90, mode="working", pausable=True)
    reopened = Database(db_url)
    try:
        rule = deadlines.rules(reopened)["handling_method"]
    finally:
        reopened.dispose()
    assert rule.limit == timedelta(minutes=90)
    assert rule.mode is Mode.WORKING
    assert rule.pausable
    assert deadlines.rules(db)["feedback"].limit == timedelta(hours=24)
    with db.read() as session:
        fields = session.execute(
            select(HistoryEntry.field).where(HistoryEntry.table_name == "settings")).scalars().all()
    assert "clocks.handling_method" in fields


@pytest.mark.parametrize(
    ("key", "limit", "mode", "field"),
    [("nope", 60, "calendar", "key"), ("feedback", 0, "calendar", "limit_minutes"),
     ("feedback", -5, "calendar", "limit_minutes"), ("feedback", 60, "lunar", "mode")],
)
def test_set_rule_refuses_bad_values(db, admin, key, limit, mode, field):
    with pytest.raises(ValidationFailed) as info:
        deadlines.set_rule(db, admin, key, limit_minutes=limit, mode=mode, pausable=False)
    assert field in info.value.fields


def test_a_changed_rule_applies_to_clocks_that_start_after_it(db, admin, clerk, make_form):
    view = register(db, clerk, make_form)
    moment = T0 + timedelta(hours=20)
    before = by_key(deadlines.complaint_clocks(db, clerk, view.id, moment))["feedback"]
    deadlines.set_rule(db, admin, "feedback", limit_minutes=48 * 60, mode="calendar", pausable=False)
    after = by_key(deadlines.complaint_clocks(db, clerk, view.id, moment))["feedback"]
    assert after == before  # the clock keeps the rule it started under
    assert after.deadline == T0 + timedelta(hours=24) and after.status is ClockStatus.WARNING
    later = register(db, clerk, make_form)
    assert by_key(deadlines.complaint_clocks(db, clerk, later.id, moment))["feedback"].limit == timedelta(hours=48)


# -- pause and resume --------------------------------------------------------------------------------

def test_pause_and_resume_a_pausable_clock(db, admin, clerk, make_form):
    deadlines.set_rule(db, admin, "feedback", limit_minutes=24 * 60, mode="calendar", pausable=True)
    view = register(db, clerk, make_form)
    wallclock.set_fixed(T0 + timedelta(hours=1))
    deadlines.pause(db, clerk, view.id, "feedback", " 等待客户确认上门时间 ")
    paused = by_key(deadlines.complaint_clocks(db, clerk, view.id, T0 + timedelta(hours=3)))["feedback"]
    assert paused.status is ClockStatus.PAUSED
    assert paused.spent == timedelta(hours=1)
    with pytest.raises(ValidationFailed):  # already paused
        deadlines.pause(db, clerk, view.id, "feedback", "再次暂停")
    wallclock.set_fixed(T0 + timedelta(hours=3))
    deadlines.resume(db, clerk, view.id, "feedback")
    running = by_key(deadlines.complaint_clocks(db, clerk, view.id, T0 + timedelta(hours=5)))["feedback"]
    assert running.status is ClockStatus.RUNNING
    assert running.spent == timedelta(hours=3)
    assert running.deadline == T0 + timedelta(hours=26)
    kinds = event_kinds(db, view.id)
    assert [k for k, _at, _user in kinds] == ["received", "paused", "resumed"]
    assert kinds[1][1:] == (T0 + timedelta(hours=1), clerk.id)
    entries = [(i.action, i.field, i.new_value, i.username) for i in complaints.history(db, clerk, view.id)]
    assert ("pause", "feedback", "等待客户确认上门时间", "clerk") in entries
    assert ("resume", "feedback", "", "clerk") in entries


def test_a_clock_paused_after_its_deadline_can_be_resumed(db, admin, clerk, make_form):
    deadlines.set_rule(db, admin, "feedback", limit_minutes=60, mode="calendar", pausable=True)
    view = register(db, clerk, make_form)
    wallclock.set_fixed(T0 + timedelta(hours=2))
    deadlines.pause(db, clerk, view.id, "feedback", "等待客户回电")
    paused = by_key(deadlines.complaint_clocks(db, clerk, view.id, T0 + timedelta(hours=3)))["feedback"]
    assert paused.status is ClockStatus.OVERDUE  # red stays red while paused
    assert paused.deadline == T0 + timedelta(hours=1)
    with pytest.raises(ValidationFailed):
        deadlines.pause(db, clerk, view.id, "feedback", "再次暂停")
    wallclock.set_fixed(T0 + timedelta(hours=3))
    deadlines.resume(db, clerk, view.id, "feedback")
    running = by_key(deadlines.complaint_clocks(db, clerk, view.id, T0 + timedelta(hours=4)))["feedback"]
    assert running.spent == timedelta(hours=3)
    assert [k for k, _at, _user in event_kinds(db, view.id)] == ["received", "paused", "resumed"]


def test_pause_refused_unless_the_rule_allows_it(db, clerk, make_form):
    view = register(db, clerk, make_form)
    wallclock.set_fixed(T0 + timedelta(hours=1))
    with pytest.raises(PermissionDenied):
        deadlines.pause(db, clerk, view.id, "feedback", "等待客户")
    with pytest.raises(ValidationFailed):
        deadlines.pause(db, clerk, view.id, "no_such_clock", "等待客户")
    assert [k for k, _at, _user in event_kinds(db, view.id)] == ["received"]


def test_pause_refused_without_a_reason(db, admin, clerk, make_form):
    deadlines.set_rule(db, admin, "feedback", limit_minutes=24 * 60, mode="calendar", pausable=True)
    view = register(db, clerk, make_form)
    wallclock.set_fixed(T0 + timedelta(hours=1))
    with pytest.raises(ValidationFailed) as info:
        deadlines.pause(db, clerk, view.id, "feedback", "   ")
    assert "reason" in info.value.fields
    assert [k for k, _at, _user in event_kinds(db, view.id)] == ["received"]


def test_pause_refused_to_a_role_that_cannot_edit_complaints(db, admin, clerk, handler, make_form):
    deadlines.set_rule(db, admin, "feedback", limit_minutes=24 * 60, mode="calendar", pausable=True)
    view = register(db, clerk, make_form)
    with pytest.raises(PermissionDenied):
        deadlines.pause(db, handler, view.id, "feedback", "等待客户")


def test_resume_refused_when_nothing_is_paused(db, admin, clerk, make_form):
    deadlines.set_rule(db, admin, "feedback", limit_minutes=24 * 60, mode="calendar", pausable=True)
    view = register(db, clerk, make_form)
    wallclock.set_fixed(T0 + timedelta(hours=1))
    with pytest.raises(ValidationFailed):
        deadlines.resume(db, clerk, view.id, "feedback")


def test_a_resume_keeps_its_note_in_the_history(db, admin, clerk, make_form):
    deadlines.set_rule(db, admin, "feedback", limit_minutes=24 * 60, mode="calendar", pausable=True)
    view = register(db, clerk, make_form)
    wallclock.set_fixed(T0 + timedelta(hours=1))
    deadlines.pause(db, clerk, view.id, "feedback", "客户出差")
    wallclock.set_fixed(T0 + timedelta(hours=3))
    with pytest.raises(ValidationFailed):
        deadlines.resume(db, clerk, view.id, "feedback", "回\x00来")
    deadlines.resume(db, clerk, view.id, "feedback", "客户已回来")
    entries = [(h.action, h.new_value) for h in complaints.history(db, clerk, view.id) if h.action == "resume"]
    assert entries == [("resume", "客户已回来")]


def test_pause_refused_on_a_stopped_clock(db, admin, clerk, make_form):
    deadlines.set_rule(db, admin, "feedback", limit_minutes=24 * 60, mode="calendar", pausable=True)
    view = register(db, clerk, make_form)
    add_event(db, view.id, "feedback", T0 + timedelta(minutes=30))
    wallclock.set_fixed(T0 + timedelta(hours=1))
    with pytest.raises(ValidationFailed):
        deadlines.pause(db, clerk, view.id, "feedback", "等待客户")


# -- the automatic day-10 upgrade (criterion D) ------------------------------------------------------

def test_minor_complaint_becomes_major_one_second_after_ten_days(db, clerk, make_form):
    view = register(db, clerk, make_form)
    due = T0 + timedelta(days=10)
    assert upgrade(db, clerk, due) == []  # met at the limit, like every clock
    assert complaints.get(db, clerk, view.id).grade == "minor"

    applied = due + timedelta(seconds=1)
    assert upgrade(db, clerk, applied) == [view.number]
    upgraded = complaints.get(db, clerk, view.id)
    assert upgraded.grade == "major"
    assert "D" in upgraded.major_criteria
    assert upgraded.grade_reason.startswith("D. ")
    assert "受理后 10 天仍未合理解决" in upgraded.grade_reason
    assert due.strftime("%Y-%m-%d %H:%M") in upgraded.grade_reason
    due = applied  # the major clocks start when the upgrade is applied

    became = [(at, user) for kind, at, user in event_kinds(db, view.id) if kind == "became_major"]
    assert became == [(due, None)]
    history = [i for i in complaints.history(db, clerk, view.id) if i.action == "auto_upgrade"]
    assert {i.field for i in history} == {"grade", "major_criteria", "grade_reason"}
    assert all(i.username == "system" for i in history)
    assert next(i for i in history if i.field == "grade").new_value == "major"

    # the major clocks now run from the moment of the upgrade
    clocks = by_key(deadlines.complaint_clocks(db, clerk, view.id, due + timedelta(minutes=5)))
    assert clocks["major_report"].started_at == due
    assert clocks["major_report"].deadline == due + timedelta(minutes=10)
    assert clocks["major_resolution"].deadline == due + timedelta(hours=12)
    assert clocks["minor_to_major"].applies is False

    # running it again changes nothing
    assert upgrade(db, clerk, due + timedelta(days=1)) == []
    assert [k for k, _at, _user in event_kinds(db, view.id)].count("became_major") == 1
    assert len([i for i in complaints.history(db, clerk, view.id) if i.action == "auto_upgrade"]) == 3


def test_a_late_run_dates_the_upgrade_when_applied_and_says_when_it_fell_due(db, clerk, make_form):
    view = register(db, clerk, make_form)
    assert upgrade(db, clerk, T0 + timedelta(days=13)) == [view.number]
    became = [at for kind, at, _user in event_kinds(db, view.id) if kind == "became_major"]
    assert became == [T0 + timedelta(days=13)]  # the 10-minute report clock starts now, not red at once
    reason = complaints.get(db, clerk, view.id).grade_reason
    assert (T0 + timedelta(days=10)).strftime("%Y-%m-%d %H:%M") in reason  # when it fell due ...
    assert "系统于 " + (T0 + timedelta(days=13)).strftime("%Y-%m-%d %H:%M") in reason  # ... and the gap


def test_a_paused_minor_complaint_past_day_ten_still_upgrades(db, admin, clerk, make_form):
    deadlines.set_rule(db, admin, "minor_to_major", limit_minutes=10 * 24 * 60, mode="calendar", pausable=True)
    view = register(db, clerk, make_form)
    wallclock.set_fixed(T0 + timedelta(days=11))
    deadlines.pause(db, clerk, view.id, "minor_to_major", "等待客户确认方案")
    assert upgrade(db, clerk, T0 + timedelta(days=12)) == [view.number]
    reason = complaints.get(db, clerk, view.id).grade_reason
    assert (T0 + timedelta(days=10)).strftime("%Y-%m-%d %H:%M") in reason


def test_a_pause_before_day_ten_moves_the_upgrade(db, admin, clerk, make_form):
    deadlines.set_rule(db, admin, "minor_to_major", limit_minutes=10 * 24 * 60, mode="calendar", pausable=True)
    view = register(db, clerk, make_form)
    wallclock.set_fixed(T0 + timedelta(days=2))
    deadlines.pause(db, clerk, view.id, "minor_to_major", "客户出差,约定回来后上门")
    wallclock.set_fixed(T0 + timedelta(days=5))
    deadlines.resume(db, clerk, view.id, "minor_to_major")
    assert upgrade(db, clerk, T0 + timedelta(days=13)) == []
    assert upgrade(db, clerk, T0 + timedelta(days=13, seconds=1)) == [view.number]


def test_resolved_complaint_never_upgrades(db, clerk, make_form):
    view = register(db, clerk, make_form)
    add_event(db, view.id, "resolved", T0 + timedelta(days=2))
    with db.write() as session:
        session.get(Complaint, view.id).status = "resolved"
    assert upgrade(db, clerk, T0 + timedelta(days=30)) == []
    assert complaints.get(db, clerk, view.id).grade == "minor"


def test_resolution_event_alone_stops_the_upgrade(db, clerk, make_form):
    view = register(db, clerk, make_form)
    add_event(db, view.id, "resolved", T0 + timedelta(days=9, hours=23, minutes=59, seconds=59))
    assert upgrade(db, clerk, T0 + timedelta(days=30)) == []


def test_invalid_complaint_never_upgrades(db, clerk, make_form):
    view = register(db, clerk, make_form, validity="invalid", validity_note="不属于物业服务范围,已向客户解释")
    assert upgrade(db, clerk, T0 + timedelta(days=30)) == []
    assert complaints.get(db, clerk, view.id).grade == "minor"


def test_major_complaint_is_not_upgraded_again(db, clerk, make_form):
    view = register(db, clerk, make_form, grade="major", major_criteria="B")
    assert upgrade(db, clerk, T0 + timedelta(days=30)) == []
    assert complaints.get(db, clerk, view.id).major_criteria == "B"


# -- the overdue board -------------------------------------------------------------------------------

def test_the_upgrade_runs_at_the_present_moment_only(db, clerk, make_form):
    view = register(db, clerk, make_form)
    wallclock.set_fixed(T0 + timedelta(days=1))
    with pytest.raises(PermissionDenied, match="当前时间"):
        deadlines.apply_automatic_upgrades(db, clerk, T0 + timedelta(days=365))
    assert complaints.get(db, clerk, view.id).grade == "minor"
    assert deadlines.apply_automatic_upgrades(db, clerk, T0 + timedelta(days=1, seconds=30)) == []  # a clock a little ahead
    wallclock.set_fixed(T0 + timedelta(days=10, seconds=1))
    assert deadlines.apply_automatic_upgrades(db, clerk) == [view.number]


def test_the_upgrade_needs_an_active_user(db, admin, clerk, make_form):
    view = register(db, clerk, make_form)
    wallclock.set_fixed(T0 + timedelta(days=10, seconds=1))
    with db.write() as session:
        session.get(User, clerk.id).active = False
    with pytest.raises(PermissionDenied, match="账户已停用或不存在"):
        deadlines.apply_automatic_upgrades(db, clerk)
    with pytest.raises(PermissionDenied):
        deadlines.apply_automatic_upgrades(db, Actor(999, "ghost", "无名", "admin"))
    assert complaints.get(db, admin, view.id).grade == "minor"


def test_board_lists_open_deadlines_least_time_left_first(db, clerk, make_form):
    department = reference.departments(db)[0]
    minor = register(db, clerk, make_form, complainant="张一")
    major = register(db, clerk, make_form, complainant="李二", grade="major", major_criteria="A")
    dispatched = register(db, clerk, make_form, complainant="王三", department_id=department.id)
    add_event(db, dispatched.id, "feedback", T0 + timedelta(minutes=15))  # met: not on the board
    add_event(db, dispatched.id, "dispatched", T0 + timedelta(minutes=15), department_id=department.id)
    register(db, clerk, make_form, validity="invalid", validity_note="已向客户解释")  # closed

    moment = T0 + timedelta(minutes=20)
    items = deadlines.board(db, clerk, moment)
    rows = [(i.number, i.clock.key) for i in items]
    assert rows[:3] == [
        (major.number, "major_report"),  # 10 minutes late
        (dispatched.number, "handling_method"),  # 55 minutes left
        (major.number, "major_resolution"),  # 11 h 40 min left
    ]
    assert sorted(rows[3:]) == sorted([(minor.number, "feedback"), (major.number, "feedback"),
                                       (minor.number, "minor_to_major"), (dispatched.number, "minor_to_major")])
    remaining = [i.clock.remaining for i in items]
    assert remaining == sorted(remaining)
    assert all(i.clock.is_open for i in items)
    assert (dispatched.number, "feedback") not in rows
    assert (major.number, "minor_to_major") not in rows  # the 10-day countdown is for minor complaints
    assert items[0].clock.status is ClockStatus.OVERDUE
    assert items[0].kind == "complaint" and items[0].record_id == major.id and items[0].title == "李二"
    assert items[1].department_name == department.name
    assert deadlines.counts(items) == {"warning": 0, "overdue": 1, "total": 7}


def test_board_drops_a_deadline_once_it_is_met(db, clerk, make_form):
    view = register(db, clerk, make_form)
    assert [i.clock.key for i in deadlines.board(db, clerk, T0 + timedelta(hours=1))] == ["feedback", "minor_to_major"]
    add_event(db, view.id, "feedback", T0 + timedelta(hours=2))
    assert [i.clock.key for i in deadlines.board(db, clerk, T0 + timedelta(hours=3))] == ["minor_to_major"]


def test_board_counts_amber_and_red(db, clerk, make_form):
    register(db, clerk, make_form)
    late = register(db, clerk, make_form, at=T0 - timedelta(hours=25))
    items = [i for i in deadlines.board(db, clerk, T0 + timedelta(hours=20)) if i.clock.key == "feedback"]
    assert [(i.number, i.clock.status) for i in items] == [
        (late.number, ClockStatus.OVERDUE), (items[1].number, ClockStatus.WARNING)]
    assert deadlines.counts(items) == {"warning": 1, "overdue": 1, "total": 2}


# -- holidays and working hours ----------------------------------------------------------------------

def test_holidays_are_for_the_administrator_only(db, clerk):
    with pytest.raises(PermissionDenied):
        deadlines.set_holiday(db, clerk, date(2026, 10, 11), True, "调休上班")
    with pytest.raises(PermissionDenied):
        deadlines.remove_holiday(db, clerk, date(2026, 10, 11))
    assert deadlines.holidays(db, 2026) == []


def test_holiday_table_changes_the_calendar(db, admin):
    assert not deadlines.calendar(db).is_workday(date(2026, 10, 11))
    assert deadlines.calendar(db).is_workday(date(2026, 10, 8))
    deadlines.set_holiday(db, admin, date(2026, 10, 11), True, " 调休上班 ")
    deadlines.set_holiday(db, admin, date(2026, 10, 8), False, "放假")
    cal = deadlines.calendar(db)
    assert cal.is_workday(date(2026, 10, 11))
    assert not cal.is_workday(date(2026, 10, 8))
    assert deadlines.holidays(db, 2026) == [(date(2026, 10, 8), False, "放假"), (date(2026, 10, 11), True, "调休上班")]
    assert deadlines.holidays(db, 2027) == []
    deadlines.set_holiday(db, admin, date(2026, 10, 8), True, "")  # changed its mind
    assert deadlines.calendar(db).is_workday(date(2026, 10, 8))
    deadlines.remove_holiday(db, admin, date(2026, 10, 11))
    assert not deadlines.calendar(db).is_workday(date(2026, 10, 11))  # back to the library
    assert [d for d, _w, _n in deadlines.holidays(db, 2026)] == [date(2026, 10, 8)]
    deadlines.remove_holiday(db, admin, date(2026, 12, 25))  # nothing there: nothing happens


def test_holiday_table_moves_a_working_time_deadline(db, admin, clerk, make_form):
    deadlines.set_rule(db, admin, "feedback", limit_minutes=24 * 60, mode="working", pausable=False)
    view = register(db, clerk, make_form, at=datetime(2026, 9, 30, 10, 0))
    moment = datetime(2026, 10, 2, 12, 0)
    assert by_key(deadlines.complaint_clocks(db, clerk, view.id, moment))["feedback"].deadline \
        == datetime(2026, 10, 8, 10, 0)
    deadlines.set_holiday(db, admin, date(2026, 10, 8), False, "放假")
    assert by_key(deadlines.complaint_clocks(db, clerk, view.id, moment))["feedback"].deadline \
        == datetime(2026, 10, 9, 10, 0)
    deadlines.set_holiday(db, admin, date(2026, 10, 3), True, "调休上班")
    assert by_key(deadlines.complaint_clocks(db, clerk, view.id, moment))["feedback"].deadline \
        == datetime(2026, 10, 3, 10, 0)


def test_work_hours_reach_working_time_clocks(db, admin, clerk, make_form):
    deadlines.set_work_hours(db, admin, "08:30", "17:30", 0.25)
    cal = deadlines.calendar(db)
    assert (cal.day_start, cal.day_end) == (time(8, 30), time(17, 30))
    deadlines.set_rule(db, admin, "handling_method", limit_minutes=60, mode="working", pausable=False)
    view = register(db, clerk, make_form)
    friday = datetime(2026, 11, 6, 17, 0)
    add_event(db, view.id, "dispatched", friday, department_id=1)
    handling = by_key(deadlines.complaint_clocks(db, clerk, view.id, friday + timedelta(hours=1)))["handling_method"]
    assert handling.deadline == datetime(2026, 11, 9, 9, 0)
    with pytest.raises(PermissionDenied):
        deadlines.set_work_hours(db, clerk, "09:00", "18:00", 0.2)
    with pytest.raises(ValidationFailed):
        deadlines.set_work_hours(db, admin, "18:00", "09:00", 0.2)
    with pytest.raises(ValidationFailed):
        deadlines.set_work_hours(db, admin, "08:30", "17:30", 1.5)


def test_resolved_on_day_eleven_before_the_job_ran_is_still_upgraded_at_day_ten(db, clerk, make_form):
    view = register(db, clerk, make_form)
    add_event(db, view.id, "resolved", T0 + timedelta(days=11))
    with db.write() as session:
        session.get(Complaint, view.id).status = "resolved"
    assert upgrade(db, clerk, T0 + timedelta(days=12)) == [view.number]
    assert ("became_major", T0 + timedelta(days=12), None) in event_kinds(db, view.id)
    assert (T0 + timedelta(days=10)).strftime("%Y-%m-%d %H:%M") in complaints.get(db, clerk, view.id).grade_reason
    assert upgrade(db, clerk, T0 + timedelta(days=13)) == []


def test_a_letter_linked_to_a_complaint_is_on_the_board_once(db, admin, clerk, make_form):
    from frontdesk.services import letters

    view = register(db, clerk, make_form)
    first, second = reference.departments(db)[:2]
    letters.create(db, clerk, letter_rules.LetterInput(
        from_department_id=first.id, to_department_id=second.id, subject="漏水维修", body="请尽快处理",
        reply_due=T0 + timedelta(days=2), issuer_name="周强", complaint_id=view.id,
    ))
    items = deadlines.board(db, clerk, T0 + timedelta(hours=1))
    assert [(i.kind, i.clock.key) for i in items if i.clock.key == "letter_reply"] == [("letter", "letter_reply")]
    assert "letter_reply" not in {s.key for s in deadlines.complaint_clocks(db, clerk, view.id, T0)}
