"""Registering and editing complaints: numbers, history, roles, validity, grades."""

from __future__ import annotations

import json
from datetime import datetime

import pytest
from sqlalchemy import text

from frontdesk.domain import wallclock
from frontdesk.domain.errors import PermissionDenied, StaleRecord, ValidationFailed
from frontdesk.domain.types import CustomerInput
from frontdesk.domain.vocab import MAJOR_CRITERIA
from frontdesk.services import auth, complaints, customers


def _count(db, table: str) -> int:  # noqa: ANN001
    with db.read() as session:
        return session.execute(text(f"SELECT count(*) FROM {table}")).scalar()


def test_numbers_run_per_month_and_restart_next_month(db, clerk, make_form):
    wallclock.set_fixed(datetime(2026, 11, 30, 23, 58))
    first = complaints.register(db, clerk, make_form())
    second = complaints.register(db, clerk, make_form())
    wallclock.set_fixed(datetime(2026, 12, 1, 0, 1))
    third = complaints.register(db, clerk, make_form())
    assert [first.number, second.number, third.number] == ["TS-202611-0001", "TS-202611-0002", "TS-202612-0001"]
    assert first.received_at == datetime(2026, 11, 30, 23, 58)
    assert first.receiver_name == "王前台"
    assert first.status == "registered"


def test_paper_form_entered_later_takes_the_number_of_its_month(db, clerk, make_form):
    wallclock.set_fixed(datetime(2026, 12, 2, 9, 0))
    late = complaints.register(db, clerk, make_form(received_at=datetime(2026, 11, 28, 15, 0)))
    assert late.number == "TS-202611-0001"
    assert late.received_at == datetime(2026, 11, 28, 15, 0)


def test_register_writes_history_and_an_event(db, clerk, make_form):
    view = complaints.register(db, clerk, make_form())
    items = complaints.history(db, clerk, view.id)
    assert [(i.action, i.field, i.username) for i in items] == [
        ("create", "number", "clerk"), ("create", "*", "clerk")]
    assert items[0].new_value == view.number
    snapshot = json.loads(items[1].new_value)
    assert snapshot["content"] == "楼上漏水,天花板渗水" and snapshot["phone"] == "13812345678"
    with db.read() as session:
        kinds = session.execute(
            text("SELECT kind FROM complaint_events WHERE complaint_id = :i"), {"i": view.id}).scalars().all()
    assert kinds == ["received"]


def test_update_writes_one_entry_per_changed_field(db, clerk, make_form):
    view = complaints.register(db, clerk, make_form())
    form = complaints.as_input(view)
    changed = complaints.update(
        db, clerk, view.id, form.__class__(**{**form.__dict__, "content": "楼上漏水已三天", "demand": "赔偿损失"}),
        view.version,
    )
    assert changed.content == "楼上漏水已三天" and changed.version == view.version + 1
    updates = [i for i in complaints.history(db, clerk, view.id) if i.action == "update"]
    assert sorted((i.field, i.old_value, i.new_value) for i in updates) == [
        ("content", "楼上漏水,天花板渗水", "楼上漏水已三天"),
        ("demand", "尽快维修", "赔偿损失"),
    ]


def test_saving_without_changes_writes_nothing(db, clerk, make_form):
    view = complaints.register(db, clerk, make_form())
    before = _count(db, "history")
    same = complaints.update(db, clerk, view.id, complaints.as_input(view), view.version)
    assert _count(db, "history") == before
    assert same.version == view.version


def test_stale_version_is_refused(db, clerk, make_form):
    view = complaints.register(db, clerk, make_form())
    complaints.update(db, clerk, view.id, make_form(content="第一次修改"), view.version)
    with pytest.raises(StaleRecord):
        complaints.update(db, clerk, view.id, make_form(content="过期的修改"), view.version)
    assert complaints.get(db, clerk, view.id).content == "第一次修改"


@pytest.mark.parametrize("validity", ["invalid", "unreasonable"])
def test_invalid_or_unreasonable_is_closed_with_the_explanation(db, clerk, make_form, validity):
    with pytest.raises(ValidationFailed) as info:
        complaints.register(db, clerk, make_form(validity=validity))
    assert "validity_note" in info.value.fields
    assert _count(db, "complaints") == 0
    view = complaints.register(db, clerk, make_form(validity=validity, validity_note=" 不在合同范围内,已解释 "))
    assert view.status == "closed"
    assert view.validity == validity and view.validity_note == "不在合同范围内,已解释"
    with db.read() as session:
        row = session.execute(text(
            "SELECT kind, data FROM complaint_events WHERE complaint_id = :i AND kind = 'closed'"), {"i": view.id}).one()
    assert json.loads(row.data)["explanation"] == "不在合同范围内,已解释"


def test_valid_complaint_stays_open(db, clerk, make_form):
    assert complaints.register(db, clerk, make_form()).status == "registered"


def test_major_keeps_its_criteria_and_reason(db, clerk, make_form):
    view = complaints.register(db, clerk, make_form(grade="major", major_criteria="CAC"))
    assert view.grade == "major" and view.major_criteria == "AC"
    assert MAJOR_CRITERIA["A"] in view.grade_reason and MAJOR_CRITERIA["C"] in view.grade_reason
    assert MAJOR_CRITERIA["B"] not in view.grade_reason
    minor = complaints.register(db, clerk, make_form())
    assert minor.grade_reason == ""


def test_major_without_criteria_is_refused(db, clerk, make_form):
    with pytest.raises(ValidationFailed) as info:
        complaints.register(db, clerk, make_form(grade="major"))
    assert "major_criteria" in info.value.fields


def test_unknown_category_is_refused(db, clerk, make_form):
    with pytest.raises(ValidationFailed) as info:
        complaints.register(db, clerk, make_form(category_id=9999, department_id=9999))
    assert {"category_id", "department_id"} <= set(info.value.fields)


