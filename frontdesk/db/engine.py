"""Engine, sessions and units of work.

The engine is built from settings at start-up, never at import time.  SQLite
runs with WAL, foreign keys, ``synchronous=FULL`` and a busy timeout; writes
take ``BEGIN IMMEDIATE`` so that two PCs or processes never interleave a
number or a history entry.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.exc import DatabaseError as SADatabaseError
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from frontdesk.db import changes
from frontdesk.domain.errors import DatabaseUnavailable
from frontdesk.i18n import _
from frontdesk.paths import default_database_path

BUSY_TIMEOUT_MS = 15000
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


def _sqlite_path(url: str) -> Path | None:
    if not url.startswith("sqlite"):
        return None
    _, _, rest = url.partition(":///")
    if not rest or rest == ":memory:":
        return None
    return Path(rest)


def make_engine(url: str) -> Engine:
    sqlite_file = _sqlite_path(url)
    if sqlite_file is not None:
        if is_network_path(sqlite_file):
            raise DatabaseUnavailable(
                _("数据库文件不能放在网络共享上({path}),否则多台电脑同时写入会损坏数据。"
                  "请把数据库放在本机硬盘;多台电脑共用请改用 PostgreSQL 服务器。").format(path=sqlite_file)
            )
        sqlite_file.parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False}
        )
        _configure_sqlite(engine)
        return engine
    return create_engine(url, pool_pre_ping=True)


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):  # noqa: ANN001
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
        cursor = dbapi_connection.cursor()
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

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = make_engine(url)
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
