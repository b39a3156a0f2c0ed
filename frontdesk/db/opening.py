"""Open the database a command or the window names: checked first, never created by mistake.

The command line and the window open a site the same way, through :func:`open_database`:

* A path that cannot be a database (a folder, another kind of file, a truncated or damaged
  copy, another program's database, one a newer FrontDesk made) is refused with one
  message that says what to do, before anything is written.
* A database that does not exist yet — or holds no FrontDesk data — is made only at the
  default place, or when ``create`` says yes (the window asks; the command line needs
  ``--create``).  A typo in a path must not look like a site whose data was lost.
* It is looked at read-only first, so a refusal leaves the file as it was (no journal
  switch, no ``-wal`` file); only then is it opened for writing and brought to the newest
  schema.  A read-only open (``frontdesk verify-history``) stops after the look.

Errors from the driver become :class:`DatabaseUnavailable` in :mod:`frontdesk.db.engine`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sqlalchemy import inspect, text

from frontdesk.db import migrate
from frontdesk.db.engine import (
    Database,
    check_creatable,
    check_sqlite_file,
    resolve_url,
    shown,
    sqlite_path,
    translated,
)
from frontdesk.domain.errors import DatabaseMissing, DatabaseUnavailable
from frontdesk.i18n import _
from frontdesk.paths import default_database_path

#: ``create``: True, False, or a question asked with what is missing (the window's dialog).
Create = bool | Callable[[DatabaseMissing], bool]


def open_database(db_arg: str | None, *, read_only: bool = False, create: Create = False) -> Database:
    """The database ``db_arg`` names (else ``FRONTDESK_DB``, else the default file), checked and, unless
    ``read_only``, brought to the newest schema."""
    url = resolve_url(db_arg)
    with translated(url):
        path = sqlite_path(url)
        if path is not None and check_sqlite_file(path, writing=not read_only) != "database":
            empty = path.exists()
            if read_only or not _may_create(path, DatabaseMissing(str(path), empty=empty), create):
                raise DatabaseMissing(str(path), empty=empty)
            check_creatable(path)
            path.parent.mkdir(parents=True, exist_ok=True)
            return _upgraded(Database(url))
        probe = Database(url, read_only=True)
        try:
            _check_contents(probe, path, read_only=read_only, create=create)
        except BaseException:
            probe.dispose()
            raise
        if read_only:
            return probe
        probe.dispose()
        return _upgraded(Database(url))


def _check_contents(probe: Database, path: Path | None, *, read_only: bool, create: Create) -> None:
    """A FrontDesk database this program can read, or an empty one it may fill."""
    with probe.read() as session:
        connection = session.connection()
        tables = set(inspect(connection).get_table_names())
        revision = (
            connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
            if "alembic_version" in tables else None
        )
    where = shown(probe.url)
    if revision is None and tables:
        raise DatabaseUnavailable(_(
            "{where} 是别的程序的数据库,不是 FrontDesk 数据库;FrontDesk 不会改动它。请检查路径或地址是否写对。"
        ).format(where=where))
    if revision is not None and not migrate.is_known(revision):
        raise DatabaseUnavailable(_(
            "数据库 {where} 是较新版本的 FrontDesk 建的(版本 {revision}),这个程序读不了,也不会改动它。"
            "请先把 FrontDesk 升级到最新版本。"
        ).format(where=where, revision=revision))
    if revision is None:  # an empty file or server database: a new site
        missing = DatabaseMissing(where, empty=True)
        if read_only or not _may_create(path, missing, create):
            raise missing


def _may_create(path: Path | None, missing: DatabaseMissing, create: Create) -> bool:
    if path is not None and path == default_database_path().resolve():
        return True  # the site's own place: the first start makes it
    return create(missing) if callable(create) else bool(create)


def _upgraded(db: Database) -> Database:
    try:
        with translated(db.url):
            migrate.upgrade(db)
    except BaseException:
        db.dispose()
        raise
    return db
