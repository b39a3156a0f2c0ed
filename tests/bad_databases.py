"""Databases that cannot be opened, each made for real: the command line and window tests share them.

``CASES`` maps a name to ``(make, expected, who)``: ``make(folder, stack)`` builds the case in
``folder`` (an ``ExitStack`` holds anything that must stay open, such as another program's
lock) and returns the ``--db`` value; ``expected`` is a word the message must contain;
``who`` is ``"anyone"``, ``"unprivileged"`` (the case only exists for a user who may not
write: root may write anywhere) or ``"postgres"`` (needs ``FRONTDESK_TEST_PG``).
"""

from __future__ import annotations

import functools
import os
import random
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from contextlib import ExitStack, contextmanager
from pathlib import Path

from sqlalchemy.engine import make_url

from frontdesk.db import migrate
from frontdesk.db.engine import Database
from frontdesk.services import auth

NOBODY = 65534
PG_URL = os.environ.get("FRONTDESK_TEST_PG", "")

Make = Callable[[Path, ExitStack], str]


def make_site(path: Path) -> Path:
    """A real FrontDesk database with a site set up, closed cleanly."""
    db = Database(f"sqlite:///{path}")
    migrate.upgrade(db)
    auth.initialize(db, "property", "阳光花园服务站", "admin", "张管理", "secret1")
    db.dispose()
    return path


def _folder(folder: Path, _stack: ExitStack) -> str:
    (folder / "data").mkdir()
    return str(folder / "data")


def _text_file(folder: Path, _stack: ExitStack) -> str:
    path = folder / "客户名单.txt"
    path.write_text("张三 13812345678 3-2-1201\n李四 13900001111 5-1-302\n" * 50, encoding="utf-8")
    return str(path)


def _empty_file(folder: Path, _stack: ExitStack) -> str:
    path = folder / "frontdesk.db"
    path.touch()
    return str(path)


def _truncated(folder: Path, _stack: ExitStack) -> str:
    path = make_site(folder / "frontdesk.db")
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return str(path)


def _corrupt(folder: Path, _stack: ExitStack) -> str:
    """The header is intact; the schema page after it is noise."""
    path = make_site(folder / "frontdesk.db")
    data = bytearray(path.read_bytes())
    data[100:4096] = random.Random(7).randbytes(4096 - 100)
    path.write_bytes(bytes(data))
    return str(path)


def _bad_header(folder: Path, _stack: ExitStack) -> str:
    path = make_site(folder / "frontdesk.db")
    data = bytearray(path.read_bytes())
    data[16:18] = b"\x00\x03"  # a page size that cannot be
    path.write_bytes(bytes(data))
    return str(path)


def _other_program(folder: Path, _stack: ExitStack) -> str:
    path = folder / "notes.sqlite"
    raw = sqlite3.connect(path)
    raw.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    raw.execute("INSERT INTO notes (body) VALUES ('买菜')")
    raw.commit()
    raw.close()
    return str(path)


def _newer_frontdesk(folder: Path, _stack: ExitStack) -> str:
    path = make_site(folder / "frontdesk.db")
    raw = sqlite3.connect(path)
    raw.execute("UPDATE alembic_version SET version_num = '0099'")
    raw.commit()
    raw.close()
    return str(path)


def _missing_folder(folder: Path, _stack: ExitStack) -> str:
    return str(folder / "no-such-folder" / "frontdesk.db")


def _missing_file(folder: Path, _stack: ExitStack) -> str:
    return str(folder / "frontdsek.db")  # a typo


def _through_a_file(folder: Path, _stack: ExitStack) -> str:
    (folder / "backup.zip").write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    return str(folder / "backup.zip" / "frontdesk.db")


_HOLDER = """
import sqlite3, sys
raw = sqlite3.connect(sys.argv[1], isolation_level=None)
raw.execute("PRAGMA journal_mode=DELETE")
raw.execute("BEGIN EXCLUSIVE")
raw.execute("INSERT INTO settings (key, value) VALUES ('other_program', '1')")
print("held", flush=True)
sys.stdin.read()
"""


