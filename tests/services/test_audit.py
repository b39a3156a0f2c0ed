"""The history is append-only and its hash chain exposes any edit or removal."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from frontdesk.domain.types import CustomerInput
from frontdesk.services import audit, complaints, customers


@pytest.fixture
def busy_history(db, clerk, make_form):
    """A history with setup, sign-ins, customers, registrations and edits."""
    for i in range(8):
        view = complaints.register(
            db, clerk, make_form(complainant=f"客户{i}"),
            new_customer=CustomerInput(name=f"业主{i}", phone=f"1390000{i:04d}", building="3", room=f"{i}01"),
        )
        if i % 2:
            form = complaints.as_input(view)
            complaints.update(
                db, clerk, view.id, form.__class__(**{**form.__dict__, "content": f"第{i}次修改", "note": "已回电"}),
                view.version,
            )
    customers.create(db, clerk, CustomerInput(name="陈九", phone="13600000000"))
    return db


def _raw(db_url: str) -> sqlite3.Connection:
    return sqlite3.connect(db_url.removeprefix("sqlite:///"), isolation_level=None)


def _ids(db) -> list[int]:  # noqa: ANN001
    with db.read() as session:
        return session.execute(text("SELECT id FROM history ORDER BY id")).scalars().all()


def test_chain_verifies_after_many_changes(busy_history):
    report = audit.verify_chain(busy_history)
    assert report.ok and report.broken_ids == []
    assert report.checked == len(_ids(busy_history)) > 50


def test_chain_verifies_across_batches(busy_history):
    report = audit.verify_chain(busy_history, batch=7)
    assert report.ok and report.checked == len(_ids(busy_history))


def test_history_keeps_who_and_what(busy_history, clerk):
    with busy_history.read() as session:
        row = session.execute(text(
            "SELECT username, old_value, new_value FROM history WHERE field = 'content' AND action = 'update' "
            "ORDER BY id LIMIT 1")).one()
    assert tuple(row) == ("clerk", "楼上漏水,天花板渗水", "第1次修改")


def test_an_edited_entry_is_named(db_url, busy_history):
    target = _ids(busy_history)[len(_ids(busy_history)) // 2]
    raw = _raw(db_url)
    raw.execute("DROP TRIGGER history_no_update")
    raw.execute("UPDATE history SET new_value = new_value || '(改)' WHERE id = ?", (target,))
    raw.close()
    report = audit.verify_chain(busy_history)
    assert not report.ok
    assert report.broken_ids == [target]


def test_an_edited_entry_with_a_recomputed_hash_breaks_the_next_link(db_url, busy_history):
    ids = _ids(busy_history)
    target = ids[10]
    raw = _raw(db_url)
    raw.execute("DROP TRIGGER history_no_update")
    raw.execute("UPDATE history SET hash = ? WHERE id = ?", ("f" * 64, target))
    raw.close()
    assert audit.verify_chain(busy_history).broken_ids == [target, ids[11]]


def test_a_removed_last_entry_is_detected(db_url, busy_history):
    last = _ids(busy_history)[-1]
    raw = _raw(db_url)
    raw.execute("DROP TRIGGER history_no_delete")
    raw.execute("DELETE FROM history WHERE id = ?", (last,))
    raw.close()
    report = audit.verify_chain(busy_history)
    assert not report.ok
    assert last in report.broken_ids


def test_a_removed_middle_entry_is_detected(db_url, busy_history):
    ids = _ids(busy_history)
    raw = _raw(db_url)
    raw.execute("DROP TRIGGER history_no_delete")
    raw.execute("DELETE FROM history WHERE id = ?", (ids[5],))
    raw.close()
    assert audit.verify_chain(busy_history).broken_ids == [ids[6]]


@pytest.mark.parametrize(
    "statement", ["UPDATE history SET new_value = 'x' WHERE id = 1", "DELETE FROM history WHERE id = 1",
                  "DELETE FROM history"],
)
def test_the_database_refuses_to_change_history(busy_history, statement):
    before = _ids(busy_history)
    with pytest.raises(DBAPIError, match="append-only"), busy_history.write() as session:
        session.execute(text(statement))
    assert _ids(busy_history) == before
    assert audit.verify_chain(busy_history).ok


def test_entries_keep_appending_after_verification(busy_history, clerk, make_form):
    assert audit.verify_chain(busy_history).ok
    complaints.register(busy_history, clerk, make_form())
    assert audit.verify_chain(busy_history).ok
