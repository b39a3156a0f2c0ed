"""Personal data on every read path (SPEC §8): phones masked for a role without ``Perm.PII_VIEW``.

The services mask, by the role the database gives the acting user; the screens show what
they are given.  A masked view is never written back.
"""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from frontdesk.db.models import Complaint
from frontdesk.domain import permissions
from frontdesk.domain.permissions import Perm, Role
from frontdesk.domain.types import Actor, CustomerInput
from frontdesk.services import auth, complaints, customers, disposition, reference, register

FULL, MASKED = "13812345678", "138****5678"


def _make(db, admin, username: str, role: str, department_id: int | None = None) -> Actor:
    auth.create_user(db, admin, username, username, "secret9", role, department_id)
    return auth.sign_in(db, username, "secret9")


@pytest.fixture
def readers(db, admin) -> dict[str, Actor]:
    """Roles that read complaints without the right to see phones."""
    engineering = next(o.id for o in reference.departments(db) if o.name == "工程部")
    return {"auditor": _make(db, admin, "audit", "auditor"),
            "handler": _make(db, admin, "gongcheng", "handler", engineering)}


@pytest.fixture
def edited(db, clerk, make_form):
    """A complaint whose phone was corrected once, and once more on its disposition form's header."""
    view = complaints.register(db, clerk, make_form(phone="13800000000"))
    view = complaints.update(db, clerk, view.id, complaints._replace(complaints.as_input(view), phone=FULL),
                             view.version)
    disposition.dispatch(db, clerk, view.id, reference.departments(db)[0].id, version=None)
    return view


def _phones_in(items) -> list[str]:  # noqa: ANN001
    """Every phone the history shows: the field ``phone`` and the ``phone`` of a ``*`` snapshot."""
    found = []
    for item in items:
        if item.field == "phone":
            found += [item.old_value, item.new_value]
        elif item.field == "*":
            found.append(json.loads(item.new_value)["phone"])
    return found


@pytest.mark.parametrize("role", ["auditor", "handler"])
def test_a_complaint_is_read_with_a_masked_phone(db, clerk, readers, edited, role):
    reader = readers[role]
    assert complaints.get(db, reader, edited.id).phone == MASKED
    assert complaints.find_by_number(db, reader, edited.number).phone == MASKED
    assert register.rows(db, reader, [edited.id])[0].phone == MASKED
    assert complaints.get(db, clerk, edited.id).phone == FULL


@pytest.mark.parametrize("role", ["auditor", "handler"])
def test_the_history_shows_masked_phones(db, clerk, readers, edited, role):
    reader = readers[role]
    for read in (complaints.history, disposition.history):
        shown = _phones_in(read(db, reader, edited.id))
        assert shown == ["138****0000", "138****0000", MASKED], read
        assert _phones_in(read(db, clerk, edited.id)) == ["13800000000", "13800000000", FULL]


@pytest.mark.parametrize("role", ["auditor", "handler"])
def test_customer_suggestions_show_masked_phones(db, clerk, readers, role):
    customers.create(db, clerk, CustomerInput(name="李四", phone=FULL, building="3", unit="2", room="1201"))
    [match] = customers.search(db, readers[role], "李四")
    assert match.phone == MASKED
    [match] = customers.search(db, clerk, "李四")
    assert match.phone == FULL


def _stored_phone(db, complaint_id: int) -> str:
    with db.read() as session:
        return session.execute(select(Complaint.phone).where(Complaint.id == complaint_id)).scalar_one()


def test_a_masked_view_is_never_written_back(db, clerk, make_form, monkeypatch):
    """Were a role allowed to edit without seeing phones, its masked phone would not overwrite the real one."""
    view = complaints.register(db, clerk, make_form(content="楼上漏水"))
    monkeypatch.setitem(permissions.PERMISSIONS, Role.CLERK, permissions.PERMISSIONS[Role.CLERK] - {Perm.PII_VIEW})
    shown = complaints.get(db, clerk, view.id)
    assert shown.phone == MASKED
    saved = complaints.update(db, clerk, view.id, complaints._replace(complaints.as_input(shown), content="误填"),
                              shown.version)
    assert _stored_phone(db, view.id) == FULL
    entry = [i for i in complaints.history(db, clerk, view.id) if i.field == "content"][-1]
    complaints.revert(db, clerk, view.id, entry.id, saved.version)
    assert _stored_phone(db, view.id) == FULL
    assert complaints.get(db, clerk, view.id).content == "楼上漏水"
    assert not [i for i in complaints.history(db, clerk, view.id) if i.field == "phone"]
