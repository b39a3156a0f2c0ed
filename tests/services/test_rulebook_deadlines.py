"""The deadlines as the rule book means them (seed 001, part 2, 四(1)2 and (2); SPEC §2.2–§2.4).

Each scenario drives the services only, at chosen moments, and checks what the engine, the
board and the record say.  One scenario per point where the engine once read the rule book
differently; docs/deadlines.md lists the readings.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest

from frontdesk.domain import wallclock
from frontdesk.domain.errors import PermissionDenied, ValidationFailed
from frontdesk.domain.sla import ClockStatus, describe_remaining
from frontdesk.services import complaints, deadlines, disposition

T0 = datetime(2026, 11, 2, 9, 0)  # a Monday


def pdf_text(printout) -> str:  # noqa: ANN001
    """The text of a printout's PDF, with the line breaks of wrapped cells taken out."""
    from io import BytesIO

    import pypdfium2 as pdfium

    buffer = BytesIO()
    printout.build(buffer, None)
    document = pdfium.PdfDocument(buffer.getvalue())
    try:
        text = "".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()
    return "".join(text.split())


def at(moment: datetime) -> datetime:
    wallclock.set_fixed(moment)
    return moment


def clocks(db, actor, complaint_id: int, moment: datetime | None = None) -> dict:  # noqa: ANN001
    return {s.key: s for s in deadlines.complaint_clocks(db, actor, complaint_id, moment)}


def on_board(db, actor, complaint_id: int, moment: datetime) -> set[str]:  # noqa: ANN001
    return {item.clock.key for item in deadlines.board(db, actor, moment) if item.record_id == complaint_id}


def upgrade(db, actor, moment: datetime) -> list[str]:  # noqa: ANN001
    at(moment)
    return deadlines.apply_automatic_upgrades(db, actor, moment)


def register(db, clerk, make_form, **changes):  # noqa: ANN001
    at(T0)
    return complaints.register(db, clerk, make_form(**changes))


def regrade(db, clerk, view, grade: str, criteria: str):  # noqa: ANN001
    """The clerk corrects the grade on the complaint form."""
    form = replace(complaints.as_input(view), grade=grade, major_criteria=criteria)
    return complaints.update(db, clerk, view.id, form, view.version)


def dispatched_and_signed(db, p, complaint_id: int, moment: datetime):  # noqa: ANN001
    at(moment)
    view = disposition.dispatch(db, p.clerk, complaint_id, p.engineering, version=None)
    view = disposition.write_method(db, p.handler, complaint_id, "上门检修", version=view.version)
    return disposition.sign_method(db, p.head, complaint_id, version=view.version)


def resolved(db, p, complaint_id: int, entered: datetime, completed: datetime):  # noqa: ANN001
    at(entered)
    view = disposition.get(db, p.clerk, complaint_id)
    return disposition.record_result(db, p.handler, complaint_id, "已修复", completed, version=view.version)


def verified(db, p, complaint_id: int, moment: datetime, passed: bool):  # noqa: ANN001
    """The callback by its owner: the receiver by phone (minor), the area manager face to face (major)."""
    at(moment)
    view = disposition.get(db, p.clerk, complaint_id)
    if view.complaint.grade == "major":
        return disposition.record_verification(db, p.manager, complaint_id, "上门回访", "李四", passed,
                                               channel="visit", version=view.version)
    return disposition.record_verification(db, p.clerk, complaint_id, "电话回访", "李四", passed,
                                           channel="phone", version=view.version)


# -- 1. a rejected resolution is no resolution -----------------------------------------------------

def test_a_failed_verification_resumes_the_ten_days_and_the_upgrade_follows(db, people, make_form):
    p = people
    view = register(db, p.clerk, make_form)
    dispatched_and_signed(db, p, view.id, T0 + timedelta(hours=1))
    resolved(db, p, view.id, T0 + timedelta(days=9, hours=23, minutes=59), T0 + timedelta(days=9, hours=23, minutes=59))
    assert clocks(db, p.clerk, view.id)["minor_to_major"].status is ClockStatus.MET
    verified(db, p, view.id, T0 + timedelta(days=10, hours=2), passed=False)

    # one minute was left when the work was reported; it runs again from the rejection
    ten = clocks(db, p.clerk, view.id, T0 + timedelta(days=10, hours=2))["minor_to_major"]
    assert ten.is_open and ten.deadline == T0 + timedelta(days=10, hours=2, minutes=1)
    assert upgrade(db, p.clerk, T0 + timedelta(days=10, hours=2, minutes=1)) == []
    assert upgrade(db, p.clerk, T0 + timedelta(days=20)) == [view.number]
    assert complaints.get(db, p.clerk, view.id).grade == "major"


