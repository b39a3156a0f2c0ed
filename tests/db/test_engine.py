"""The engine: safe SQLite settings, where the file lives, and what happens when things go wrong."""

from __future__ import annotations

import random
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from sqlalchemy import text

from frontdesk.db import engine as engine_module
from frontdesk.db import migrate
from frontdesk.db.engine import Database, is_network_path, resolve_url
from frontdesk.db.models import Setting
from frontdesk.domain.errors import DatabaseUnavailable
from frontdesk.services import auth


def _pragma(db: Database, name: str):  # noqa: ANN202
    with db.read() as session:
        return session.execute(text(f"PRAGMA {name}")).scalar()


def test_sqlite_runs_with_wal_foreign_keys_and_full_sync(db):
    assert _pragma(db, "journal_mode") == "wal"
    assert _pragma(db, "foreign_keys") == 1
    assert _pragma(db, "synchronous") == 2  # FULL: a committed save survives a power cut
    assert _pragma(db, "busy_timeout") == engine_module.BUSY_TIMEOUT_MS


def test_foreign_keys_are_enforced(db):
    with pytest.raises(Exception, match="FOREIGN KEY"), db.write() as session:
        session.execute(text(
            "INSERT INTO users (username, display_name, password_hash, role, active, failed_attempts, "
            "created_at) VALUES ('x', 'x', 'x', 'no-such-role', 1, 0, '2026-01-01 00:00:00')"
        ))


def test_resolve_url_from_the_db_argument(tmp_path, monkeypatch):
    monkeypatch.setenv("FRONTDESK_DB", str(tmp_path / "env.db"))
    target = tmp_path / "sub" / "given.db"
    assert resolve_url(str(target)) == "sqlite:///" + str(target.resolve())
    assert resolve_url("postgresql://desk@server/frontdesk") == "postgresql://desk@server/frontdesk"


def test_resolve_url_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("FRONTDESK_DB", str(tmp_path / "env.db"))
    assert resolve_url(None) == "sqlite:///" + str((tmp_path / "env.db").resolve())


def test_resolve_url_defaults_to_the_data_folder(fresh_home):
    assert resolve_url(None) == "sqlite:///" + str((fresh_home / "frontdesk.db").resolve())


def test_network_paths_are_recognised(tmp_path):
    assert is_network_path(Path("\\\\server\\share\\x.db"))
    assert is_network_path(Path("//server/share/x.db"))
    assert not is_network_path(tmp_path / "x.db")


@pytest.mark.parametrize("url", ["sqlite:///\\\\server\\share\\frontdesk.db", "sqlite://///server/share/frontdesk.db"])
def test_database_on_a_network_share_is_refused(url):
    with pytest.raises(DatabaseUnavailable, match="网络共享") as info:
        Database(url)
    assert "PostgreSQL" in info.value.message  # says what to do instead


def test_corrupt_file_is_reported_and_left_alone(tmp_path):
    path = tmp_path / "frontdesk.db"
    garbage = random.Random(7).randbytes(64 * 1024)
    path.write_bytes(garbage)
    db = Database(f"sqlite:///{path}")
    try:
        with pytest.raises(DatabaseUnavailable) as info:
            db.integrity_ok()
        assert "损坏" in info.value.message and "备份" in info.value.message
        with pytest.raises(DatabaseUnavailable):
            auth.is_initialized(db)
    finally:
        db.dispose()
    assert path.read_bytes() == garbage  # never replaced by an empty database


def test_locked_database_gives_a_clear_message_and_writes_nothing(db_url, db, monkeypatch):
    monkeypatch.setattr(engine_module, "BUSY_TIMEOUT_MS", 200)
    locked = Database(db_url)  # new connections pick up the short busy timeout
    other = sqlite3.connect(db_url.removeprefix("sqlite:///"), isolation_level=None)
    try:
        other.execute("BEGIN EXCLUSIVE")
        with pytest.raises(DatabaseUnavailable, match="占用"):
            auth.initialize(locked, "property", "阳光花园服务站", "admin", "张管理", "secret1")
        other.execute("ROLLBACK")
    finally:
        other.close()
    assert not auth.is_initialized(locked)
    with locked.read() as session:
        assert session.execute(text("SELECT count(*) FROM history")).scalar() == 0
        assert session.execute(text("SELECT count(*) FROM categories")).scalar() == 0
    locked.dispose()


_CHILD = textwrap.dedent(
    """
    import os, sys
    from frontdesk.db.engine import Database
    from frontdesk.db.models import Setting
    db = Database(sys.argv[1])
    with db.write() as session:
        for i in range(3000):  # enough to spill pages into the WAL before the end
            session.add(Setting(key=f"in_flight_{i}", value="x" * 2000))
        session.flush()
        print("flushed", flush=True)
        os._exit(9)  # killed before commit
    """
)


def test_killed_mid_save_keeps_committed_rows_and_loses_the_unfinished_one(db_url, db):
    with db.write() as session:
        session.add(Setting(key="committed", value='"yes"'))
    result = subprocess.run(
        [sys.executable, "-c", _CHILD, db_url], capture_output=True, text=True, timeout=120,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert result.returncode == 9, result.stderr
    assert "flushed" in result.stdout
    db.dispose()
    reopened = Database(db_url)
    try:
        migrate.upgrade(reopened)
        assert reopened.integrity_ok()
        with reopened.read() as session:
            keys = set(session.execute(text("SELECT key FROM settings")).scalars())
        assert "committed" in keys
        assert not any(k.startswith("in_flight") for k in keys)
    finally:
        reopened.dispose()


def test_connecting_to_postgres_gives_up_after_a_few_seconds():
    pytest.importorskip("psycopg")
    from sqlalchemy import event

    seen: dict[str, object] = {}
    for read_only in (False, True):
        db = Database("postgresql+psycopg://desk:pw@192.0.2.1/frontdesk", read_only=read_only)

        @event.listens_for(db.engine, "do_connect")
        def capture(dialect, record, cargs, cparams):  # noqa: ANN001, ANN202
            seen.update(cparams)
            raise ConnectionAbortedError("not connecting in a test")

        with pytest.raises(ConnectionAbortedError), db.engine.connect():
            pass
        assert 1 <= seen["connect_timeout"] <= 10
        assert ("options" in seen) == read_only  # the checker's transactions are read-only
        db.dispose()
        seen.clear()
