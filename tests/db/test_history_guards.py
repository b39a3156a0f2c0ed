"""The database itself keeps the history insert-only, also against REPLACE and the chain head's removal.

Each statement is tried both through the app's own connection (a write unit of work) and
through a plain ``sqlite3`` connection to the same file, the way any other program would.
"""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from frontdesk.db import migrate
from frontdesk.db.engine import Database
from frontdesk.services import audit

GENESIS = "0" * 64

_REFUSED = [
    # REPLACE deletes the old row without firing a DELETE trigger
    "INSERT OR REPLACE INTO history (id, at, user_id, username, action, table_name, record_id, field, "
    "old_value, new_value, prev_hash, hash) SELECT id, at, user_id, username, action, table_name, record_id, "
    "field, old_value, 'forged', prev_hash, hash FROM history WHERE id = 2",
    "REPLACE INTO history SELECT * FROM history WHERE id = 1",
    "INSERT INTO history SELECT * FROM history WHERE id = 1 ON CONFLICT (id) DO UPDATE SET new_value = 'x'",
    # the head: never removed, replaced or moved back
    "DELETE FROM history_head",
    f"INSERT OR REPLACE INTO history_head (id, last_id, last_hash) VALUES (1, 0, '{GENESIS}')",
    f"UPDATE history_head SET last_id = 0, last_hash = '{GENESIS}'",
    "UPDATE history_head SET last_id = last_id - 1",
]


def _rows(db: Database) -> list[tuple]:
    with db.read() as session:
        history = [tuple(r) for r in session.execute(text("SELECT * FROM history ORDER BY id"))]
        head = [tuple(r) for r in session.execute(text("SELECT * FROM history_head"))]
    return history + head


@pytest.mark.parametrize("statement", _REFUSED)
def test_the_apps_own_connection_cannot_replace_history_or_its_head(db, clerk, statement):
    before = _rows(db)
    with pytest.raises(DBAPIError, match="append-only|history head"), db.write() as session:
        session.execute(text(statement))
    assert _rows(db) == before
    assert audit.verify_chain(db).ok


@pytest.mark.parametrize("statement", _REFUSED)
def test_another_program_cannot_replace_history_or_its_head(db, db_url, clerk, statement):
    before = _rows(db)
    raw = sqlite3.connect(db_url.removeprefix("sqlite:///"), isolation_level=None)
    try:
        with pytest.raises(sqlite3.DatabaseError, match="append-only|history head"):
            raw.execute(statement)
    finally:
        raw.close()
    assert _rows(db) == before


def test_writes_keep_moving_the_head_forward(db, clerk, make_form):
    from frontdesk.services import complaints

    complaints.register(db, clerk, make_form())
    with db.read() as session:
        head = session.execute(text("SELECT last_id, last_hash FROM history_head")).one()
        last = session.execute(text("SELECT id, hash FROM history ORDER BY id DESC LIMIT 1")).one()
    assert tuple(head) == tuple(last)
    assert audit.verify_chain(db).ok


def test_a_new_database_starts_with_its_head(db):
    with db.read() as session:
        assert session.execute(text("SELECT id, last_id, last_hash FROM history_head")).all() == [(1, 0, GENESIS)]


def test_an_older_database_gets_the_guards_and_keeps_its_chain(db_url):
    old = Database(db_url)
    migrate.upgrade(old, "0005")
    from frontdesk.services import auth

    raw = sqlite3.connect(db_url.removeprefix("sqlite:///"), isolation_level=None)
    raw.execute(f"INSERT INTO history_head VALUES (1, 0, '{GENESIS}')")  # as the app before 0006 made it
    auth.initialize(old, "property", "阳光花园服务站", "admin", "张管理", "secret1")  # writes a chain at 0005
    raw.execute("REPLACE INTO history SELECT * FROM history WHERE id = 1")  # not refused before the upgrade
    raw.close()
    migrate.upgrade(old)
    assert migrate.current_revision(old) == migrate.HEAD
    with pytest.raises(DBAPIError, match="append-only"), old.write() as session:
        session.execute(text("REPLACE INTO history SELECT * FROM history WHERE id = 1"))
    assert audit.verify_chain(old).ok
    auth.sign_in(old, "admin", "secret1")
    assert audit.verify_chain(old).ok
    old.dispose()


def test_an_empty_older_database_gets_a_head_on_upgrade(db_url):
    old = Database(db_url)
    migrate.upgrade(old, "0005")
    migrate.upgrade(old)
    with old.read() as session:
        assert session.execute(text("SELECT last_id, last_hash FROM history_head")).all() == [(0, GENESIS)]
    old.dispose()