def test_a_failure_on_day_four_still_leads_to_the_upgrade(db, people, make_form):
    p = people
    view = register(db, p.clerk, make_form)
    dispatched_and_signed(db, p, view.id, T0 + timedelta(hours=1))
    resolved(db, p, view.id, T0 + timedelta(days=3), T0 + timedelta(days=3))
    verified(db, p, view.id, T0 + timedelta(days=4), passed=False)
    assert upgrade(db, p.clerk, T0 + timedelta(days=30)) == [view.number]


def test_a_rejected_major_resolution_puts_the_twelve_hours_back_on_the_board(db, people, make_form):
    p = people
    view = register(db, p.clerk, make_form, grade="major", major_criteria="A")
    dispatched_and_signed(db, p, view.id, T0 + timedelta(minutes=30))
    resolved(db, p, view.id, T0 + timedelta(hours=6), T0 + timedelta(hours=6))
    assert clocks(db, p.clerk, view.id)["major_resolution"].status is ClockStatus.MET
    verified(db, p, view.id, T0 + timedelta(hours=8), passed=False)

    twelve = clocks(db, p.clerk, view.id, T0 + timedelta(hours=8))["major_resolution"]
    assert twelve.is_open and twelve.deadline == T0 + timedelta(hours=14)  # six hours were left
    assert "major_resolution" in on_board(db, p.clerk, view.id, T0 + timedelta(hours=8))
    assert "major_resolution" in on_board(db, p.clerk, view.id, T0 + timedelta(hours=15))
    assert clocks(db, p.clerk, view.id, T0 + timedelta(hours=15))["major_resolution"].status is ClockStatus.OVERDUE


# -- 2. clocks count to 完成时间, not to the typing ---------------------------------------------------

def test_the_callback_day_runs_from_the_completion_the_form_records(db, people, make_form):
    p = people
    view = register(db, p.clerk, make_form)
    dispatched_and_signed(db, p, view.id, T0 + timedelta(minutes=10))
    resolved(db, p, view.id, entered=T0 + timedelta(hours=9), completed=T0 + timedelta(hours=1))
    assert clocks(db, p.clerk, view.id)["callback"].deadline == T0 + timedelta(hours=25)
    # the history keeps both: the completion time as a field, the entry's own time as typed
    entry = next(h for h in disposition.history(db, p.clerk, view.id) if h.field == "completed_at")
    assert entry.at == T0 + timedelta(hours=9)
    assert entry.new_value.startswith((T0 + timedelta(hours=1)).strftime("%Y-%m-%d %H:%M"))


def test_a_major_complaint_completed_at_eleven_hours_meets_the_twelve(db, people, make_form):
    p = people
    view = register(db, p.clerk, make_form, grade="major", major_criteria="A")
    dispatched_and_signed(db, p, view.id, T0 + timedelta(minutes=10))
    resolved(db, p, view.id, entered=T0 + timedelta(hours=13), completed=T0 + timedelta(hours=11))
    assert clocks(db, p.clerk, view.id)["major_resolution"].status is ClockStatus.MET


def test_completed_on_day_nine_and_entered_on_day_eleven_is_never_upgraded(db, people, make_form):
    p = people
    view = register(db, p.clerk, make_form)
    dispatched_and_signed(db, p, view.id, T0 + timedelta(hours=1))
    resolved(db, p, view.id, entered=T0 + timedelta(days=11), completed=T0 + timedelta(days=9))
    assert upgrade(db, p.clerk, T0 + timedelta(days=11, minutes=1)) == []
    assert complaints.get(db, p.clerk, view.id).grade == "minor"


