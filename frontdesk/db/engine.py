"""Engine, sessions and units of work.

The engine is built from settings at start-up, never at import time.  SQLite
runs with WAL, foreign keys, ``synchronous=FULL`` and a busy timeout; writes
take ``BEGIN IMMEDIATE`` so that two PCs or processes never interleave a
number or a history entry.

A database opened read-only (``frontdesk verify-history``) changes nothing: SQLite
through a ``mode=ro`` URI with no PRAGMA that writes, PostgreSQL in read-only
transactions.
"""

from __future__ import annotations

import os
import sqlite3
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.exc import DatabaseError as SADatabaseError
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool

from frontdesk.db import changes
from frontdesk.domain.errors import DatabaseUnavailable
from frontdesk.i18n import _
from frontdesk.paths import default_database_path

#: How long a unit of work waits for another process's write to finish.
BUSY_TIMEOUT_MS = 15000
#: How long opening waits for a file another program holds (then says so), and read-only reads wait.
OPEN_WAIT_MS = 2000
_NETWORK_FS = {"nfs", "nfs4", "cifs", "smbfs", "smb3", "fuse.sshfs", "9p", "afs", "ncpfs", "davfs", "fuse.davfs2"}


def resolve_url(db: str | None) -> str:
    """``--db`` value, else ``FRONTDESK_DB``, else the SQLite file in the user data folder."""
    value = db or os.environ.get("FRONTDESK_DB") or str(default_database_path())
    if "://" in value:
        return value
    return "sqlite:///" + str(Path(value).expanduser().resolve())


def is_network_path(path: Path) -> bool:
    """True for a UNC path, a mapped network drive, or a network mount (SPEC §8)."""
    raw = str(path)
    if raw.startswith("\\\\") or raw.startswith("//"):
        return True
    if sys.platform == "win32":  # pragma: no cover - Windows only
        import ctypes

        drive = os.path.splitdrive(os.path.abspath(raw))[0]
        if drive:
            return ctypes.windll.kernel32.GetDriveTypeW(drive + "\\") == 4  # DRIVE_REMOTE
        return False
    try:
        mounts = Path("/proc/mounts").read_text().splitlines()
    except OSError:
        return False
    best, best_type = "", ""
    target = os.path.abspath(raw)
    for line in mounts:
        parts = line.split()
        if len(parts) < 3:
            continue
        mount_point = parts[1].replace("\\040", " ")
        if (target == mount_point or target.startswith(mount_point.rstrip("/") + "/")) and len(
            mount_point
        ) >= len(best):
            best, best_type = mount_point, parts[2]
    return best_type in _NETWORK_FS


def sqlite_path(url: str) -> Path | None:
    if not url.startswith("sqlite"):
        return None
    _, _, rest = url.partition(":///")
    if not rest or rest == ":memory:":
        return None
    return Path(rest)


def make_engine(url: str, *, read_only: bool = False) -> Engine:
    """The engine for ``url``; it creates no folder (the caller decides whether a new database may be made)."""
    sqlite_file = sqlite_path(url)
    if sqlite_file is not None:
        if is_network_path(sqlite_file):
            raise DatabaseUnavailable(
                _("数据库文件不能放在网络共享上({path}),否则多台电脑同时写入会损坏数据。"
                  "请把数据库放在本机硬盘;多台电脑共用请改用 PostgreSQL 服务器。").format(path=sqlite_file)
            )
        if read_only:
            uri = read_only_uri(sqlite_file)
            engine = create_engine(
                "sqlite://", poolclass=QueuePool,
                creator=lambda: sqlite3.connect(uri, uri=True, timeout=OPEN_WAIT_MS / 1000, check_same_thread=False),
            )
        else:
            engine = create_engine(url, connect_args={"timeout": OPEN_WAIT_MS / 1000, "check_same_thread": False})
        _configure_sqlite(engine, read_only)
        return engine
    if read_only and url.startswith("postgresql"):
        return create_engine(url, pool_pre_ping=True, connect_args={"options": "-c default_transaction_read_only=on"})
    return create_engine(url, pool_pre_ping=True)


