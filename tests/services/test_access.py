"""Services trust nothing they are handed (SPEC §8): each use case re-reads the acting user.

The UI keeps the :class:`Actor` it got at sign-in; these tests hand the services a forged one
(a role, department or head flag changed with ``dataclasses.replace``), a made-up one, or the
sign-in actor of a user the administrator has since demoted or deactivated.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

import pytest
from sqlalchemy import func, select, update

from frontdesk.db.models import HistoryEntry, User
from frontdesk.domain import wallclock
from frontdesk.domain.errors import FrontDeskError, PermissionDenied
from frontdesk.domain.letter import LetterInput
from frontdesk.domain.settings import ClockSetting
from frontdesk.domain.types import Actor, CustomerInput, RegisterFilter
from frontdesk.services import (
    auth,
    complaints,
    customers,
    deadlines,
    disposition,
    exports,
    letters,
    reference,
    register,
    settings,
)

T0 = datetime(2026, 11, 25, 9, 0)
GONE = "账户已停用或不存在"


def _make(db, admin, username: str, role: str, department_id: int | None = None, is_head: bool = False) -> Actor:
    auth.create_user(db, admin, username, username, "secret9", role, department_id, is_head)
    return auth.sign_in(db, username, "secret9")


def _set_user(db, actor: Actor, **values: object) -> None:
    """What the administrator does later, behind the signed-in user's back."""
    with db.write() as session:
        session.execute(update(User).where(User.id == actor.id).values(**values))


def _count(db, column) -> int:  # noqa: ANN001
    with db.read() as session:
        return session.execute(select(func.count(column))).scalar_one()


@pytest.fixture
def departments(db, admin) -> dict[str, int]:
    return {o.name: o.id for o in reference.departments(db)}


@pytest.fixture
def auditor(db, admin) -> Actor:
    return _make(db, admin, "audit", "auditor")


# -- a forged role ----------------------------------------------------------------------------------

def test_an_auditor_who_calls_himself_admin_creates_no_account(db, admin, auditor):
    forged = replace(auditor, role="admin")
    with pytest.raises(PermissionDenied):
        auth.create_user(db, forged, "boss", "老板", "secret9", "admin")
    assert "老板" not in [u.name for u in reference.users(db)]


def test_a_made_up_actor_changes_no_clock_rule(db, admin):
    before = settings.load(db).clocks
    ghost = Actor(999, "ghost", "无名", "admin")
    with pytest.raises(PermissionDenied, match=GONE):
        deadlines.set_rule(db, ghost, "feedback", limit_minutes=1, mode="calendar", pausable=True)
    with pytest.raises(PermissionDenied, match=GONE):
        deadlines.set_holiday(db, ghost, date(2027, 1, 4), False, "假")
    assert settings.load(db).clocks == before
    assert deadlines.holidays(db, 2027) == []


def test_a_clerk_who_calls_himself_admin_changes_no_setting(db, admin, clerk):
    forged = replace(clerk, role="admin")
    loaded = settings.load(db)
    with pytest.raises(PermissionDenied):
        settings.save(db, forged, loaded.with_clock("feedback", ClockSetting(1, "calendar", True)), base=loaded)
    assert settings.load(db) == loaded


def test_a_forged_role_does_not_unmask_phones(db, clerk, auditor, make_form):
    view = complaints.register(db, clerk, make_form())
    forged = replace(auditor, role="clerk")
    assert complaints.get(db, forged, view.id).phone == "138****5678"
    assert register.rows(db, forged, [view.id])[0].phone == "138****5678"
    assert disposition.get(db, forged, view.id).complaint.phone == "138****5678"


def test_a_forged_role_exports_without_phones(db, clerk, auditor, make_form, tmp_path):
    view = complaints.register(db, clerk, make_form())
    printout = exports.register_xlsx_printout(db, replace(auditor, role="admin"), [view.id],
                                              date_from=None, date_to=None)
    assert printout.details["masked"] is True


# -- a stale actor: demoted or deactivated since sign-in -----------------------------------------------

def test_a_deactivated_clerk_registers_nothing_more(db, admin, clerk, make_form):
    complaints.register(db, clerk, make_form())
    _set_user(db, clerk, active=False)
    with pytest.raises(PermissionDenied, match=GONE):
        complaints.register(db, clerk, make_form())
    assert len(register.ids(db, admin, RegisterFilter())) == 1


def test_a_demoted_clerk_registers_nothing_more(db, admin, clerk, make_form):
    _set_user(db, clerk, role="auditor")
    with pytest.raises(PermissionDenied):
        complaints.register(db, clerk, make_form())
    with pytest.raises(PermissionDenied):
        customers.create(db, clerk, CustomerInput(name="钱七", phone="13600005555"))
    assert register.ids(db, admin, RegisterFilter()) == []