def test_an_upgrade_made_before_a_late_entry_is_undone_with_the_reason(db, people, make_form):
    p = people
    view = register(db, p.clerk, make_form)
    dispatched_and_signed(db, p, view.id, T0 + timedelta(hours=1))
    assert upgrade(db, p.clerk, T0 + timedelta(days=10, minutes=5)) == [view.number]  # nothing entered yet
    resolved(db, p, view.id, entered=T0 + timedelta(days=11), completed=T0 + timedelta(days=9))

    after = complaints.get(db, p.clerk, view.id)
    assert (after.grade, after.major_criteria) == ("minor", "")
    assert "系统撤销自动转为重大" in after.grade_reason and "受理后 10 天仍未合理解决" not in after.grade_reason
    state = clocks(db, p.clerk, view.id)
    assert state["major_report"].status is ClockStatus.CANCELLED
    assert not state["major_resolution"].is_open
    assert not on_board(db, p.clerk, view.id, T0 + timedelta(days=11)) & {"major_report", "major_resolution"}
    undone = [h for h in complaints.history(db, p.clerk, view.id) if h.action == "auto_upgrade_undone"]
    assert {h.field for h in undone} == {"grade", "major_criteria", "grade_reason"}


@pytest.mark.parametrize(("completed", "field_error"), [
    (T0 + timedelta(days=1), "不能晚于现在"),
    (T0 + timedelta(minutes=20), "不能早于派单时间"),
])
def test_a_completion_time_outside_the_work_is_refused(db, people, make_form, completed, field_error):
    p = people
    view = register(db, p.clerk, make_form)
    dispatched_and_signed(db, p, view.id, T0 + timedelta(minutes=30))
    with pytest.raises(ValidationFailed) as info:
        resolved(db, p, view.id, entered=T0 + timedelta(hours=2), completed=completed)
    assert field_error in info.value.fields["completed_at"]
    assert complaints.get(db, p.clerk, view.id).status == "dispatched"


def test_after_a_rejection_the_new_completion_cannot_predate_it(db, people, make_form):
    p = people
    view = register(db, p.clerk, make_form)
    dispatched_and_signed(db, p, view.id, T0 + timedelta(minutes=30))
    resolved(db, p, view.id, T0 + timedelta(hours=3), T0 + timedelta(hours=2))
    verified(db, p, view.id, T0 + timedelta(hours=5), passed=False)
    at(T0 + timedelta(hours=5, minutes=20))
    form = disposition.get(db, p.clerk, view.id)
    form = disposition.write_method(db, p.handler, view.id, "再次检修", version=form.version)
    disposition.sign_method(db, p.head, view.id, version=form.version)
    with pytest.raises(ValidationFailed) as info:
        resolved(db, p, view.id, T0 + timedelta(hours=7), T0 + timedelta(hours=4))
    assert "不能早于验证未通过重新处理的时间" in info.value.fields["completed_at"]


# -- 3. a finished verdict never changes; a clock keeps the rule it started with ------------------------

def test_feedback_met_at_twenty_hours_stays_met_when_the_limit_shrinks(db, people, make_form):
    p = people
    view = register(db, p.clerk, make_form)
    at(T0 + timedelta(hours=20))
    disposition.give_feedback(db, p.clerk, view.id, "已电话告知客户处理安排")
    at(T0 + timedelta(days=30))
    deadlines.set_rule(db, p.admin, "feedback", limit_minutes=12 * 60, mode="calendar", pausable=False)
    assert clocks(db, p.clerk, view.id)["feedback"].status is ClockStatus.MET
    # a complaint received after the change has the new limit
    later = complaints.register(db, p.clerk, make_form())
    assert clocks(db, p.clerk, later.id)["feedback"].limit == timedelta(hours=12)


def test_pauses_made_while_allowed_stay_paused_time(db, people, make_form):
    p = people
    deadlines.set_rule(db, p.admin, "feedback", limit_minutes=24 * 60, mode="calendar", pausable=True)
    view = register(db, p.clerk, make_form)
    at(T0 + timedelta(hours=5))
    deadlines.pause(db, p.clerk, view.id, "feedback", "客户出差")
    at(T0 + timedelta(hours=30))
    deadlines.resume(db, p.clerk, view.id, "feedback")
    at(T0 + timedelta(hours=40))
    disposition.give_feedback(db, p.clerk, view.id, "已联系客户")
    before = clocks(db, p.clerk, view.id)["feedback"]
    assert (before.status, before.spent) == (ClockStatus.MET, timedelta(hours=15))

    deadlines.set_rule(db, p.admin, "feedback", limit_minutes=24 * 60, mode="calendar", pausable=False)
    after = clocks(db, p.clerk, view.id)["feedback"]
    assert (after.status, after.spent) == (ClockStatus.MET, timedelta(hours=15))


