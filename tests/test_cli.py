"""The ``frontdesk`` command on a database it cannot open: one Chinese message, status 2, nothing made.

Each case is a real file, folder or server address (``tests/bad_databases.py``), and each
command runs as the user would run it: ``python -m frontdesk <command> --db X`` in a fresh
data folder.  Cases that only exist for a user without write access run as ``nobody``.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

import pytest

from frontdesk import cli
from tests.bad_databases import AS_NOBODY, CASES, PG_URL, can_drop_privileges, make_site, snapshot

ROOT = Path(__file__).resolve().parents[1]
CHINESE = re.compile("[\u4e00-\u9fff]")
COMMANDS = {
    "verify-history": ["verify-history"],
    "demo": ["demo", "--months", "1"],
    "screenshot": ["screenshot", "--out", "{scratch}/shots"],
}


@pytest.fixture
def scratch():
    """A folder any user may enter (the unprivileged cases run as ``nobody``)."""
    folder = Path(tempfile.mkdtemp(prefix="frontdesk-cli-"))
    folder.chmod(0o755)
    yield folder
    for path in [folder, *folder.rglob("*")]:
        if path.is_dir() and not path.is_symlink():
            path.chmod(0o755)
    shutil.rmtree(folder, ignore_errors=True)


def _run_all(commands: dict[str, list[str]], db_arg: str, scratch: Path, unprivileged: bool) -> dict[str, tuple]:
    """Start every command at once (they are independent) and collect (status, stdout, stderr, seconds)."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", FRONTDESK_HOME=str(scratch / "home"),
               PYTHONPATH=str(ROOT), HOME=str(scratch / "home"))
    env.pop("FRONTDESK_DB", None)
    prefix = AS_NOBODY if unprivileged else []
    started = {}
    for name, arguments in commands.items():
        argv = [*prefix, sys.executable, "-m", "frontdesk",
                *(a.format(scratch=scratch) for a in arguments), "--db", db_arg]
        started[name] = (time.monotonic(), subprocess.Popen(
            argv, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
    results = {}
    for name, (start, process) in started.items():
        out, err = process.communicate(timeout=120)
        results[name] = (process.returncode, out, err, time.monotonic() - start)
    return results


@pytest.mark.parametrize("case", list(CASES))
def test_a_database_that_cannot_be_opened_gives_one_message_and_status_2(case, scratch):
    make, expected, who = CASES[case]
    if who == "postgres" and not PG_URL:
        pytest.skip("FRONTDESK_TEST_PG is not set: no PostgreSQL server")
    if who == "unprivileged" and not can_drop_privileges():
        pytest.skip("needs root to run the command as a user who may not write")
    commands = dict(COMMANDS)
    if who == "unprivileged":
        del commands["verify-history"]  # it only reads, so a read-only file is no obstacle (test_read_only.py)
    site = scratch / "site"
    site.mkdir()
    with ExitStack() as stack:
        db_arg = make(site, stack)
        before = snapshot(scratch)
        results = _run_all(commands, db_arg, scratch, who == "unprivileged")
        after = snapshot(scratch)
    for command, (status, out, err, _seconds) in results.items():
        said = out + err
        assert status == 2, (command, said)
        assert "Traceback" not in said and "sqlalche.me" not in said and "Error" not in said, (command, said)
        assert CHINESE.search(err) and expected in err, (command, said)
        assert len(err.strip().splitlines()) == 1, (command, said)  # one message
        assert out == "", (command, said)
    assert after == before  # nothing created, nothing changed, no data folder


def test_a_held_file_is_waited_for_briefly_not_thirty_seconds():
    # how long a held file is waited for is a setting of the engine, not a timing to measure here
    from frontdesk.db import engine

    assert engine.OPEN_WAIT_MS <= 5000 < engine.BUSY_TIMEOUT_MS


def test_demo_creates_a_new_database_only_when_asked_to(tmp_path, capsys):
    target = tmp_path / "new" / "demo.db"
    assert cli.main(["demo", "--db", str(target), "--months", "1"]) == 2
    assert "--create" in capsys.readouterr().err
    assert not target.parent.exists()
    assert cli.main(["demo", "--db", str(target), "--months", "1", "--create"]) == 0
    assert target.is_file()
    assert cli.main(["verify-history", "--db", str(target)]) == 0


def test_the_default_place_is_made_without_asking(fresh_home, capsys):
    assert not fresh_home.exists()
    assert cli.main(["demo", "--months", "1"]) == 0
    assert (fresh_home / "frontdesk.db").is_file()


def test_screenshot_points_to_demo_when_there_is_no_database(tmp_path, capsys):
    target = tmp_path / "shots.db"
    assert cli.main(["screenshot", "--db", str(target), "--out", str(tmp_path / "shots")]) == 2
    assert f"frontdesk demo --db {target} --create" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_verify_history_refuses_a_database_with_no_frontdesk_data(tmp_path, capsys):
    site = make_site(tmp_path / "site.db")
    assert cli.main(["verify-history", "--db", str(tmp_path / "empty.db")]) == 2
    assert "找不到" in capsys.readouterr().err
    assert cli.main(["verify-history", "--db", str(site)]) == 0
