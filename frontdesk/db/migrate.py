"""Bring a database to the newest schema in place; an older file is upgraded, never recreated.

Alembic is imported only when there is something to do: a database already at
:data:`HEAD` (every start but the first after an update) is recognised by one query.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from frontdesk.db.engine import Database
from frontdesk.db.guards import stored_revision

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
#: The newest revision in ``migrations/versions`` (a test keeps the two in step).
HEAD = "0007"


def alembic_config(db: Database) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", db.url.replace("%", "%%"))
    return config


def head_revision(db: Database) -> str:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config(db)).get_current_head() or ""


def current_revision(db: Database) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with db.engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def _stored_revision(db: Database) -> str | None:
    """The revision recorded in the database, by plain SQL; None when there is none yet."""
    with db.engine.connect() as connection:
        return stored_revision(connection)


def is_known(revision: str) -> bool:
    """A revision this program has a migration for (a newer program's database is not)."""
    return revision == HEAD or any((MIGRATIONS / "versions").glob(f"{revision}_*.py"))


def upgrade(db: Database, revision: str = "head") -> None:
    if revision == "head" and _stored_revision(db) == HEAD:
        return
    from alembic import command

    config = alembic_config(db)
    with db.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