def test_a_paused_clock_can_still_be_resumed_after_permission_is_withdrawn(db, people, make_form):
    p = people
    deadlines.set_rule(db, p.admin, "feedback", limit_minutes=24 * 60, mode="calendar", pausable=True)
    view = register(db, p.clerk, make_form)
    at(T0 + timedelta(hours=5))
    deadlines.pause(db, p.clerk, view.id, "feedback", "客户出差")
    deadlines.set_rule(db, p.admin, "feedback", limit_minutes=24 * 60, mode="calendar", pausable=False)
    at(T0 + timedelta(hours=48))
    assert clocks(db, p.clerk, view.id)["feedback"].status is ClockStatus.PAUSED
    deadlines.resume(db, p.clerk, view.id, "feedback")
    assert clocks(db, p.clerk, view.id)["feedback"].deadline == T0 + timedelta(hours=67)


def test_permission_given_later_does_not_reach_a_running_clock(db, people, make_form):
    p = people
    view = register(db, p.clerk, make_form)
    deadlines.set_rule(db, p.admin, "feedback", limit_minutes=24 * 60, mode="calendar", pausable=True)
    with pytest.raises(PermissionDenied, match="开始计时时"):
        deadlines.pause(db, p.clerk, view.id, "feedback", "客户出差")


def test_a_new_dispatch_takes_the_handling_limit_of_its_own_time(db, people, make_form):
    p = people
    view = register(db, p.clerk, make_form)
    at(T0 + timedelta(minutes=5))
    disposition.dispatch(db, p.clerk, view.id, p.engineering, version=None)
    deadlines.set_rule(db, p.admin, "handling_method", limit_minutes=30, mode="calendar", pausable=False)
    assert clocks(db, p.clerk, view.id, T0 + timedelta(minutes=50))["handling_method"].status is ClockStatus.RUNNING


# -- 5. a grade changed by hand starts and stops the right clocks --------------------------------------

def test_downgrading_a_major_complaint_clears_its_major_clocks(db, people, make_form):
    p = people
    view = register(db, p.clerk, make_form, grade="major", major_criteria="A")
    at(T0 + timedelta(hours=2))
    corrected = regrade(db, p.clerk, view, "minor", "")
    assert corrected.grade == "minor"
    state = clocks(db, p.clerk, view.id, T0 + timedelta(hours=3))
    assert state["major_report"].status is ClockStatus.CANCELLED
    assert state["major_resolution"].status is ClockStatus.CANCELLED
    assert on_board(db, p.clerk, view.id, T0 + timedelta(hours=3)) >= {"minor_to_major"}
    assert not on_board(db, p.clerk, view.id, T0 + timedelta(hours=3)) & {"major_report", "major_resolution"}
    history = [h for h in complaints.history(db, p.clerk, view.id) if h.field == "grade"]
    assert history[-1].new_value == "minor"


def test_major_for_an_hour_then_minor_still_gets_the_day_ten_upgrade(db, people, make_form):
    p = people
    view = register(db, p.clerk, make_form, grade="major", major_criteria="A")
    at(T0 + timedelta(hours=1))
    regrade(db, p.clerk, view, "minor", "")
    assert upgrade(db, p.clerk, T0 + timedelta(days=10, seconds=1)) == [view.number]


def test_upgrading_by_hand_starts_the_report_clock_then(db, people, make_form):
    p = people
    view = register(db, p.clerk, make_form)
    at(T0 + timedelta(days=2))
    regrade(db, p.clerk, view, "major", "B")
    state = clocks(db, p.clerk, view.id, T0 + timedelta(days=2, minutes=5))
    assert state["major_report"].started_at == T0 + timedelta(days=2)
    assert state["minor_to_major"].applies is False
    assert "minor_to_major" not in on_board(db, p.clerk, view.id, T0 + timedelta(days=2, minutes=5))


