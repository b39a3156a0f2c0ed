"""The history is append-only and its hash chain exposes any edit or removal."""

from __future__ import annotations

import sqlite3
from datetime import datetime

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


def _forged_hash(row: tuple, **changes: str) -> str:
    """The hash a forger would compute for ``row`` (a ``SELECT *`` of history) with ``changes``."""
    names = ("id", "at", "user_id", "username", "action", "table_name", "record_id", "field", "old_value",
             "new_value", "prev_hash", "hash")
    values = {**dict(zip(names, row, strict=True)), **changes}
    return audit.entry_hash(
        values["prev_hash"], values["id"], datetime.fromisoformat(values["at"]), values["user_id"],
        values["username"], values["action"], values["table_name"], values["record_id"], values["field"],
        values["old_value"], values["new_value"],
    )


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


def test_an_entry_with_a_wrong_hash_is_named_once(db_url, busy_history):
    ids = _ids(busy_history)
    target = ids[10]
    raw = _raw(db_url)
    raw.execute("DROP TRIGGER history_no_update")
    raw.execute("UPDATE history SET hash = ? WHERE id = ?", ("f" * 64, target))
    raw.close()
    report = audit.verify_chain(busy_history)
    assert report.broken_ids == [target] and report.first_broken == target


def test_an_edited_entry_with_its_hash_recomputed_is_named_not_the_next_one(db_url, busy_history):
    ids = _ids(busy_history)
    target = ids[10]
    raw = _raw(db_url)
    raw.execute("DROP TRIGGER history_no_update")
    row = raw.execute("SELECT * FROM history WHERE id = ?", (target,)).fetchone()
    forged = _forged_hash(row, new_value="(改)")
    raw.execute("UPDATE history SET new_value = '(改)', hash = ? WHERE id = ?", (forged, target))
    raw.close()
    report = audit.verify_chain(busy_history)
    assert report.first_broken == target
    assert [(b.kind, b.first_id) for b in report.breaks][1:] == [("altered", target)]


def test_a_removed_last_entry_is_detected(db_url, busy_history):
    last = _ids(busy_history)[-1]
    raw = _raw(db_url)
    raw.execute("DROP TRIGGER history_no_delete")
    raw.execute("DELETE FROM history WHERE id = ?", (last,))
    raw.close()
    report = audit.verify_chain(busy_history)
    assert [(b.kind, b.first_id, b.last_id) for b in report.breaks] == [
        ("guard_missing", None, None), ("missing", last, last)]


def test_a_removed_middle_entry_is_named_itself(db_url, busy_history):
    ids = _ids(busy_history)
    raw = _raw(db_url)
    raw.execute("DROP TRIGGER history_no_delete")
    raw.execute("DELETE FROM history WHERE id = ?", (ids[5],))
    raw.close()
    report = audit.verify_chain(busy_history)
    assert [(b.kind, b.first_id, b.last_id) for b in report.breaks][1:] == [("missing", ids[5], ids[5])]
    assert report.first_broken == ids[5]


def test_a_removed_tail_is_named_by_its_first_entry(db_url, busy_history):
    ids = _ids(busy_history)
    raw = _raw(db_url)
    raw.execute("DROP TRIGGER history_no_delete")
    raw.execute("DELETE FROM history WHERE id >= ?", (ids[-3],))
    raw.close()
    report = audit.verify_chain(busy_history)
    assert [(b.kind, b.first_id, b.last_id) for b in report.breaks][1:] == [("missing", ids[-3], ids[-1])]
    assert report.first_broken == ids[-3]
    assert f"第 {ids[-3]}–{ids[-1]} 条" in audit.describe(report.breaks[1])


def test_entries_added_behind_the_heads_back_are_named_from_the_first(db_url, busy_history):
    last = _ids(busy_history)[-1]
    raw = _raw(db_url)
    prev = raw.execute("SELECT hash FROM history WHERE id = ?", (last,)).fetchone()[0]
    for entry_id in (last + 1, last + 2):  # a forged tail whose links are all correct
        at = datetime(2026, 11, 30, 12, 0, entry_id % 60)
        digest = audit.entry_hash(prev, entry_id, at, None, "system", "update", "complaints", 1, "note", "", "x")
        raw.execute(
            "INSERT INTO history (id, at, user_id, username, action, table_name, record_id, field, old_value, "
            "new_value, prev_hash, hash) VALUES (?, ?, NULL, 'system', 'update', 'complaints', 1, 'note', '', "
            "'x', ?, ?)", (entry_id, at.isoformat(sep=" ", timespec="microseconds"), prev, digest))
        prev = digest
    raw.close()
    report = audit.verify_chain(busy_history)
    assert [(b.kind, b.first_id, b.last_id) for b in report.breaks] == [("beyond_head", last + 1, last + 2)]
    assert report.first_broken == last + 1


def test_an_entry_whose_time_no_longer_parses_is_named(db_url, busy_history):
    target = _ids(busy_history)[7]
    raw = _raw(db_url)
    raw.execute("DROP TRIGGER history_no_update")
    raw.execute("UPDATE history SET at = '昨天下午' WHERE id = ?", (target,))
    raw.close()
    report = audit.verify_chain(busy_history)
    assert [(b.kind, b.first_id) for b in report.breaks][1:] == [("unreadable", target)]


def test_a_missing_head_is_reported(db_url, busy_history):
    raw = _raw(db_url)
    raw.execute("DROP TRIGGER history_head_no_delete")
    raw.execute("DELETE FROM history_head")
    raw.close()
    report = audit.verify_chain(busy_history)
    assert [b.kind for b in report.breaks] == ["guard_missing", "head_missing"]
    assert "链头" in audit.describe(report.breaks[-1])


