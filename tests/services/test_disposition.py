"""The disposition form ZC-QR-028: every step by the right person, in order, with events and history."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select

from frontdesk.db.models import ComplaintEvent, Disposition, HistoryEntry
from frontdesk.domain import disposition as disposition_rules
from frontdesk.domain import wallclock
from frontdesk.domain.errors import NoDisposition, PermissionDenied, StaleRecord, ValidationFailed
from frontdesk.domain.sla import ClockStatus
from frontdesk.services import audit, complaints, deadlines, disposition

T0 = datetime(2026, 11, 25, 9, 0)


@pytest.fixture
def complaint(db, clerk, make_form):
    wallclock.set_fixed(T0)
    return complaints.register(db, clerk, make_form())


def events(db, complaint_id: int) -> list[tuple[str, dict]]:
    with db.read() as session:
        rows = session.execute(
            select(ComplaintEvent).where(ComplaintEvent.complaint_id == complaint_id).order_by(ComplaintEvent.id)
        ).scalars()
        return [(r.kind, json.loads(r.data) if r.data else {}) for r in rows]


def kinds(db, complaint_id: int) -> list[str]:
    return [kind for kind, _data in events(db, complaint_id)]


def changed(db, actor, complaint_id: int) -> list[tuple[str, str, str]]:
    return [(h.action, h.field, h.new_value) for h in disposition.history(db, actor, complaint_id)]


def at(minutes: float) -> None:
    wallclock.set_fixed(T0 + timedelta(minutes=minutes))


def clock_of(view, key: str):  # noqa: ANN001
    return [c for c in view.clocks if c.key == key][-1]


# -- the whole path ----------------------------------------------------------------------------------

def test_full_path_from_dispatch_to_archive(db, people, complaint):
    p = people
    view = disposition.get(db, p.clerk, complaint.id)
    assert view.complaint.number == complaint.number and view.department_id is None
    assert (view.id, view.version) == (None, None)  # not stored until its first step

    at(5)
    view = disposition.dispatch(db, p.clerk, complaint.id, p.engineering, version=view.version, note="尽快上门")
    assert view.complaint.status == "dispatched"
    assert (view.department_name, view.dispatcher_name, view.dispatched_at) == ("工程部", "王前台", T0 + timedelta(minutes=5))
    assert view.handling_limit_minutes == 60
    assert clock_of(view, "handling_method").status is ClockStatus.RUNNING

    at(20)
    view = disposition.give_feedback(db, p.clerk, complaint.id, "已告知客户工程部将上门")
    assert clock_of(view, "feedback").status is ClockStatus.MET

    at(30)
    view = disposition.write_method(db, p.handler, complaint.id, "更换破损水管,修补天花板", version=view.version)
    assert (view.method_by_name, view.method_at) == ("赵工程", T0 + timedelta(minutes=30))
    # the rule book's hour ends with the department head's signature, not the writing
    assert clock_of(view, "handling_method").status is ClockStatus.RUNNING

    at(40)
    view = disposition.sign_method(db, p.head, complaint.id, version=view.version)
    assert (view.head_name, view.head_at) == ("钱经理", T0 + timedelta(minutes=40))
    assert clock_of(view, "handling_method").status is ClockStatus.MET

    at(300)
    view = disposition.record_result(db, p.handler, complaint.id, "水管已更换,天花板已修补",
                                     T0 + timedelta(minutes=290), version=view.version)
    assert view.complaint.status == "resolved"
    assert (view.result_by_name, view.completed_at) == ("赵工程", T0 + timedelta(minutes=290))
    assert clock_of(view, "callback").is_open

    at(600)
    view = disposition.record_verification(db, p.clerk, complaint.id, "电话回访,客户满意", "李四", True,
                                           channel="phone", version=view.version)
    assert view.verification_passed is True and view.verified_by_name == "王前台"
    assert clock_of(view, "callback").status is ClockStatus.MET
    assert view.complaint.status == "resolved"

    at(700)
    view = disposition.supervisor_opinion(db, p.supervisor, complaint.id, "处理及时,同意结案", version=view.version)
    assert view.complaint.status == "closed" and view.supervisor_name == "郑负责人"

    at(710)
    view = disposition.archive(db, p.clerk, complaint.id, version=view.version)
    assert view.complaint.status == "archived"
    assert (view.archived_by_name, view.archived_at) == ("王前台", T0 + timedelta(minutes=710))

    assert kinds(db, complaint.id) == [
        "received", "dispatched", "feedback", "method_written", "method_signed", "resolved",
        "callback_done", "supervisor_signed", "archived",
    ]
    dispatched = events(db, complaint.id)[1][1]
    kept = dispatched.pop("rules")
    assert dispatched == {"department_id": p.engineering, "limit_minutes": 60}
    # the clocks started here keep the rules in force at their start
    assert set(kept) == {"handling_method"}
    assert kept["handling_method"]["limit_minutes"] == 60
    entries = changed(db, p.admin, complaint.id)
    for expected in [
        ("create", "complaint", complaint.number),
        ("dispatch", "department_id", str(p.engineering)),
        ("dispatch", "dispatch_note", "尽快上门"),
        ("update", "status", "dispatched"),
        ("feedback", "feedback", "已告知客户工程部将上门"),
        ("write_method", "method_text", "更换破损水管,修补天花板"),
        ("sign_method", "head_by", str(p.head.id)),
        ("record_result", "result_text", "水管已更换,天花板已修补"),
        ("update", "status", "resolved"),
        ("verify", "verifier_name", "李四"),
        ("verify", "verification_passed", "1"),
        ("supervisor_sign", "supervisor_opinion", "处理及时,同意结案"),
        ("update", "status", "closed"),
        ("archive", "archived_by", str(p.clerk.id)),
        ("update", "status", "archived"),
    ]:
        assert expected in entries
    assert audit.verify_chain(db).ok


# -- refusals ----------------------------------------------------------------------------------------

@pytest.fixture
def dispatched(db, people, complaint):
    at(1)
    return disposition.dispatch(db, people.clerk, complaint.id, people.engineering, version=None)


def test_clerk_cannot_sign_the_supervisor_block(db, people, dispatched):
    with pytest.raises(PermissionDenied, match="资产管理部负责人"):
        disposition.supervisor_opinion(db, people.clerk, dispatched.complaint.id, "同意", version=dispatched.version)


def test_handler_cannot_write_another_departments_method(db, people, dispatched):
    with pytest.raises(PermissionDenied, match="被派单部门的处理人"):
        disposition.write_method(db, people.cleaner, dispatched.complaint.id, "派人清扫", version=dispatched.version)
    with pytest.raises(PermissionDenied):
        disposition.sign_method(db, people.cleaning_head, dispatched.complaint.id, version=dispatched.version)
    assert kinds(db, dispatched.complaint.id) == ["received", "dispatched"]
    assert disposition.get(db, people.clerk, dispatched.complaint.id).version == dispatched.version


def test_a_handler_who_is_not_head_cannot_sign(db, people, dispatched):
    view = disposition.write_method(db, people.handler, dispatched.complaint.id, "更换水管", version=dispatched.version)
    with pytest.raises(PermissionDenied, match="负责人签字"):
        disposition.sign_method(db, people.handler, view.complaint.id, version=view.version)


def test_the_head_cannot_sign_a_method_they_wrote(db, people, dispatched):
    view = disposition.write_method(db, people.head, dispatched.complaint.id, "更换水管", version=dispatched.version)
    assert not disposition_rules.can_fill(people.head, disposition_rules.HEAD, view)
    with pytest.raises(ValidationFailed, match="另一位"):
        disposition.sign_method(db, people.head, view.complaint.id, version=view.version)
    assert disposition.get(db, people.clerk, view.complaint.id).head_at is None
    view = disposition.write_method(db, people.handler, view.complaint.id, "更换水管,修补天花板", version=view.version)
    assert disposition_rules.can_fill(people.head, disposition_rules.HEAD, view)
    assert disposition.sign_method(db, people.head, view.complaint.id, version=view.version).head_name == "钱经理"


def test_reading_the_form_writes_nothing(db, people, complaint):
    auditor = people._make(db, "audit", "孙审计", "auditor", None)
    before = _rows(db)
    view = disposition.get(db, auditor, complaint.id)
    assert (view.id, view.version, view.department_id) == (None, None, None)
    disposition.get(db, people.clerk, complaint.id)
    disposition.history(db, auditor, complaint.id)
    assert _rows(db) == before
    view = disposition.dispatch(db, people.clerk, complaint.id, people.engineering, version=view.version)
    assert view.id is not None and view.version == 1
    created = [(h.action, h.field) for h in disposition.history(db, auditor, complaint.id)]
    assert created.count(("create", "complaint")) == 1


def _rows(db) -> tuple[int, int]:  # noqa: ANN001
    with db.read() as session:
        return (session.execute(select(func.count(Disposition.id))).scalar_one(),
                session.execute(select(func.count(HistoryEntry.id))).scalar_one())


def test_head_cannot_sign_before_a_method_is_written(db, people, dispatched):
    with pytest.raises(ValidationFailed, match="尚未填写处理方法"):
        disposition.sign_method(db, people.head, dispatched.complaint.id, version=dispatched.version)


def test_method_cannot_change_after_the_head_signed(db, people, dispatched):
    view = disposition.write_method(db, people.handler, dispatched.complaint.id, "更换水管", version=dispatched.version)
    view = disposition.sign_method(db, people.head, view.complaint.id, version=view.version)
    with pytest.raises(ValidationFailed, match="已由部门负责人签字"):
        disposition.write_method(db, people.head, view.complaint.id, "改为明天处理", version=view.version)


def test_service_station_records_result_only_after_the_head_signed(db, people, dispatched):
    view = disposition.write_method(db, people.handler, dispatched.complaint.id, "更换水管", version=dispatched.version)
    with pytest.raises(ValidationFailed, match="负责人签字后"):
        disposition.record_result(db, people.clerk, view.complaint.id, "已修好", None, version=view.version)
    view = disposition.sign_method(db, people.head, view.complaint.id, version=view.version)
    at(90)
    view = disposition.record_result(db, people.clerk, view.complaint.id, "已修好", None, version=view.version)
    assert view.complaint.status == "resolved" and view.completed_at == T0 + timedelta(minutes=90)


def test_archive_before_the_supervisor_is_refused(db, people, dispatched):
    with pytest.raises(ValidationFailed, match="签署意见后才能归档"):
        disposition.archive(db, people.clerk, dispatched.complaint.id, version=dispatched.version)


def test_supervisor_signs_only_after_a_passed_verification(db, people, dispatched):
    with pytest.raises(ValidationFailed, match="验证、回访通过后"):
        disposition.supervisor_opinion(db, people.supervisor, dispatched.complaint.id, "同意",
                                       version=dispatched.version)


def test_admin_signs_no_block(db, people, complaint):
    p = people
    view = disposition.get(db, p.admin, complaint.id)
    for step in (
        lambda: disposition.dispatch(db, p.admin, complaint.id, p.engineering, version=view.version),
        lambda: disposition.record_result(db, p.admin, complaint.id, "已解决", None, on_the_spot=True,
                                          version=view.version),
        lambda: disposition.give_feedback(db, p.admin, complaint.id, "已回复"),
        lambda: disposition.supervisor_opinion(db, p.admin, complaint.id, "同意", version=view.version),
        lambda: disposition.archive(db, p.admin, complaint.id, version=view.version),
    ):
        with pytest.raises(PermissionDenied):
            step()
    assert kinds(db, complaint.id) == ["received"]


def test_only_the_area_manager_reports_a_major_complaint(db, people, make_form):
    at(0)
    major = complaints.register(db, people.clerk, make_form(grade="major", major_criteria="C"))
    with pytest.raises(PermissionDenied, match="片区经理"):
        disposition.report_major(db, people.clerk, major.id, "已报告")
    at(8)
    view = disposition.report_major(db, people.manager, major.id, "已电话报告资产管理部负责人")
    assert clock_of(view, "major_report").status is ClockStatus.MET
    assert "reported_major" in kinds(db, major.id)


def test_minor_complaint_is_not_reported(db, people, complaint):
    with pytest.raises(ValidationFailed, match="只有重大投诉"):
        disposition.report_major(db, people.manager, complaint.id, "上报")


def test_stale_version_is_refused(db, people, dispatched):
    disposition.write_method(db, people.handler, dispatched.complaint.id, "更换水管", version=dispatched.version)
    with pytest.raises(StaleRecord):
        disposition.write_method(db, people.handler, dispatched.complaint.id, "另一个方法", version=dispatched.version)


def test_a_step_out_of_order_is_refused(db, people, complaint):
    view = disposition.get(db, people.clerk, complaint.id)
    with pytest.raises(ValidationFailed, match="尚未派单"):
        disposition.record_result(db, people.clerk, complaint.id, "已修好", None, version=view.version)
    with pytest.raises(ValidationFailed, match="还没有处理结果"):
        disposition.record_verification(db, people.clerk, complaint.id, "满意", "李四", True, channel="phone",
                                           version=view.version)


# -- other paths -------------------------------------------------------------------------------------

def test_on_the_spot_goes_straight_to_the_result(db, people, complaint):
    at(10)
    view = disposition.record_result(db, people.clerk, complaint.id, "当场为客户更换门禁卡", None,
                                     on_the_spot=True, version=None)
    assert view.on_the_spot and view.complaint.status == "resolved"
    assert view.department_id is None and view.method_text == ""
    assert kinds(db, complaint.id) == ["received", "resolved"]
    resolved = events(db, complaint.id)[1][1]
    assert resolved.pop("rules").keys() >= {"callback"}
    assert resolved == {"on_the_spot": True, "entered_at": str(T0 + timedelta(minutes=10))}
    assert clock_of(view, "feedback").status is ClockStatus.MET
    view = disposition.record_verification(db, people.clerk, complaint.id, "客户当场确认", "李四", True,
                                           channel="phone", version=view.version)
    view = disposition.supervisor_opinion(db, people.supervisor, complaint.id, "同意", version=view.version)
    view = disposition.archive(db, people.manager, complaint.id, version=view.version)
    assert view.complaint.status == "archived"


def test_on_the_spot_is_refused_once_dispatched(db, people, dispatched):
    with pytest.raises(ValidationFailed, match="尚未派单的投诉"):
        disposition.record_result(db, people.clerk, dispatched.complaint.id, "当场解决", None, on_the_spot=True,
                                  version=dispatched.version)


def test_escalation_to_another_department_keeps_tracking(db, people, dispatched):
    at(20)
    view = disposition.escalate(db, people.clerk, dispatched.complaint.id, people.cleaning,
                                "属保洁范围,转保洁部", version=dispatched.version)
    assert view.complaint.escalated and view.complaint.status == "dispatched"
    assert view.department_name == "保洁部"
    assert events(db, view.complaint.id)[-2] == (
        "escalated", {"note": "属保洁范围,转保洁部", "to_department_id": people.cleaning})
    assert [row.complaint_id for row in disposition.inbox(db, people.cleaner)] == [view.complaint.id]
    assert disposition.inbox(db, people.handler) == []
    with pytest.raises(PermissionDenied):
        disposition.write_method(db, people.handler, view.complaint.id, "更换水管", version=view.version)
    view = disposition.write_method(db, people.cleaner, view.complaint.id, "安排清扫", version=view.version)
    numbers = [item.number for item in deadlines.board(db, people.clerk)]
    assert view.complaint.number in numbers
    assert ("escalate", "escalated", "1") in changed(db, people.admin, view.complaint.id)


def test_escalation_to_a_superior(db, people, dispatched):
    view = disposition.escalate(db, people.manager, dispatched.complaint.id, None, "客户要求公司领导答复",
                                version=dispatched.version)
    assert view.complaint.escalated and view.department_name == "工程部"
    assert events(db, view.complaint.id)[-1] == ("escalated", {"note": "客户要求公司领导答复", "to": "superior"})


def test_failed_verification_reopens(db, people, dispatched):
    cid = dispatched.complaint.id
    view = disposition.write_method(db, people.handler, cid, "更换水管", version=dispatched.version)
    view = disposition.sign_method(db, people.head, cid, version=view.version)
    view = disposition.record_result(db, people.handler, cid, "已更换", None, version=view.version)
    at(200)
    view = disposition.record_verification(db, people.clerk, cid, "客户反映仍在漏水", "李四", False,
                                           channel="phone", version=view.version)
    assert view.complaint.status == "dispatched"
    assert view.verification_passed is False and view.method_text == "" and view.result_text == ""
    assert kinds(db, cid)[-3:] == ["callback_done", "reopened", "dispatched"]
    assert clock_of(view, "handling_method").is_open
    assert [r.complaint_id for r in disposition.inbox(db, people.handler)] == [cid]
    with pytest.raises(ValidationFailed):
        disposition.supervisor_opinion(db, people.supervisor, cid, "同意", version=view.version)
    view = disposition.write_method(db, people.handler, cid, "重新查找漏点", version=view.version)
    assert view.method_text == "重新查找漏点"


def test_invalid_complaint_has_no_disposition(db, people, make_form):
    invalid = complaints.register(db, people.clerk, make_form(validity="invalid", validity_note="不属于物业服务范围"))
    with pytest.raises(NoDisposition, match="不属于物业服务范围"):
        disposition.get(db, people.clerk, invalid.id)
    with pytest.raises(NoDisposition):
        disposition.dispatch(db, people.clerk, invalid.id, people.engineering, version=None)


def test_handler_sees_masked_phone(db, people, dispatched):
    assert disposition.get(db, people.handler, dispatched.complaint.id).complaint.phone == "138****5678"
    assert disposition.get(db, people.clerk, dispatched.complaint.id).complaint.phone == "13812345678"


# -- the 1 h handling clock --------------------------------------------------------------------------

@pytest.mark.parametrize(("seconds", "status"),
                         [(3599, ClockStatus.MET), (3600, ClockStatus.MET), (3601, ClockStatus.MISSED)])
def test_handling_clock_met_or_missed_by_the_heads_signature(db, people, complaint, seconds, status):
    disposition.dispatch(db, people.clerk, complaint.id, people.engineering, version=None)
    wallclock.set_fixed(T0 + timedelta(minutes=10))
    view = disposition.write_method(db, people.handler, complaint.id, "更换水管", version=None)
    assert clock_of(view, "handling_method").status is ClockStatus.RUNNING
    wallclock.set_fixed(T0 + timedelta(seconds=seconds))
    view = disposition.sign_method(db, people.head, complaint.id, version=view.version)
    assert clock_of(view, "handling_method").status is status
    wallclock.set_fixed(T0 + timedelta(days=1))
    assert clock_of(disposition.get(db, people.clerk, complaint.id), "handling_method").status is status


def test_dispatch_with_its_own_limit(db, people, complaint):
    view = disposition.dispatch(db, people.clerk, complaint.id, people.engineering, version=None, limit_minutes=30)
    at(25)
    state = clock_of(disposition.get(db, people.clerk, complaint.id), "handling_method")
    assert state.limit == timedelta(minutes=30) and state.status is ClockStatus.WARNING
    assert view.handling_limit_minutes == 30


# -- lists ---------------------------------------------------------------------------------------------

def test_inbox_oldest_deadline_first_with_time_left(db, people, make_form):
    at(0)
    first = complaints.register(db, people.clerk, make_form(complainant="甲"))
    second = complaints.register(db, people.clerk, make_form(complainant="乙"))
    other = complaints.register(db, people.clerk, make_form(complainant="丙"))
    at(10)
    disposition.dispatch(db, people.clerk, second.id, people.engineering, version=None)
    at(20)
    disposition.dispatch(db, people.clerk, first.id, people.engineering, version=None, limit_minutes=120)
    disposition.dispatch(db, people.clerk, other.id, people.cleaning, version=None)
    at(30)
    rows = disposition.inbox(db, people.handler)
    assert [r.complainant for r in rows] == ["乙", "甲"]
    assert rows[0].clock.remaining == timedelta(minutes=40)
    assert rows[1].handling_limit_minutes == 120
    assert disposition.inbox(db, people.clerk) == []


def test_todo_lists(db, people, complaint, make_form):
    waiting = complaints.register(db, people.clerk, make_form(complainant="待派"))
    assert [r.complaint_id for r in disposition.todo(db, people.clerk, "dispatch")] == [complaint.id, waiting.id]
    view = disposition.record_result(db, people.clerk, complaint.id, "当场解决", None, on_the_spot=True, version=None)
    assert [r.complaint_id for r in disposition.todo(db, people.clerk, "callback")] == [complaint.id]
    view = disposition.record_verification(db, people.clerk, complaint.id, "满意", "李四", True, channel="phone",
                                           version=view.version)
    assert disposition.todo(db, people.clerk, "callback") == []
    assert [r.complaint_id for r in disposition.todo(db, people.supervisor, "opinion")] == [complaint.id]
    disposition.supervisor_opinion(db, people.supervisor, complaint.id, "同意", version=view.version)
    assert [r.complaint_id for r in disposition.todo(db, people.manager, "archive")] == [complaint.id]
    with pytest.raises(PermissionDenied):
        disposition.todo(db, people.handler, "archive")
    assert [k for k, _label in disposition_rules.todo_kinds(people.supervisor)] == ["opinion"]


def test_can_fill_mirrors_the_service(db, people, dispatched):
    view = dispatched
    assert disposition_rules.can_fill(people.handler, disposition_rules.METHOD, view)
    assert not disposition_rules.can_fill(people.cleaner, disposition_rules.METHOD, view)
    assert not disposition_rules.can_fill(people.head, disposition_rules.HEAD, view)  # nothing written yet
    assert not disposition_rules.can_fill(people.clerk, disposition_rules.SUPERVISOR, view)
    assert not disposition_rules.can_fill(people.admin, disposition_rules.ARCHIVE, view)


# -- printing ------------------------------------------------------------------------------------------

def test_print_form_filled_and_blank_is_logged(db, people, dispatched, tmp_path):
    filled, blank = tmp_path / "filled.pdf", tmp_path / "blank.pdf"
    assert disposition.print_form(db, people.handler, dispatched.complaint.id, filled) >= 1
    assert disposition.print_form(db, people.clerk, None, blank) >= 1
    assert filled.read_bytes().startswith(b"%PDF") and blank.read_bytes().startswith(b"%PDF")
    printed = [h for h in disposition.history(db, people.admin, dispatched.complaint.id) if h.action == "export"]
    assert len(printed) == 1 and '"masked": true' in printed[0].new_value


def test_awaiting_dispatch_after_feedback_shows_the_time_left_before_it_becomes_major(db, people, complaint):
    row = disposition.todo(db, people.clerk, "dispatch")[0]
    assert row.clock.key == "feedback" and row.clock.is_open
    at(2)
    disposition.give_feedback(db, people.clerk, complaint.id, "已告知客户明天上门")
    row = disposition.todo(db, people.clerk, "dispatch")[0]
    assert row.clock.key == "minor_to_major" and row.clock.is_open