def test_a_complaint_past_day_ten_cannot_be_typed_back_to_minor(db, people, make_form):
    p = people
    view = register(db, p.clerk, make_form)
    upgrade(db, p.clerk, T0 + timedelta(days=11))
    with pytest.raises(ValidationFailed) as info:
        regrade(db, p.clerk, complaints.get(db, p.clerk, view.id), "minor", "")
    assert "10 天" in info.value.fields["grade"]


# -- 8. smaller points ----------------------------------------------------------------------------

def test_the_ten_days_are_met_at_the_limit_and_missed_one_second_later(db, people, make_form):
    p = people
    view = register(db, p.clerk, make_form)
    assert upgrade(db, p.clerk, T0 + timedelta(days=10)) == []
    assert upgrade(db, p.clerk, T0 + timedelta(days=10, seconds=1)) == [view.number]


def test_a_late_upgrade_gives_the_area_manager_ten_minutes_from_then(db, people, make_form):
    p = people
    view = register(db, p.clerk, make_form)
    upgrade(db, p.clerk, T0 + timedelta(days=12, hours=3))
    report = clocks(db, p.clerk, view.id, T0 + timedelta(days=12, hours=3, minutes=1))["major_report"]
    assert report.status is ClockStatus.RUNNING
    assert report.deadline == T0 + timedelta(days=12, hours=3, minutes=10)
    reason = complaints.get(db, p.clerk, view.id).grade_reason
    assert "于 2026-11-12 09:00 到期" in reason and "系统于 2026-11-14 12:00 自动转为重大" in reason


@pytest.mark.parametrize(("signed_after", "status"), [
    (timedelta(hours=1), ClockStatus.MET), (timedelta(hours=1, seconds=1), ClockStatus.MISSED),
])
def test_the_hour_of_handling_ends_with_the_heads_signature(db, people, make_form, signed_after, status):
    p = people
    view = register(db, p.clerk, make_form)
    view = disposition.dispatch(db, p.clerk, view.id, p.engineering, version=None)
    at(T0 + timedelta(minutes=20))
    view = disposition.write_method(db, p.handler, view.complaint.id, "上门检修", version=view.version)
    assert clocks(db, p.clerk, view.complaint.id)["handling_method"].is_open
    at(T0 + signed_after)
    view = disposition.sign_method(db, p.head, view.complaint.id, version=view.version)
    assert next(s for s in view.clocks if s.key == "handling_method").status is status
    # the form shows both moments: written and signed
    assert (view.method_at, view.head_at) == (T0 + timedelta(minutes=20), T0 + signed_after)


def test_the_ten_day_countdown_is_on_the_board(db, people, make_form):
    p = people
    view = register(db, p.clerk, make_form)
    assert "minor_to_major" in on_board(db, p.clerk, view.id, T0 + timedelta(days=9))


# -- 6. a year without holiday data is not silent -------------------------------------------------------

def working_ten_days(db, admin) -> None:  # noqa: ANN001
    deadlines.set_work_hours(db, admin, "09:00", "18:00", 0.2)
    deadlines.set_rule(db, admin, "minor_to_major", limit_minutes=10 * 1440, mode="working", pausable=False,
                       unit="days")


def test_a_working_time_clock_into_an_unconfirmed_year_says_so(db, people, make_form):
    p = people
    working_ten_days(db, p.admin)
    at(datetime(2026, 12, 24, 9, 0))
    view = complaints.register(db, p.clerk, make_form())
    ten = clocks(db, p.clerk, view.id)["minor_to_major"]
    assert ten.unknown_years == (2027,)
    assert ten.deadline == datetime(2027, 1, 6, 18, 0)  # 2027-01-01 counted as a working day
    assert "2027 年节假日未确认" in describe_remaining(ten)
    item = next(i for i in deadlines.board(db, p.clerk) if i.record_id == view.id and i.clock.key == "minor_to_major")
    assert "2027 年节假日未确认" in describe_remaining(item.clock)
    # printed on ZC-QR-028 too
    text = disposition.printout(db, p.clerk, view.id)
    assert "2027年节假日未确认,期限可能不准" in pdf_text(text)

    # one day entered does not make the year known; the administrator's confirmation does
    deadlines.set_holiday(db, p.admin, date(2027, 1, 1), False, "元旦")
    assert clocks(db, p.clerk, view.id)["minor_to_major"].unknown_years == (2027,)
    deadlines.confirm_year(db, p.admin, 2027)
    assert clocks(db, p.clerk, view.id)["minor_to_major"].unknown_years == ()
    # and 2027-01-01 is then a day off: the deadline moves a working day later
    assert clocks(db, p.clerk, view.id)["minor_to_major"].deadline == datetime(2027, 1, 7, 18, 0)


