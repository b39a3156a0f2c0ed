"""Start-up: a corrupt file is refused with a message; the full integrity check runs during sign-in."""

from __future__ import annotations

import re
import sqlite3
from contextlib import ExitStack

import pytest
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox
from sqlalchemy import text

from frontdesk.db.engine import Database
from frontdesk.ui.shell import run
from tests.bad_databases import CASES, PG_URL, snapshot

CHINESE = re.compile("[\u4e00-\u9fff]")


def test_a_file_that_is_not_a_database_is_refused(tmp_path, qapp, monkeypatch):
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"this is not a database" * 100)
    shown = []
    monkeypatch.setattr(run, "_startup_error", lambda message, *details: shown.append(message) or 2)
    assert run.run_app(str(bad)) == 2
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


_WINDOW_CASES = [name for name, (_make, _expected, who) in CASES.items() if who != "unprivileged"]


@pytest.fixture
def boxes(monkeypatch) -> dict[str, list[str]]:
    """What the window shows: message boxes and the questions it asks (answered "no").

    A database opened by mistake would lead on to the setup wizard or the sign-in: both are
    closed at once, so such a failure shows as a wrong exit status instead of a wait.
    """
    from frontdesk.ui.shell.setup_wizard import SetupWizard
    from frontdesk.ui.shell.sign_in import SignInDialog

    for dialog in (SetupWizard, SignInDialog):
        monkeypatch.setattr(dialog, "exec", lambda self: QDialog.DialogCode.Rejected)
    seen: dict[str, list[str]] = {"shown": [], "asked": []}
    monkeypatch.setattr(QMessageBox, "exec", lambda box: seen["shown"].append(box.text()) or 0)
    monkeypatch.setattr(QMessageBox, "question",
                        lambda parent, title, text, *rest: seen["asked"].append(text) or QMessageBox.StandardButton.No)
    return seen


@pytest.mark.parametrize("case", _WINDOW_CASES)
def test_the_window_says_in_chinese_why_a_database_cannot_be_opened(case, tmp_path, qapp, boxes):
    make, expected, who = CASES[case]
    if who == "postgres" and not PG_URL:
        pytest.skip("FRONTDESK_TEST_PG is not set: no PostgreSQL server")
    site = tmp_path / "site"
    site.mkdir()
    with ExitStack() as stack:
        db_arg = make(site, stack)
        before = snapshot(site)
        assert run.run_app(db_arg) == 2
        after = snapshot(site)
    assert after == before
    if case in ("missing folder", "missing file", "empty file"):  # asked first; "no" opens nothing
        assert boxes["shown"] == [] and len(boxes["asked"]) == 1
        question = boxes["asked"][0]
        assert "新建" in question and ("路径写错" in question or "选错" in question)
        return
    assert boxes["asked"] == [] and len(boxes["shown"]) == 1
    text_ = boxes["shown"][0]
    assert CHINESE.search(text_) and expected in text_
    assert "sqlalche.me" not in text_ and "Error" not in text_ and "Traceback" not in text_


def test_the_window_makes_a_new_database_when_the_user_says_yes(tmp_path, qapp, monkeypatch):
    from frontdesk.ui.shell.setup_wizard import SetupWizard

    target = tmp_path / "new-site" / "frontdesk.db"
    asked = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda parent, title, text, *rest: asked.append(text) or QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(SetupWizard, "exec", lambda wizard: QDialog.DialogCode.Rejected)
    assert run.run_app(str(target)) == 0
    assert asked and str(target) in asked[0]
    assert target.is_file()


def test_the_window_makes_the_default_database_without_asking(fresh_home, qapp, monkeypatch, boxes):
    from frontdesk.ui.shell.setup_wizard import SetupWizard

    monkeypatch.setattr(SetupWizard, "exec", lambda wizard: QDialog.DialogCode.Rejected)
    assert run.run_app(None) == 0
    assert boxes == {"shown": [], "asked": []}
    assert (fresh_home / "frontdesk.db").is_file()