@pytest.mark.parametrize("role", ["auditor", "handler", "supervisor"])
def test_roles_that_may_not_register_write_nothing(db, admin, make_form, role):
    auth.create_user(db, admin, role, "某人", "secret9", role, department_id=1 if role == "handler" else None)
    actor = auth.sign_in(db, role, "secret9")
    history_before = _count(db, "history")
    with pytest.raises(PermissionDenied):
        complaints.register(db, actor, make_form(), new_customer=CustomerInput(name="赵六", phone="13900000000"))
    assert _count(db, "complaints") == 0
    assert _count(db, "customers") == 0
    assert _count(db, "number_sequences") == 0
    assert _count(db, "history") == history_before


def test_auditor_cannot_edit(db, admin, clerk, make_form):
    view = complaints.register(db, clerk, make_form())
    auth.create_user(db, admin, "audit", "审计", "secret9", "auditor")
    auditor = auth.sign_in(db, "audit", "secret9")
    assert complaints.get(db, auditor, view.id).number == view.number  # may look
    with pytest.raises(PermissionDenied):
        complaints.update(db, auditor, view.id, make_form(content="改了"), view.version)
    assert complaints.get(db, clerk, view.id).content == view.content


def test_new_customer_is_created_with_the_complaint(db, clerk, make_form):
    view = complaints.register(
        db, clerk, make_form(location_text=""),
        new_customer=CustomerInput(name="赵六", phone="13900000000", building="5", unit="1", room="802"),
    )
    assert view.customer_id is not None and view.location_id is not None
    assert view.location_text == "5-1-802"
    [match] = customers.search(db, clerk, "赵六")
    assert (match.customer_id, match.location_id) == (view.customer_id, view.location_id)


def test_new_customer_is_not_kept_when_the_complaint_is_invalid(db, clerk, make_form):
    with pytest.raises(ValidationFailed) as info:
        complaints.register(
            db, clerk, make_form(content=""), new_customer=CustomerInput(name="赵六", phone="13900000000"))
    assert "content" in info.value.fields
    assert customers.search(db, clerk, "赵六") == []


def test_new_customer_rolls_back_with_a_failed_save(db, clerk, make_form, monkeypatch):
    def fail(*args, **kwargs):  # noqa: ANN002, ANN003
        raise RuntimeError("power cut")

    monkeypatch.setattr(complaints, "next_number", fail)  # after the customer was created
    with pytest.raises(RuntimeError):
        complaints.register(db, clerk, make_form(), new_customer=CustomerInput(name="赵六", phone="13900000000"))
    assert _count(db, "customers") == 0
    assert _count(db, "complaints") == 0


def test_find_by_number(db, clerk, make_form):
    view = complaints.register(db, clerk, make_form())
    assert complaints.find_by_number(db, clerk, f" {view.number} ").id == view.id


def _set_status(db, complaint_id: int, status: str) -> None:  # noqa: ANN001
    with db.write() as session:
        session.execute(text("UPDATE complaints SET status = :s WHERE id = :i"), {"s": status, "i": complaint_id})


@pytest.mark.parametrize("role", ["clerk", "area_manager", "admin"])
def test_an_archived_complaint_cannot_be_rewritten(db, admin, clerk, make_form, role):
    actor = {"clerk": clerk, "admin": admin}.get(role)
    if actor is None:
        auth.create_user(db, admin, "pianqu", "吴片区", "secret9", role)
        actor = auth.sign_in(db, "pianqu", "secret9")
    view = complaints.register(db, clerk, make_form(content="楼上漏水"))
    edited = complaints.update(db, clerk, view.id, complaints._replace(complaints.as_input(view), content="误填"),
                               view.version)
    entry = [i for i in complaints.history(db, clerk, view.id) if i.field == "content"][-1]
    _set_status(db, view.id, "archived")
    history = _count(db, "history")
    with pytest.raises(ValidationFailed, match="已归档") as refused:
        complaints.update(db, actor, view.id, complaints._replace(complaints.as_input(edited), content="改写"),
                          edited.version)
    assert "status" in refused.value.fields
    with pytest.raises(ValidationFailed, match="已归档"):
        complaints.revert(db, actor, view.id, entry.id, edited.version)
    assert complaints.get(db, clerk, view.id).content == "误填"
    assert _count(db, "history") == history


@pytest.mark.parametrize("status", ["dispatched", "resolved", "closed"])
@pytest.mark.parametrize("validity", ["invalid", "unreasonable"])
def test_validity_stays_valid_once_the_complaint_left_registered(db, clerk, make_form, status, validity):
    view = complaints.register(db, clerk, make_form())
    _set_status(db, view.id, status)
    view = complaints.get(db, clerk, view.id)
    form = complaints._replace(complaints.as_input(view), validity=validity, validity_note="不属于物业服务范围")
    with pytest.raises(ValidationFailed, match="处置表") as refused:
        complaints.update(db, clerk, view.id, form, view.version)
    assert set(refused.value.fields) == {"validity"}
    assert complaints.get(db, clerk, view.id).validity == "valid"
    # other fields are still edited as before
    changed = complaints.update(db, clerk, view.id, complaints._replace(complaints.as_input(view), note="补充"),
                                view.version)
    assert changed.note == "补充" and changed.status == status


def test_a_complaint_closed_as_invalid_can_still_be_edited(db, clerk, make_form):
    view = complaints.register(db, clerk, make_form(validity="invalid", validity_note="不属于物业服务范围"))
    assert view.status == "closed"
    form = complaints._replace(complaints.as_input(view), note="备注")
    assert complaints.update(db, clerk, view.id, form, view.version).validity == "invalid"