def test_calendar_clocks_and_known_years_carry_no_note(db, people, make_form):
    p = people
    at(datetime(2026, 12, 24, 9, 0))
    view = complaints.register(db, p.clerk, make_form())
    assert all(s.unknown_years == () for s in clocks(db, p.clerk, view.id).values())  # calendar time


def test_the_administrator_is_warned_from_december(db, people):
    assert deadlines.years_to_confirm(db, datetime(2026, 11, 30, 12, 0)) == []
    assert deadlines.years_to_confirm(db, datetime(2026, 12, 1, 0, 0)) == [2027]
    deadlines.confirm_year(db, people.admin, 2027)
    assert deadlines.years_to_confirm(db, datetime(2026, 12, 1, 0, 0)) == []


def test_only_the_administrator_confirms_a_year(db, people):
    with pytest.raises(PermissionDenied):
        deadlines.confirm_year(db, people.clerk, 2027)
    with pytest.raises(PermissionDenied):
        deadlines.set_year_schedule(db, people.clerk, 2027, {date(2027, 1, 1): (False, "元旦")})
    assert not deadlines.calendar(db).knows_year(2027)


def test_a_years_schedule_is_entered_whole_or_not_at_all(db, people):
    with pytest.raises(ValidationFailed):
        deadlines.set_year_schedule(db, people.admin, 2027, {date(2027, 1, 1): (False, "元旦"),
                                                              date(2028, 1, 1): (False, "元旦")})
    assert deadlines.holidays(db, 2027) == [] and not deadlines.calendar(db).knows_year(2027)
    deadlines.set_holiday(db, people.admin, date(2027, 3, 8), False, "旧的更正")
    deadlines.set_year_schedule(db, people.admin, 2027, {date(2027, 1, 1): (False, "元旦")})
    assert deadlines.holidays(db, 2027) == [(date(2027, 1, 1), False, "元旦")]  # replaced, not added to
    assert deadlines.calendar(db).knows_year(2027)


# -- 7. limits keep their unit ------------------------------------------------------------------------

def test_ten_working_days_are_ten_office_days(db, people, make_form):
    p = people
    working_ten_days(db, p.admin)
    view = register(db, p.clerk, make_form)  # Monday 2026-11-02 09:00
    ten = clocks(db, p.clerk, view.id)["minor_to_major"]
    assert ten.deadline == datetime(2026, 11, 13, 18, 0)  # two working weeks, not 26.7 working days
    assert upgrade(db, p.clerk, datetime(2026, 11, 13, 18, 0)) == []
    assert upgrade(db, p.clerk, datetime(2026, 11, 16, 9, 0, 1)) == [view.number]
    assert "受理后 10 个工作日仍未合理解决" in complaints.get(db, p.clerk, view.id).grade_reason


def test_twenty_four_working_hours_are_hours_of_office_time(db, people, make_form):
    p = people
    deadlines.set_work_hours(db, p.admin, "09:00", "18:00", 0.2)
    deadlines.set_rule(db, p.admin, "feedback", limit_minutes=24 * 60, mode="working", pausable=False, unit="hours")
    view = register(db, p.clerk, make_form)
    assert clocks(db, p.clerk, view.id)["feedback"].deadline == datetime(2026, 11, 4, 15, 0)  # 9 h + 9 h + 6 h


# -- words that say what happened ------------------------------------------------------------------------

def test_the_ten_days_of_an_upgraded_complaint_never_read_as_met(db, people, make_form):
    p = people
    view = register(db, p.clerk, make_form)
    upgrade(db, p.clerk, T0 + timedelta(days=10, minutes=1))
    ten = clocks(db, p.clerk, view.id)["minor_to_major"]
    assert describe_remaining(ten) == "已转为重大投诉"
    printed = pdf_text(disposition.printout(db, p.clerk, view.id))
    assert "已转为重大投诉" in printed


