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
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError, SQLAlchemyError
from sqlalchemy.exc import DatabaseError as SADatabaseError
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
#: How long connecting to a PostgreSQL server may take before the window or command says so.
CONNECT_TIMEOUT_S = 5
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
            raise _on_network_share(sqlite_file)
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
    connect_args: dict[str, object] = {}
    if url.startswith("postgresql"):
        if "connect_timeout" not in make_url(url).query:
            connect_args["connect_timeout"] = CONNECT_TIMEOUT_S
        if read_only:
            connect_args["options"] = "-c default_transaction_read_only=on"
    return create_engine(url, pool_pre_ping=True, connect_args=connect_args)


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
        """A lost connection, a locked or damaged file: one message that says what to do.

        Other errors (a constraint, the history's guards refusing a change) pass unchanged.
        """
        try:
            yield
        except OperationalError as exc:
            raise unavailable(exc, self.url) from exc
        except SADatabaseError as exc:
            if _kind(exc) == "corrupt":
                raise unavailable(exc, self.url) from exc
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


# -- what went wrong, in words the user can act on -----------------------------------------------
#
# Every error met opening or using a database becomes one DatabaseUnavailable here, with a
# Chinese message that names the file or server and says what to do.  The command line and
# the window both show these messages; nothing else translates a driver's error.


def shown(url: str) -> str:
    """The database as a person should see it: the file's path, or the server's address without the password."""
    path = sqlite_path(url)
    if path is not None:
        return str(path)
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


@contextmanager
def translated(url: str) -> Iterator[None]:
    """Turn any database error raised in the block into :class:`DatabaseUnavailable`."""
    try:
        yield
    except (SQLAlchemyError, sqlite3.Error) as exc:
        raise unavailable(exc, url) from exc
    except ModuleNotFoundError as exc:
        if (exc.name or "").split(".")[0] not in ("psycopg", "psycopg2", "pg8000", "asyncpg"):
            raise
        raise unavailable(exc, url) from exc


def unavailable(exc: BaseException, url: str) -> DatabaseUnavailable:
    """The one message for ``exc`` met on the database at ``url``."""
    target = shown(url)
    kind = _kind(exc)
    server = _server(url)
    messages = {
        "locked": lambda: _("数据库({target})正被其他程序占用,请稍候几秒再试;如果一直如此,请关闭正在使用它的程序"
                            "(例如另一个 FrontDesk 或数据库工具)。"),
        "read_only": lambda: _read_only_message(),
        "cannot_open": lambda: _("无法打开数据库文件 {target}。请检查路径是否写对,以及这个文件和所在文件夹的权限。"),
        "corrupt": lambda: _corrupt_message(),
        "io": lambda: _("读写数据库文件 {target} 时出错,磁盘可能有问题。请检查磁盘,必要时从备份恢复。"),
        "full": lambda: _("磁盘已满,无法保存到 {target}。请清理磁盘空间后再试。"),
        "password": lambda: _("无法登录数据库服务器 {server}:用户名或密码不对。请检查地址中的用户名和密码,或询问管理员。"),
        "no_database": lambda: _("数据库服务器 {server} 上没有名为“{name}”的数据库。"
                                 "请检查地址中的数据库名,或请管理员先建好这个数据库。"),
        "unknown_host": lambda: _("找不到数据库服务器“{host}”。请检查地址中的服务器名称,以及这台电脑的网络。"),
        "unreachable": lambda: _("连不上数据库服务器 {host}:{port}。请检查服务器是否开着、地址和端口是否正确,"
                                 "以及网络和防火墙。"),
        "refused_here": lambda: _("数据库服务器 {server} 不接受这台电脑的连接。请管理员在服务器上允许这台电脑连接。"),
        "driver": lambda: _("缺少连接 PostgreSQL 的组件。请安装:pip install \"frontdesk[postgres]\"。"),
        "bad_url": lambda: _("数据库地址写得不对:{target}。SQLite 请写数据库文件的路径;PostgreSQL 请写 "
                             "postgresql+psycopg://用户名:密码@服务器/数据库名。"),
    }
    if kind in messages:
        text_ = messages[kind]()
    else:
        text_ = _("无法访问数据库 {target}。请检查数据库文件或服务器是否可用;如果问题一直存在,"
                  "请把这段说明交给管理员:{detail}")
    return DatabaseUnavailable(text_.format(
        target=target, server=server["server"], host=server["host"], port=server["port"], name=server["name"],
        detail=_detail(exc),
    ))


def _read_only_message() -> str:
    return _("数据库文件 {target} 或它所在的文件夹是只读的,FrontDesk 无法保存修改。请让管理员给这个文件和文件夹"
             "写入权限,或把数据库复制到可以写入的位置;只检查修改历史可用 frontdesk verify-history(它只读取)。")


def _corrupt_message() -> str:
    return _("数据库文件 {target} 已损坏,或者不是 FrontDesk 数据库,无法读取。请检查路径是否写对;"
             "如果路径没错,请从备份恢复,或联系管理员。")


def _detail(exc: BaseException) -> str:
    """The driver's own words, first line only, without SQLAlchemy's wrapping or links."""
    inner = getattr(exc, "orig", None) or exc
    lines = [line.strip() for line in str(inner).splitlines() if line.strip()]
    return lines[0] if lines else type(inner).__name__