def test_a_demoted_admin_creates_no_account(db, admin):
    other = _make(db, admin, "admin2", "admin")
    _set_user(db, other, role="clerk")
    with pytest.raises(PermissionDenied):
        auth.create_user(db, other, "late", "迟到", "secret9", "clerk")
    assert "迟到" not in [u.name for u in reference.users(db)]


#: Every way in, as (role of the user, call).  Each must refuse a deactivated user.
ENTRY_POINTS = {
    "complaints.get": ("auditor", lambda db, a, c: complaints.get(db, a, c)),
    "complaints.find_by_number": ("auditor", lambda db, a, c: complaints.find_by_number(db, a, "TS-202611-0001")),
    "complaints.history": ("auditor", lambda db, a, c: complaints.history(db, a, c)),
    "complaints.update": ("clerk", lambda db, a, c: complaints.update(
        db, a, c, complaints.as_input(complaints.get(db, a, c)), 1)),
    "register.ids": ("auditor", lambda db, a, c: register.ids(db, a, RegisterFilter())),
    "register.count": ("auditor", lambda db, a, c: register.count(db, a, RegisterFilter())),
    "register.rows": ("auditor", lambda db, a, c: register.rows(db, a, [c])),
    "customers.search": ("auditor", lambda db, a, c: customers.search(db, a, "李")),
    "customers.create": ("clerk", lambda db, a, c: customers.create(db, a, CustomerInput(name="钱七", phone="136"))),
    "disposition.get": ("auditor", lambda db, a, c: disposition.get(db, a, c)),
    "disposition.history": ("auditor", lambda db, a, c: disposition.history(db, a, c)),
    "disposition.todo": ("clerk", lambda db, a, c: disposition.todo(db, a, "dispatch")),
    "disposition.inbox": ("auditor", lambda db, a, c: disposition.inbox(db, a)),
    "disposition.blank_printout": ("auditor", lambda db, a, c: disposition.printout(db, a, None)),
    "disposition.dispatch": ("clerk", lambda db, a, c: disposition.dispatch(db, a, c, 1, version=None)),
    "disposition.feedback": ("clerk", lambda db, a, c: disposition.give_feedback(db, a, c, "已回复")),
    "disposition.printout": ("auditor", lambda db, a, c: disposition.printout(db, a, c)),
    "deadlines.board": ("auditor", lambda db, a, c: deadlines.board(db, a)),
    "deadlines.complaint_clocks": ("auditor", lambda db, a, c: deadlines.complaint_clocks(db, a, c)),
    "deadlines.pause": ("clerk", lambda db, a, c: deadlines.pause(db, a, c, "feedback", "等待客户")),
    "deadlines.resume": ("clerk", lambda db, a, c: deadlines.resume(db, a, c, "feedback")),
    "deadlines.set_holiday": ("admin", lambda db, a, c: deadlines.set_holiday(db, a, date(2027, 1, 4), False)),
    "deadlines.remove_holiday": ("admin", lambda db, a, c: deadlines.remove_holiday(db, a, date(2027, 1, 4))),
    "deadlines.upgrades": ("clerk", lambda db, a, c: deadlines.apply_automatic_upgrades(db, a)),
    "exports.register_xlsx": ("auditor", lambda db, a, c: exports.register_xlsx_printout(
        db, a, [c], date_from=None, date_to=None)),
    "exports.register_pdf": ("auditor", lambda db, a, c: exports.register_pdf_printout(db, a, RegisterFilter())),
    "exports.complaint_pdf": ("auditor", lambda db, a, c: exports.complaint_pdf_printout(db, a, c)),
    "letters.entries": ("auditor", lambda db, a, c: letters.entries(db, a)),
    "letters.awaiting_reply": ("auditor", lambda db, a, c: letters.awaiting_reply(db, a)),
    "letters.ids_by_number": ("auditor", lambda db, a, c: letters.ids_by_number(db, a, ["GCB-202611-001"])),
    "letters.blank_printout": ("auditor", lambda db, a, c: letters.printout(db, a, None)),
    "letters.create": ("clerk", lambda db, a, c: letters.create(db, a, LetterInput(
        1, 2, "事由", "内容", T0.replace(day=28), issuer_name="刘站长"))),
    "settings.save": ("admin", lambda db, a, c: settings.save(db, a, settings.load(db))),
    "auth.create_user": ("admin", lambda db, a, c: auth.create_user(db, a, "late", "迟到", "secret9", "clerk")),
}