def _locked(folder: Path, stack: ExitStack) -> str:
    """A rollback-journal database another program holds in the middle of a write: nobody may read it.

    The other program is a process of its own: POSIX locks belong to a process, and this
    one reading the file (the tests' snapshots) would drop a lock it held itself.
    """
    path = make_site(folder / "frontdesk.db")
    holder = subprocess.Popen([sys.executable, "-c", _HOLDER, str(path)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)

    @contextmanager
    def holding():  # noqa: ANN202
        try:
            yield
        finally:
            holder.stdin.close()
            holder.wait(timeout=30)
            holder.stdout.close()

    stack.enter_context(holding())
    assert holder.stdout.readline().strip() == "held"
    return str(path)


def _read_only_file(folder: Path, _stack: ExitStack) -> str:
    path = make_site(folder / "frontdesk.db")
    os.chown(path, NOBODY, NOBODY)
    os.chown(folder, NOBODY, NOBODY)
    path.chmod(0o444)
    return str(path)


def _read_only_folder(folder: Path, _stack: ExitStack) -> str:
    """The file may be written, but no -wal file can be made beside it."""
    path = make_site(folder / "frontdesk.db")
    os.chown(path, NOBODY, NOBODY)
    folder.chmod(0o555)
    return str(path)


def _bad_url(_folder: Path, _stack: ExitStack) -> str:
    return "mysqlx://desk@server/frontdesk"


def _pg(**changes: object) -> Make:
    def make(_folder: Path, _stack: ExitStack) -> str:
        return make_url(PG_URL).set(**changes).render_as_string(hide_password=False)

    return make


CASES: dict[str, tuple[Make, str, str]] = {
    "folder": (_folder, "文件夹", "anyone"),
    "text file": (_text_file, "不是 FrontDesk", "anyone"),
    "empty file": (_empty_file, "空的", "anyone"),
    "truncated": (_truncated, "不完整", "anyone"),
    "corrupt": (_corrupt, "损坏", "anyone"),
    "bad header": (_bad_header, "损坏", "anyone"),
    "another program's database": (_other_program, "别的程序", "anyone"),
    "newer FrontDesk": (_newer_frontdesk, "升级", "anyone"),
    "missing folder": (_missing_folder, "找不到", "anyone"),
    "missing file": (_missing_file, "找不到", "anyone"),
    "path through a file": (_through_a_file, "不是文件夹", "anyone"),
    "held by another program": (_locked, "占用", "anyone"),
    "bad address": (_bad_url, "地址", "anyone"),
    "read-only file": (_read_only_file, "只读", "unprivileged"),
    "read-only folder": (_read_only_folder, "只读", "unprivileged"),
    "wrong password": (_pg(password="not-the-password"), "密码", "postgres"),
    "unknown user": (_pg(username="nobody_here"), "密码", "postgres"),
    "unknown host": (_pg(host="frontdesk-server.invalid"), "找不到数据库服务器", "postgres"),
    "closed port": (_pg(host="127.0.0.1", port=1), "连不上", "postgres"),
    "no such database": (_pg(database="frontdesk_no_such_db"), "没有名为", "postgres"),
}


AS_NOBODY = ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"]


@functools.cache
def can_drop_privileges() -> bool:
    """Root with ``setpriv``, and this checkout and Python reachable by ``nobody`` (not so under /root)."""
    import shutil

    if not (hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("setpriv")):
        return False
    root = Path(__file__).resolve().parents[1]
    trial = subprocess.run(
        [*AS_NOBODY, sys.executable, "-c", "import frontdesk.cli, sqlalchemy"], cwd=root,
        env=dict(os.environ, PYTHONPATH=str(root)), capture_output=True, timeout=60,
    )
    return trial.returncode == 0


def snapshot(folder: Path) -> dict[str, tuple[bytes, int, int]]:
    """Every file and folder under ``folder``: its bytes (files), mode and modification time."""
    found = {}
    for path in sorted(folder.rglob("*")):
        info = path.lstat()
        found[str(path.relative_to(folder))] = (
            path.read_bytes() if path.is_file() else b"", info.st_mtime_ns, info.st_mode)
    return found