_KINDS = (  # (kind, words in the driver's message), first match wins
    ("password", ("password authentication failed", "password is required", "role \"", "no password supplied")),
    ("no_database", ("does not exist",)),
    ("refused_here", ("pg_hba.conf",)),
    ("unknown_host", ("failed to resolve host", "could not translate host name", "name or service not known",
                      "nodename nor servname", "temporary failure in name resolution", "no address associated")),
    ("unreachable", ("connection refused", "timeout expired", "timed out", "no route to host",
                     "network is unreachable", "connection to server", "could not connect", "server closed the connection")),
    ("locked", ("database is locked", "database table is locked", "database is busy")),
    ("read_only", ("readonly database", "read-only database", "read only database")),
    ("cannot_open", ("unable to open database file",)),
    ("corrupt", ("malformed", "not a database", "file is encrypted", "disk image")),
    ("io", ("disk i/o error",)),
    ("full", ("database or disk is full",)),
)


def _kind(exc: BaseException) -> str:
    if isinstance(exc, NoSuchModuleError) or (isinstance(exc, ArgumentError)):
        return "bad_url"
    if isinstance(exc, ModuleNotFoundError):
        return "driver"
    message = _detail(exc).lower() + " " + str(getattr(exc, "orig", "") or "").lower()
    for kind, words in _KINDS:
        if any(word in message for word in words):
            return kind
    return ""


def _server(url: str) -> dict[str, str]:
    try:
        parsed = make_url(url)
    except ArgumentError:
        return {"server": url, "host": url, "port": "", "name": ""}
    host = parsed.host or "localhost"
    port = str(parsed.port or 5432)
    return {"server": f"{host}:{port}", "host": host, "port": port, "name": parsed.database or ""}


# -- a file before it is opened -----------------------------------------------------------------

_SQLITE_MAGIC = b"SQLite format 3\x00"


def check_sqlite_file(path: Path, *, writing: bool) -> str:
    """``"database"``, or ``"missing"`` / ``"empty"`` (a new database would be made there).

    Anything else that cannot be a database — a folder, a path through a file, a file of
    another kind, a truncated copy, a file this user may not read (or, ``writing``, not
    write) — raises :class:`DatabaseUnavailable`; nothing is created or changed.  It reads
    the header with a plain ``open``: call it before this process connects to the file, since
    closing any handle on it drops the POSIX locks SQLite holds for the process.
    """
    if is_network_path(path):
        raise _on_network_share(path)
    if path.is_dir():
        raise DatabaseUnavailable(_("{path} 是一个文件夹,不是数据库文件。请写数据库文件本身的路径,例如 {example}。").format(
            path=path, example=path / "frontdesk.db"))
    if not path.exists():
        for parent in path.parents:
            if parent.exists():
                if not parent.is_dir():
                    raise DatabaseUnavailable(_("路径不对:{parent} 是一个文件,不是文件夹。请检查数据库的路径。").format(
                        parent=parent))
                break
        return "missing"
    if not path.is_file():
        raise DatabaseUnavailable(_corrupt_message().format(target=path))
    try:
        with open(path, "rb") as file:
            header = file.read(100)
    except PermissionError:
        raise DatabaseUnavailable(
            _("没有权限读取数据库文件 {path}。请让管理员给你这个文件的读取权限。").format(path=path)) from None
    except OSError as exc:
        raise DatabaseUnavailable(_("无法读取数据库文件 {path}:{error}。请检查磁盘和文件。").format(
            path=path, error=exc.strerror or exc)) from None
    if not header:
        return "empty"
    if len(header) < 100 or not header.startswith(_SQLITE_MAGIC) or not _page_size(header):
        raise DatabaseUnavailable(_corrupt_message().format(target=path))
    if _truncated(path, header):
        raise DatabaseUnavailable(_("数据库文件 {path} 不完整:它比文件头记录的短,可能复制或下载时被截断了。"
                                    "请从备份恢复,或重新复制完整的文件。").format(path=path))
    if writing and not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)):
        raise DatabaseUnavailable(_read_only_message().format(target=path))
    return "database"


def _on_network_share(path: Path) -> DatabaseUnavailable:
    return DatabaseUnavailable(
        _("数据库文件不能放在网络共享上({path}),否则多台电脑同时写入会损坏数据。"
          "请把数据库放在本机硬盘;多台电脑共用请改用 PostgreSQL 服务器。").format(path=path)
    )


def check_creatable(path: Path) -> None:
    """Refuse, with a message, a new database where this user may not create one."""
    for parent in path.parents:
        if parent.exists():
            if not os.access(parent, os.W_OK | os.X_OK):
                raise DatabaseUnavailable(_("无法在 {folder} 新建数据库:没有写入这个文件夹的权限。"
                                            "请换一个位置,或请管理员给这个文件夹写入权限。").format(folder=parent))
            return


def _page_size(header: bytes) -> int:
    size = int.from_bytes(header[16:18], "big")
    size = 65536 if size == 1 else size
    return size if 512 <= size <= 65536 and size & (size - 1) == 0 else 0


def _truncated(path: Path, header: bytes) -> bool:
    """The file is shorter than its header says (only judged while no journal is beside it)."""
    if any(Path(f"{path}{suffix}").exists() for suffix in ("-wal", "-journal")):
        return False  # pages may be on their way in or out: SQLite itself will judge
    pages = int.from_bytes(header[28:32], "big")
    valid = header[24:28] == header[92:96]  # the page count is valid for this change counter
    return valid and pages > 0 and path.stat().st_size < pages * _page_size(header)