def test_a_head_that_does_not_match_the_last_entry_is_reported(db_url, busy_history):
    last = _ids(busy_history)[-1]
    raw = _raw(db_url)
    raw.execute("UPDATE history_head SET last_id = last_id + 1")  # forward is allowed; the hash is now wrong
    raw.close()
    report = audit.verify_chain(busy_history)
    assert [(b.kind, b.first_id, b.last_id) for b in report.breaks] == [("missing", last + 1, last + 1)]
    raw = _raw(db_url)
    raw.execute("DROP TRIGGER history_head_forward")
    raw.execute("UPDATE history_head SET last_id = ?, last_hash = ?", (last, "e" * 64))
    raw.close()
    report = audit.verify_chain(busy_history)
    assert [(b.kind, b.first_id) for b in report.breaks][-1] == ("head_mismatch", last)


def test_an_emptied_history_beside_existing_records_is_reported(db_url, busy_history):
    raw = _raw(db_url)
    for name in ("history_no_delete", "history_head_forward"):
        raw.execute(f"DROP TRIGGER {name}")
    raw.execute("DELETE FROM history")
    raw.execute("UPDATE history_head SET last_id = 0, last_hash = ?", (audit.GENESIS,))
    raw.close()
    report = audit.verify_chain(busy_history)
    assert report.checked == 0 and not report.ok
    assert [b.kind for b in report.breaks] == ["guard_missing", "guard_missing", "empty"]
    assert "清空" in audit.describe(report.breaks[-1])


def test_a_trigger_dropped_through_the_apps_own_connection_is_reported(busy_history):
    with busy_history.write() as session:
        session.execute(text("DROP TRIGGER history_no_delete"))
    report = audit.verify_chain(busy_history)
    assert [(b.kind, b.name) for b in report.breaks] == [("guard_missing", "history_no_delete")]
    assert audit.safeguards(busy_history).breaks == report.breaks


def test_a_weakened_trigger_is_reported(db_url, busy_history):
    raw = _raw(db_url)
    raw.execute("DROP TRIGGER history_no_replace")
    raw.execute("CREATE TRIGGER history_no_replace BEFORE INSERT ON history WHEN 0 "
                "BEGIN SELECT RAISE(ABORT, 'history is append-only'); END")
    raw.close()
    report = audit.safeguards(busy_history)
    assert [(b.kind, b.name) for b in report.breaks] == [("guard_altered", "history_no_replace")]


def test_the_command_names_the_first_broken_entry(db_url, busy_history, capsys):
    from frontdesk import cli

    ids = _ids(busy_history)
    raw = _raw(db_url)
    raw.execute("DROP TRIGGER history_no_delete")
    raw.execute("DROP TRIGGER history_no_update")
    raw.execute("DELETE FROM history WHERE id = ?", (ids[5],))
    raw.execute("UPDATE history SET at = 'garbage' WHERE id = ?", (ids[9],))
    raw.close()
    assert cli.main(["verify-history", "--db", db_url.removeprefix("sqlite:///")]) == 3
    out = capsys.readouterr().out
    assert f"第 {ids[5]} 条" in out.splitlines()[0]
    assert f"第 {ids[9]} 条" in out and "history_no_delete" in out and "Traceback" not in out


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


_TAMPERED_HEADS = {
    "deleted": ["DROP TRIGGER history_head_no_delete", "DELETE FROM history_head"],
    "ahead": ["UPDATE history_head SET last_id = last_id + 1"],
    "behind": ["INSERT INTO history SELECT id + 1000, at, user_id, username, action, table_name, record_id, field, "
               "old_value, new_value, prev_hash, hash FROM history WHERE id = (SELECT max(id) FROM history)"],
    "wrong hash": ["DROP TRIGGER history_head_forward", f"UPDATE history_head SET last_hash = '{'e' * 64}'"],
    "history emptied": ["DROP TRIGGER history_no_delete", "DROP TRIGGER history_head_forward",
                        "DELETE FROM history", f"UPDATE history_head SET last_id = 0, last_hash = '{'0' * 64}'"],
}


@pytest.mark.parametrize("tamper", _TAMPERED_HEADS.values(), ids=_TAMPERED_HEADS.keys())
def test_writes_after_a_missing_or_wrong_head_are_refused_with_one_message(
        db_url, busy_history, clerk, make_form, tamper):
    from frontdesk.domain.errors import FrontDeskError, HistoryBroken
    from frontdesk.services import auth

    raw = _raw(db_url)
    for statement in tamper:
        raw.execute(statement)
    raw.close()
    before = _ids(busy_history)
    with pytest.raises(HistoryBroken) as info:
        auth.sign_in(busy_history, "clerk", "secret2")
    assert isinstance(info.value, FrontDeskError)
    assert "verify-history" in info.value.message and "备份" in info.value.message
    with pytest.raises(HistoryBroken):
        complaints.register(busy_history, clerk, make_form())
    assert _ids(busy_history) == before  # nothing written, and the head was not rebuilt
    assert not audit.verify_chain(busy_history).ok


def test_a_new_site_still_starts_its_history(db):
    from frontdesk.services import auth

    auth.initialize(db, "property", "阳光花园服务站", "admin", "张管理", "secret1")
    auth.sign_in(db, "admin", "secret1")
    assert audit.verify_chain(db).ok and audit.verify_chain(db).checked == 4
