"""Undoing a mistaken edit from the history: the old value comes back as a new, logged change."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from frontdesk.db.models import HistoryEntry
from frontdesk.domain.errors import NotFound, PermissionDenied, ValidationFailed
from frontdesk.services import audit, auth, complaints, reference


def _entry(db, complaint_id: int, field: str) -> int:
    with db.read() as session:
        return session.execute(
            select(HistoryEntry.id).where(HistoryEntry.record_id == complaint_id, HistoryEntry.field == field,
                                          HistoryEntry.action == "update")
            .order_by(HistoryEntry.id.desc())
        ).scalars().first()


def _edit(db, actor, view, **changes):
    return complaints.update(db, actor, view.id, complaints._replace(complaints.as_input(view), **changes),
                             view.version)


def test_an_edit_is_undone_and_the_undo_is_logged(db, clerk, make_form):
    view = complaints.register(db, clerk, make_form(content="楼上漏水"))
    edited = _edit(db, clerk, view, content="误填的内容")
    reverted = complaints.revert(db, clerk, view.id, _entry(db, view.id, "content"), edited.version)
    assert reverted.content == "楼上漏水"
    last = complaints.history(db, clerk, view.id)[-1]
    assert (last.action, last.field, last.old_value, last.new_value) == ("revert", "content", "误填的内容", "楼上漏水")
    assert audit.verify_chain(db).ok


def test_a_department_id_is_undone_back_to_none(db, clerk, make_form):
    view = complaints.register(db, clerk, make_form())
    edited = _edit(db, clerk, view, department_id=reference.departments(db)[2].id)
    reverted = complaints.revert(db, clerk, view.id, _entry(db, view.id, "department_id"), edited.version)
    assert reverted.department_id is None


def test_undo_refused_when_the_field_changed_again(db, clerk, make_form):
    view = complaints.register(db, clerk, make_form(content="楼上漏水"))
    first = _edit(db, clerk, view, content="第二次")
    entry = _entry(db, view.id, "content")
    second = _edit(db, clerk, first, content="第三次")
    with pytest.raises(ValidationFailed) as refused:
        complaints.revert(db, clerk, view.id, entry, second.version)
    assert "又被修改过" in refused.value.fields["content"]
    assert complaints.get(db, clerk, view.id).content == "第三次"


def test_undo_needs_the_right_to_edit_and_a_revertible_entry(db, admin, clerk, make_form):
    view = complaints.register(db, clerk, make_form())
    edited = _edit(db, clerk, view, note="误填")
    auth.create_user(db, admin, "audit", "审计", "secret3", "auditor")
    auditor = auth.sign_in(db, "audit", "secret3")
    with pytest.raises(PermissionDenied):
        complaints.revert(db, auditor, view.id, _entry(db, view.id, "note"), edited.version)
    with db.read() as session:
        creation = session.execute(select(HistoryEntry.id).where(HistoryEntry.action == "create",
                                                                 HistoryEntry.record_id == view.id)).scalar()
    with pytest.raises(NotFound):
        complaints.revert(db, clerk, view.id, creation, edited.version)
    assert complaints.get(db, clerk, view.id).note == "误填"