def test_the_ten_days_of_a_complaint_major_from_the_start_do_not_apply(db, people, make_form):
    p = people
    view = register(db, p.clerk, make_form, grade="major", major_criteria="A")
    assert describe_remaining(clocks(db, p.clerk, view.id)["minor_to_major"]) == "不适用(重大投诉)"


def test_the_handlers_inbox_shows_the_complaints_own_deadline_once_the_method_is_signed(db, people, make_form):
    p = people
    view = register(db, p.clerk, make_form)
    dispatched_and_signed(db, p, view.id, T0 + timedelta(minutes=10))
    row = next(r for r in disposition.inbox(db, p.handler) if r.complaint_id == view.id)
    assert row.clock.key == "minor_to_major" and describe_remaining(row.clock).startswith("剩余")


# -- 4. the callback is the receiver's (minor) or the area manager's (major) ----------------------------

def resolved_complaint(db, p, make_form, **changes):  # noqa: ANN001
    view = register(db, p.clerk, make_form, **changes)
    dispatched_and_signed(db, p, view.id, T0 + timedelta(minutes=10))
    return resolved(db, p, view.id, T0 + timedelta(hours=2), T0 + timedelta(hours=2))


def test_a_minor_callback_is_the_receivers_by_phone_or_wechat(db, people, make_form):
    p = people
    view = disposition.get(db, p.clerk, resolved_complaint(db, p, make_form).complaint.id)
    assert (view.callback_owner, view.callback_is_mine) == ("受理人 王前台", True)
    assert clocks(db, p.clerk, view.complaint.id)["callback"].who == "受理人(电话/微信)"
    with pytest.raises(ValidationFailed) as info:
        disposition.record_verification(db, p.clerk, view.complaint.id, "上门", "李四", True, channel="visit",
                                        version=view.version)
    assert "电话或微信" in info.value.fields["verification_channel"]
    done = disposition.record_verification(db, p.clerk, view.complaint.id, "微信回访,满意", "李四", True,
                                           channel="wechat", version=view.version)
    assert (done.verification_channel, done.verification_for) == ("wechat", "")


def test_someone_else_records_a_minor_callback_only_on_the_receivers_behalf(db, people, make_form):
    p = people
    view = resolved_complaint(db, p, make_form)
    manager_view = disposition.get(db, p.manager, view.complaint.id)
    assert not manager_view.callback_is_mine
    with pytest.raises(ValidationFailed) as info:
        disposition.record_verification(db, p.manager, view.complaint.id, "电话回访", "李四", True, channel="phone",
                                        version=view.version)
    assert "应由受理人 王前台回访" in info.value.fields["verification_for"]
    done = disposition.record_verification(db, p.manager, view.complaint.id, "电话回访", "李四", True,
                                           channel="phone", on_behalf=True, version=view.version)
    assert (done.verified_by_name, done.verification_for) == ("吴片区", "受理人 王前台")
    logged = {(h.field, h.new_value) for h in disposition.history(db, p.clerk, view.complaint.id)}
    assert ("verification_for", "受理人 王前台") in logged and ("verification_channel", "phone") in logged
    printed = pdf_text(disposition.printout(db, p.clerk, view.complaint.id))
    assert "吴片区(代受理人王前台录入)" in printed


def test_a_major_callback_is_the_area_managers_face_to_face(db, people, make_form):
    p = people
    view = resolved_complaint(db, p, make_form, grade="major", major_criteria="A")
    assert view.callback_owner == "片区经理" and not view.callback_is_mine
    assert clocks(db, p.clerk, view.complaint.id)["callback"].who == "片区经理(上门面谈)"
    with pytest.raises(ValidationFailed) as info:
        disposition.record_verification(db, p.manager, view.complaint.id, "电话回访", "李四", True, channel="phone",
                                        version=view.version)
    assert "上门面谈" in info.value.fields["verification_channel"]
    with pytest.raises(ValidationFailed) as info:  # the clerk who received it is not the owner of a major one
        disposition.record_verification(db, p.clerk, view.complaint.id, "上门回访", "李四", True, channel="visit",
                                        version=view.version)
    assert "应由片区经理回访" in info.value.fields["verification_for"]
    done = disposition.record_verification(db, p.manager, view.complaint.id, "上门面谈,客户认可", "李四", True,
                                           channel="visit", version=view.version)
    assert (done.verification_channel, done.verification_for, done.verified_by_name) == ("visit", "", "吴片区")
