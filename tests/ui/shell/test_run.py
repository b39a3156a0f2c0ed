"""Start-up: a corrupt file is refused with a message; the full integrity check runs during sign-in."""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox
from sqlalchemy import text

from frontdesk.db.engine import Database
from frontdesk.ui.shell import run


def test_a_file_that_is_not_a_database_is_refused(tmp_path, qapp, monkeypatch):
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"this is not a database" * 100)
    shown = []
    monkeypatch.setattr(run, "_startup_error", lambda message, *details: shown.append(message) or 1)
    assert run.run_app(str(bad)) == 1
    assert shown and "数据库" in shown[0]
    assert bad.read_bytes() == b"this is not a database" * 100  # never replaced


def test_integrity_failure_is_reported_while_signing_in(db, admin, qapp, monkeypatch):
    monkeypatch.setattr(Database, "integrity_ok", lambda self: False)
    warnings = _warnings_while_signing_in(db, monkeypatch)
    assert warnings and "完整性" in warnings[0]


@pytest.mark.parametrize(("tamper", "named"), [
    ("DROP TRIGGER history_no_delete", "history_no_delete"),  # through the app's own connection
    ("DROP TRIGGER history_no_replace", "history_no_replace"),
])
def test_a_missing_guard_is_reported_while_signing_in(db, admin, qapp, monkeypatch, tamper, named):
    with db.write() as session:
        session.execute(text(tamper))
    warnings = _warnings_while_signing_in(db, monkeypatch)
    assert warnings and named in warnings[0] and "备份" in warnings[0]


def test_a_deleted_head_is_reported_while_signing_in(db, db_url, admin, qapp, monkeypatch):
    raw = sqlite3.connect(db_url.removeprefix("sqlite:///"), isolation_level=None)
    raw.execute("DROP TRIGGER history_head_no_delete")
    raw.execute("DELETE FROM history_head")
    raw.close()
    warnings = _warnings_while_signing_in(db, monkeypatch)
    assert warnings and "链头" in warnings[0] and "history_head_no_delete" in warnings[0]


def _warnings_while_signing_in(db, monkeypatch) -> list[str]:  # noqa: ANN001
    """What the start-up check shows while the sign-in dialog is open."""
    warnings = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text: warnings.append(text))

    def sign_in_exec(dialog):
        for _ in range(500):
            QApplication.processEvents()
            if warnings:
                break
            import time

            time.sleep(0.01)
        return QDialog.DialogCode.Rejected

    from frontdesk.ui.shell.sign_in import SignInDialog

    monkeypatch.setattr(SignInDialog, "exec", sign_in_exec)
    assert run.run_app(db.url) == 0
    return warnings
