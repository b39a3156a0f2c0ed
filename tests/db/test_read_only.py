"""The checker only reads: ``frontdesk verify-history`` opens the database read-only and changes nothing.

An auditor checks a copy, often one they may not write to.  The tests run as root, who may
write to a file whatever its mode, so besides a folder made read-only they check that
SQLite itself refuses a write on the read-only connection, and (where it can) run the
command as an unprivileged user.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from frontdesk import cli
from frontdesk.db.engine import Database, WriteRefused
from frontdesk.domain.errors import DatabaseUnavailable
from frontdesk.services import auth

ROOT = Path(__file__).resolve().parents[2]


def _snapshot(folder: Path) -> dict[str, tuple[bytes, int, int]]:
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns, stat.S_IMODE(p.stat().st_mode))
            for p in sorted(folder.iterdir())}


@pytest.fixture
def closed_site(tmp_path) -> Path:
    """A site's database file, closed cleanly the way the app leaves it (WAL, no -wal file beside it)."""
    folder = tmp_path / "site"
    folder.mkdir()
    path = folder / "frontdesk.db"
    db = Database(f"sqlite:///{path}")
    from frontdesk.db import migrate

    migrate.upgrade(db)
    admin = auth.initialize(db, "property", "阳光花园服务站", "admin", "张管理", "secret1")
    auth.create_user(db, admin, "clerk", "王前台", "secret2", "clerk")
    auth.sign_in(db, "clerk", "secret2")
    db.dispose()
    assert sorted(p.name for p in folder.iterdir()) == ["frontdesk.db"]
    return path


def test_sqlite_itself_refuses_a_write_on_the_read_only_connection(closed_site):
    db = Database(f"sqlite:///{closed_site}", read_only=True)
    try:
        with pytest.raises(OperationalError, match="readonly"), db.engine.connect() as connection:
            connection.execute(text("INSERT INTO settings (key, value) VALUES ('x', '1')"))
        with pytest.raises(DatabaseUnavailable) as info, db.read() as session:
            session.execute(text("UPDATE users SET display_name = 'x'"))
        assert "readonly" in str(info.value.__cause__)
        with pytest.raises(WriteRefused):
            db.write().__enter__()
        with db.read() as session:
            assert session.execute(text("SELECT count(*) FROM users")).scalar() == 2
    finally:
        db.dispose()


def test_verify_history_leaves_a_closed_file_exactly_as_it_was(closed_site, capsys):
    before = _snapshot(closed_site.parent)
    assert cli.main(["verify-history", "--db", str(closed_site)]) == 0
    assert "完整" in capsys.readouterr().out
    assert _snapshot(closed_site.parent) == before  # no -wal or -shm beside it, not a byte changed


def test_verify_history_keeps_a_rollback_journal_file_in_its_mode(closed_site):
    raw = sqlite3.connect(closed_site, isolation_level=None)
    raw.execute("PRAGMA journal_mode=DELETE")
    raw.close()
    before = _snapshot(closed_site.parent)
    assert closed_site.read_bytes()[18:20] == b"\x01\x01"  # rollback journal
    assert cli.main(["verify-history", "--db", str(closed_site)]) == 0
    assert _snapshot(closed_site.parent) == before  # the engine's WAL switch did not run


def test_verify_history_reads_a_live_database_without_disturbing_it(closed_site, capsys):
    app = Database(f"sqlite:///{closed_site}")  # the app has it open: -wal and -shm exist
    try:
        auth.sign_in(app, "clerk", "secret2")
        assert cli.main(["verify-history", "--db", str(closed_site)]) == 0
        auth.sign_in(app, "clerk", "secret2")
    finally:
        app.dispose()
    assert "已校验 7 条" in capsys.readouterr().out


def test_verify_history_checks_a_copy_in_a_read_only_folder(closed_site, tmp_path, capsys):
    copy = tmp_path / "auditor" / "frontdesk.db"
    copy.parent.mkdir()
    shutil.copy2(closed_site, copy)
    copy.chmod(0o444)
    copy.parent.chmod(0o555)
    try:
        before = _snapshot(copy.parent)
        assert cli.main(["verify-history", "--db", str(copy)]) == 0
        assert "完整" in capsys.readouterr().out
        assert _snapshot(copy.parent) == before
    finally:
        copy.parent.chmod(0o755)


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0 or not shutil.which("setpriv"),
                    reason="needs root to drop to an unprivileged user")
def test_verify_history_as_a_user_who_may_not_write(closed_site):
    """What an auditor without write access sees: the check works and creates nothing."""
    scratch = Path(tempfile.mkdtemp(prefix="frontdesk-ro-"))
    try:
        scratch.chmod(0o755)
        folder = scratch / "copy"
        folder.mkdir()
        copy = folder / "frontdesk.db"
        shutil.copy2(closed_site, copy)
        copy.chmod(0o444)
        folder.chmod(0o555)
        before = _snapshot(folder)
        env = dict(os.environ, FRONTDESK_HOME=str(scratch / "home"), PYTHONPATH=str(ROOT), HOME=str(scratch))
        result = subprocess.run(
            ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", sys.executable, "-m", "frontdesk",
             "verify-history", "--db", str(copy)],
            capture_output=True, text=True, env=env, cwd=ROOT, timeout=120,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        assert "完整" in result.stdout
        assert _snapshot(folder) == before
        assert not (scratch / "home").exists()
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