def read_only_uri(path: Path) -> str:
    """A ``file:`` URI that opens ``path`` read-only and leaves nothing beside it.

    A WAL database with no ``-wal`` file beside it is closed (the app keeps one while it has
    the file open).  Opened with plain ``mode=ro``, SQLite would create ``-wal`` and ``-shm``
    files next to it and leave them there, or fail in a read-only folder; ``immutable=1``
    reads it as the unchanging file it is.  A database in use (its ``-wal`` exists) and a
    rollback-journal database are read with ``mode=ro`` alone, under SQLite's usual locks.
    """
    uri = path.resolve().as_uri() + "?mode=ro"
    if _journal_is_wal(path) and not Path(f"{path}-wal").exists():
        uri += "&immutable=1"
    return uri


def _journal_is_wal(path: Path) -> bool:
    try:
        with open(path, "rb") as file:
            header = file.read(20)
    except OSError:
        return False
    return len(header) == 20 and header[18:20] == b"\x02\x02"


def _configure_sqlite(engine: Engine, read_only: bool = False) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):  # noqa: ANN001
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
        cursor = dbapi_connection.cursor()
        if read_only:  # nothing that writes: the journal mode stays as the file has it
            cursor.execute("PRAGMA query_only=ON")
            cursor.execute(f"PRAGMA busy_timeout={OPEN_WAIT_MS}")
        else:
            # switching a rollback-journal file to WAL needs it to itself: wait briefly, then say so
            cursor.execute(f"PRAGMA busy_timeout={OPEN_WAIT_MS}")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA synchronous=FULL")
            cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):  # noqa: ANN001
        if conn.get_execution_options().get("frontdesk_write"):
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            conn.exec_driver_sql("BEGIN")


class WriteRefused(RuntimeError):
    """A write was started on a thread that must not write (the window's file workers)."""


_thread = threading.local()


@contextmanager
def no_writes() -> Iterator[None]:
    """Refuse any write unit of work on this thread while the block runs.

    The window runs file work (building a PDF or a workbook) under this, so the history
    and every other write stay on the one database worker.
    """
    before = getattr(_thread, "no_writes", False)
    _thread.no_writes = True
    try:
        yield
    finally:
        _thread.no_writes = before


class Database:
    """The one handle the services get: a read or write unit of work at a time."""

    def __init__(self, url: str, *, read_only: bool = False) -> None:
        self.url = url
        self.read_only = read_only
        self.engine = make_engine(url, read_only=read_only)
        self.is_sqlite = self.engine.dialect.name == "sqlite"
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        # what each write commits is noted for the screens (frontdesk.db.changes)
        event.listen(self._sessions, "after_flush", changes.after_flush)
        event.listen(self._sessions, "after_commit", changes.after_commit)
        event.listen(self._sessions, "after_soft_rollback", lambda session, _tx: changes.after_rollback(session))

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A write unit of work: commits on success, rolls back on any error."""
        if getattr(_thread, "no_writes", False):
            raise WriteRefused("a write unit of work was started outside the database worker")
        if self.read_only:
            raise WriteRefused("a write unit of work was started on a database opened read-only")
        with self._guard():
            session = self._sessions()
            try:
                session.connection(execution_options={"frontdesk_write": True})
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise
            finally:
                session.close()

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self._guard():
            session = self._sessions()
            try:
                yield session
            finally:
                session.rollback()
                session.close()

    @contextmanager
    def _guard(self) -> Iterator[None]:
        try:
            yield
        except OperationalError as exc:
            message = str(exc.orig).lower()
            if "locked" in message or "busy" in message:
                raise DatabaseUnavailable(
                    _("数据库正被其他电脑或程序占用,请稍候几秒再试。如果一直如此,请检查是否有程序卡住。")
                ) from exc
            raise DatabaseUnavailable(
                _("无法访问数据库:{error}。请检查数据库文件或服务器是否可用。").format(error=exc.orig)
            ) from exc
        except SADatabaseError as exc:
            if "malformed" in str(exc.orig).lower() or "not a database" in str(exc.orig).lower():
                raise DatabaseUnavailable(
                    _("数据库文件已损坏或不是 FrontDesk 数据库。请从备份恢复,或联系管理员。")
                ) from exc
            raise

    def integrity_ok(self) -> bool:
        """``PRAGMA quick_check`` on SQLite; a live connection elsewhere."""
        with self.read() as session:
            if self.is_sqlite:
                return session.execute(text("PRAGMA quick_check")).scalar() == "ok"
            session.execute(text("SELECT 1"))
            return True

    def dispose(self) -> None:
        self.engine.dispose()
