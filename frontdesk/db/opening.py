"""Open the database a command or the window names: checked first, never created by mistake.

The command line and the window open a site the same way, through :func:`open_database`.
A read-only open (``frontdesk verify-history``) creates nothing, writes nothing and runs no
migration: it reads the file or server as it is.
"""

from __future__ import annotations

from frontdesk.db.engine import Database, resolve_url, sqlite_path
from frontdesk.domain.errors import DatabaseUnavailable
from frontdesk.i18n import _


def open_database(db_arg: str | None, *, read_only: bool = False) -> Database:
    """The database ``db_arg`` names (else ``FRONTDESK_DB``, else the default file)."""
    url = resolve_url(db_arg)
    path = sqlite_path(url)
    if read_only and path is not None and not path.is_file():
        raise DatabaseUnavailable(_("找不到数据库文件:{path}。请检查路径是否写对。").format(path=path))
    db = Database(url, read_only=read_only)
    if read_only:
        return db
    from frontdesk.db import migrate

    try:
        migrate.upgrade(db)
    except BaseException:
        db.dispose()
        raise
    return db