@pytest.mark.parametrize("name", sorted(ENTRY_POINTS))
def test_a_deactivated_user_is_refused_everywhere(db, admin, clerk, make_form, name):
    wallclock.set_fixed(T0)
    complaint = complaints.register(db, clerk, make_form())
    role, call = ENTRY_POINTS[name]
    actor = admin if role == "admin" else _make(db, admin, f"gone_{role}", role)
    try:
        call(db, actor, complaint.id)  # while the account is active, not refused for who it is
    except FrontDeskError as exc:
        assert GONE not in exc.message
    _set_user(db, actor, active=False)
    history = _count(db, HistoryEntry.id)
    with pytest.raises(PermissionDenied, match=GONE):
        call(db, actor, complaint.id)
    assert _count(db, HistoryEntry.id) == history


def test_a_deleted_user_is_refused(db, admin, clerk, make_form):
    view = complaints.register(db, clerk, make_form())
    with pytest.raises(PermissionDenied, match=GONE):
        complaints.get(db, replace(clerk, id=999), view.id)


# -- a forged department or head flag -------------------------------------------------------------------

def test_a_handler_who_calls_himself_head_cannot_sign(db, admin, clerk, departments, make_form):
    wallclock.set_fixed(T0)
    engineering = departments["工程部"]
    writer = _make(db, admin, "gongcheng", "handler", engineering)
    handler = _make(db, admin, "gongcheng2", "handler", engineering)
    view = complaints.register(db, clerk, make_form())
    view = disposition.dispatch(db, clerk, view.id, engineering, version=None)
    view = disposition.write_method(db, writer, view.complaint.id, "更换水管", version=view.version)
    with pytest.raises(PermissionDenied):
        disposition.sign_method(db, replace(handler, is_head=True), view.complaint.id, version=view.version)
    assert disposition.get(db, clerk, view.complaint.id).head_at is None


def test_a_head_who_lost_the_title_cannot_sign(db, admin, clerk, departments, make_form):
    wallclock.set_fixed(T0)
    engineering = departments["工程部"]
    writer = _make(db, admin, "gongcheng", "handler", engineering)
    head = _make(db, admin, "gcjingli", "handler", engineering, is_head=True)
    view = complaints.register(db, clerk, make_form())
    view = disposition.dispatch(db, clerk, view.id, engineering, version=None)
    view = disposition.write_method(db, writer, view.complaint.id, "更换水管", version=view.version)
    _set_user(db, head, is_head=False)
    with pytest.raises(PermissionDenied):
        disposition.sign_method(db, head, view.complaint.id, version=view.version)


def test_a_handler_who_claims_another_department_writes_nothing_there(db, admin, clerk, departments, make_form):
    wallclock.set_fixed(T0)
    cleaner = _make(db, admin, "baojie", "handler", departments["保洁部"])
    forged = replace(cleaner, department_id=departments["工程部"])
    view = complaints.register(db, clerk, make_form())
    view = disposition.dispatch(db, clerk, view.id, departments["工程部"], version=None)
    with pytest.raises(PermissionDenied):
        disposition.write_method(db, forged, view.complaint.id, "派人清扫", version=view.version)
    assert disposition.inbox(db, forged) == []  # the inbox is the database's department's
    sent = letters.create(db, clerk, LetterInput(departments["服务站"], departments["工程部"], "事由", "内容",
                                                 T0.replace(day=28), issuer_name="刘站长"))
    with pytest.raises(PermissionDenied):
        letters.reply(db, forged, sent.id, "已处理", sent.version)
    with pytest.raises(PermissionDenied):
        letters.entry(db, forged, sent.id)
    assert letters.entries(db, forged) == []


def test_a_forged_leader_gives_no_letter_opinion(db, admin, clerk, departments):
    wallclock.set_fixed(T0)
    sent = letters.create(db, clerk, LetterInput(departments["服务站"], departments["工程部"], "事由", "内容",
                                                 T0.replace(day=28), issuer_name="刘站长"))
    with pytest.raises(PermissionDenied):
        letters.leader_opinion(db, replace(clerk, role="supervisor"), sent.id, "同意", sent.version)
    assert letters.get(db, clerk, sent.id).leader_opinion == ""


# -- the history names the user the database knows ---------------------------------------------------

def test_history_names_the_trusted_user(db, admin, clerk, make_form):
    disguised = replace(clerk, username="admin", display_name="张管理")
    view = complaints.register(db, disguised, make_form())
    assert view.receiver_name == "王前台"
    assert {(i.username, i.display_name) for i in complaints.history(db, admin, view.id)} == {("clerk", "王前台")}
