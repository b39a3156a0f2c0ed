"""Work contact letters Z-QR-025: numbering, who may do what, states and the reply clock."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from frontdesk.db.models import ComplaintEvent, Department, Letter
from frontdesk.domain import wallclock
from frontdesk.domain.errors import PermissionDenied, StaleRecord, ValidationFailed
from frontdesk.domain.letter import LetterInput
from frontdesk.domain.sla import ClockStatus
from frontdesk.services import audit, auth, complaints, deadlines, letters, reference

NOW = datetime(2026, 11, 20, 9, 0)


@pytest.fixture
def depts(db, admin) -> dict[str, int]:
    return {o.name: o.id for o in reference.departments(db)}


@pytest.fixture
def people(db, admin, clerk, depts):
    """A clerk of the service station, two department handlers, a supervisor, an area manager, an auditor."""
    def make(username, name, role, dept=None):
        auth.create_user(db, admin, username, name, "secret9", role, depts.get(dept) if dept else None)
        return auth.sign_in(db, username, "secret9")

    wallclock.set_fixed(NOW)
    return {
        "clerk": make("desk", "王前台", "clerk", "服务站"),
        "eng": make("eng", "赵工程", "handler", "工程部"),
        "clean": make("clean", "钱保洁", "handler", "保洁部"),
        "supervisor": make("boss", "吴主管", "supervisor", "资产管理部"),
        "manager": make("area", "周经理", "area_manager"),
        "auditor": make("audit", "孙审计", "auditor"),
        "admin": admin,
    }


def form(depts, frm="服务站", to="工程部", **changes) -> LetterInput:
    values = dict(
        from_department_id=depts[frm], to_department_id=depts[to], subject="3-2-1201 天花板渗水",
        body="业主反映楼上漏水,请工程部上门查看并维修。", reply_due=NOW + timedelta(days=2),
        issuer_name="刘站长", copies="上级领导、总经理", requirement="两日内书面回复处理结果",
    )
    values.update(changes)
    return LetterInput(**values)


def codes(db) -> dict[int, str]:
    with db.read() as session:
        return dict(session.execute(select(Department.id, Department.code)).all())


def test_create_numbers_per_department_gapless(db, people, depts):
    code = codes(db)
    eng = people["eng"]
    made = []
    for i in range(3):  # interleaved: station, engineering, station, engineering …
        made.append(letters.create(db, people["clerk"], form(depts, subject=f"站{i}")))
        made.append(letters.create(db, eng, form(depts, frm="工程部", to="保洁部", subject=f"工{i}")))
    station = [v.number for v in made if v.from_department_id == depts["服务站"]]
    engineering = [v.number for v in made if v.from_department_id == depts["工程部"]]
    assert station == [f"{code[depts['服务站']]}-202611-{i:03d}" for i in (1, 2, 3)]
    assert engineering == [f"{code[depts['工程部']]}-202611-{i:03d}" for i in (1, 2, 3)]
    first = made[0]
    assert first.status == "sent" and first.handler_name == "王前台" and first.sent_at == NOW
    assert first.copies == "上级领导、总经理" and first.issuer_name == "刘站长"
    assert first.to_department_name == "工程部"
    assert [h.field for h in letters.history(db, people["clerk"], first.id)][0] == "number"


def test_numbers_unique_and_gapless_under_concurrent_saves(db, people, depts):
    errors: list[BaseException] = []
    numbers: list[str] = []
    lock = threading.Lock()

    def send(actor, frm, to):
        try:
            for _ in range(5):
                view = letters.create(db, actor, form(depts, frm=frm, to=to))
                with lock:
                    numbers.append(view.number)
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=send, args=(people["clerk"], "服务站", "工程部")) for _ in range(2)]
    threads.append(threading.Thread(target=send, args=(people["eng"], "工程部", "保洁部")))
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors
    code = codes(db)
    assert sorted(n for n in numbers if n.startswith(code[depts["服务站"]])) == [
        f"{code[depts['服务站']]}-202611-{i:03d}" for i in range(1, 11)]
    assert sorted(n for n in numbers if n.startswith(code[depts["工程部"]])) == [
        f"{code[depts['工程部']]}-202611-{i:03d}" for i in range(1, 6)]
    assert audit.verify_chain(db).ok


@pytest.mark.parametrize("due", [NOW, NOW - timedelta(minutes=1), None])
def test_reply_deadline_must_be_in_the_future(db, people, depts, due):
    with pytest.raises(ValidationFailed) as info:
        letters.create(db, people["clerk"], form(depts, reply_due=due))
    assert "reply_due" in info.value.fields
    with db.read() as session:
        assert session.execute(select(Letter)).first() is None


def test_bad_input_is_named_per_field(db, people, depts):
    with pytest.raises(ValidationFailed) as info:
        letters.create(db, people["clerk"], form(depts, to="服务站", subject=" ", body="", issuer_name=""))
    assert set(info.value.fields) >= {"to_department_id", "subject", "body", "issuer_name"}
    assert "不能与发函部门相同" in info.value.fields["to_department_id"]
    with pytest.raises(ValidationFailed) as info:
        letters.create(db, people["clerk"], form(depts, complaint_id=999))
    assert "complaint_id" in info.value.fields


def test_who_may_create(db, people, depts):
    for role in ("auditor", "admin"):
        with pytest.raises(PermissionDenied):
            letters.create(db, people[role], form(depts))
    with pytest.raises(PermissionDenied):  # a handler writes only for their own department
        letters.create(db, people["eng"], form(depts, frm="保洁部", to="服务站"))
    letters.create(db, people["manager"], form(depts))
    letters.create(db, people["supervisor"], form(depts, frm="资产管理部"))
    with db.read() as session:
        assert len(session.execute(select(Letter)).all()) == 2


def test_receive_and_reply_only_by_the_receiving_department(db, people, depts):
    sent = letters.create(db, people["clerk"], form(depts))
    for role in ("clean", "clerk", "admin", "auditor", "manager"):
        with pytest.raises(PermissionDenied):
            letters.receive(db, people[role], sent.id, sent.version)
        with pytest.raises(PermissionDenied):
            letters.reply(db, people[role], sent.id, "已处理", sent.version)
    assert letters.get(db, people["clerk"], sent.id).status == "sent"

    wallclock.set_fixed(NOW + timedelta(hours=1))
    received = letters.receive(db, people["eng"], sent.id, sent.version)
    assert received.status == "received" and received.received_by_name == "赵工程"
    with pytest.raises(StaleRecord):
        letters.reply(db, people["eng"], sent.id, "已处理", sent.version)
    with pytest.raises(ValidationFailed) as info:
        letters.reply(db, people["eng"], sent.id, "  ", received.version)
    assert "reply_text" in info.value.fields

    wallclock.set_fixed(NOW + timedelta(hours=5))
    replied = letters.reply(db, people["eng"], sent.id, "已派人更换水管,渗水已停止。", received.version)
    assert replied.status == "replied"
    assert replied.replied_by_name == "赵工程" and replied.replied_at == NOW + timedelta(hours=5)
    entry = letters.entry(db, people["clerk"], sent.id)
    assert entry.clock.status is ClockStatus.MET
    fields = [h.field for h in letters.history(db, people["clerk"], sent.id)]
    assert "reply_text" in fields and fields.count("status") == 2


def test_reply_without_signing_first_signs_too(db, people, depts):
    sent = letters.create(db, people["clerk"], form(depts))
    replied = letters.reply(db, people["eng"], sent.id, "已处理", sent.version)
    assert replied.received_by_name == "赵工程" and replied.received_at == NOW


def test_leader_opinion_only_by_supervisor_or_area_manager(db, people, depts):
    sent = letters.create(db, people["clerk"], form(depts))
    for role in ("clerk", "eng", "auditor", "admin"):
        with pytest.raises(PermissionDenied):
            letters.leader_opinion(db, people[role], sent.id, "同意", sent.version)
    view = letters.leader_opinion(db, people["supervisor"], sent.id, "请工程部优先处理", sent.version)
    assert view.leader_opinion == "请工程部优先处理" and view.leader_name == "吴主管"



@pytest.mark.parametrize("second", ["manager", "supervisor"])
def test_a_signed_leader_opinion_is_not_overwritten(db, people, depts, second):
    sent = letters.create(db, people["clerk"], form(depts))
    view = letters.leader_opinion(db, people["supervisor"], sent.id, "请工程部优先处理", sent.version)
    with pytest.raises(ValidationFailed, match="已签署") as refused:
        letters.leader_opinion(db, people[second], sent.id, "已督办", view.version)
    assert set(refused.value.fields) == {"leader_opinion"}
    kept = letters.get(db, people["clerk"], sent.id)
    assert (kept.leader_opinion, kept.leader_name, kept.version) == ("请工程部优先处理", "吴主管", view.version)


def test_overdue_is_derived_one_second_after_the_deadline(db, people, depts):
    due = NOW + timedelta(hours=4)
    sent = letters.create(db, people["clerk"], form(depts, reply_due=due))
    wallclock.set_fixed(due)
    assert letters.get(db, people["clerk"], sent.id).status == "sent"
    assert letters.entry(db, people["clerk"], sent.id).clock.status is ClockStatus.WARNING
    wallclock.set_fixed(due + timedelta(seconds=1))
    assert letters.get(db, people["clerk"], sent.id).status == "overdue"
    assert [v.id for v in letters.list_letters(db, people["clerk"], status="overdue")] == [sent.id]
    with db.read() as session:  # never stored
        assert session.get(Letter, sent.id).status == "sent"
    board = deadlines.board(db, people["clerk"])
    assert any(i.kind == "letter" and i.record_id == sent.id and i.clock.status is ClockStatus.OVERDUE
               for i in board)


def test_late_reply_is_recorded_and_stays_missed(db, people, depts):
    due = NOW + timedelta(hours=4)
    sent = letters.create(db, people["clerk"], form(depts, reply_due=due))
    wallclock.set_fixed(due + timedelta(hours=1))
    replied = letters.reply(db, people["eng"], sent.id, "迟到的回复", sent.version)
    assert replied.status == "replied" and replied.reply_text == "迟到的回复"
    wallclock.set_fixed(due + timedelta(days=3))
    entry = letters.entry(db, people["clerk"], sent.id)
    assert entry.clock.status is ClockStatus.MISSED
    assert entry.view.status == "replied"


def test_letter_linked_to_a_complaint_shows_in_its_events_and_history(db, people, depts, make_form):
    complaint = complaints.register(db, people["clerk"], make_form())
    sent = letters.create(db, people["clerk"], form(depts, complaint_id=complaint.id))
    assert sent.complaint_number == complaint.number
    with db.read() as session:
        events = session.execute(
            select(ComplaintEvent.kind, ComplaintEvent.data).where(ComplaintEvent.complaint_id == complaint.id)
        ).all()
    assert "letter_sent" in [kind for kind, _data in events]
    assert f'"letter_id": {sent.id}' in next(data for kind, data in events if kind == "letter_sent")
    items = complaints.history(db, people["clerk"], complaint.id)
    assert any(i.field == "letter" and i.new_value == sent.number for i in items)
    letters.reply(db, people["eng"], sent.id, "已处理", sent.version)
    with db.read() as session:
        kinds = session.execute(
            select(ComplaintEvent.kind).where(ComplaintEvent.complaint_id == complaint.id)
        ).scalars().all()
    assert "letter_replied" in kinds


def test_lists_by_direction_and_visibility(db, people, depts):
    late = letters.create(db, people["clerk"], form(depts, reply_due=NOW + timedelta(days=3)))
    soon = letters.create(db, people["clerk"], form(depts, reply_due=NOW + timedelta(days=1)))
    other = letters.create(db, people["clean"], form(depts, frm="保洁部", to="服务站"))
    # everyone at the station and head office sees all, earliest deadline first
    assert [v.id for v in letters.list_letters(db, people["auditor"])] == [soon.id, other.id, late.id]
    # a handler sees only their department's
    assert {v.id for v in letters.list_letters(db, people["eng"])} == {late.id, soon.id}
    assert [v.id for v in letters.list_letters(db, people["eng"], "received")] == [soon.id, late.id]
    assert letters.list_letters(db, people["eng"], "sent") == []
    assert [v.id for v in letters.list_letters(db, people["clerk"], "received")] == [other.id]
    assert [v.id for v in letters.list_letters(db, people["clerk"], "sent")] == [soon.id, late.id]
    with pytest.raises(PermissionDenied):
        letters.get(db, people["eng"], other.id)
    assert letters.awaiting_reply(db, people["eng"]) == 2
    assert letters.awaiting_reply(db, people["clerk"]) == 1
    assert letters.awaiting_reply(db, people["manager"]) == 0
    letters.reply(db, people["eng"], soon.id, "已处理", soon.version)
    assert letters.awaiting_reply(db, people["eng"]) == 1
    assert [v.id for v in letters.list_letters(db, people["clerk"], status="replied")] == [soon.id]
