"""The database's own guards on the history, and a check that each is in place, unchanged and enabled.

The migrations create the guards (0001: no UPDATE or DELETE on ``history``; 0006: no
REPLACE, no TRUNCATE, a chain head that stays and only moves forward).  A guard can still
be dropped, replaced by a weaker one, or (PostgreSQL) disabled by whoever owns the table,
so the start-up check and ``frontdesk verify-history`` compare what the database holds
with what is listed here, for the revision the database is at.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, text

TABLES = ("history", "history_head")


@dataclass(frozen=True)
class SqliteTrigger:
    name: str
    table: str
    since: str  # the migration that created it
    sql: str  # as stored in sqlite_master


@dataclass(frozen=True)
class PgTrigger:
    name: str
    table: str
    since: str
    type: int  # pg_trigger.tgtype: ROW 1, BEFORE 2, INSERT 4, DELETE 8, UPDATE 16, TRUNCATE 32
    function: str
    source: str  # the plpgsql body between the $$


@dataclass(frozen=True)
class GuardProblem:
    state: str  # missing | altered | disabled | table_missing
    name: str


_APPEND_ONLY = "BEGIN SELECT RAISE(ABORT, 'history is append-only'); END"
_HEAD_STAYS = "BEGIN SELECT RAISE(ABORT, 'the history head must stay'); END"

SQLITE_TRIGGERS = (
    SqliteTrigger("history_no_update", "history", "0001",
                  f"CREATE TRIGGER history_no_update BEFORE UPDATE ON history {_APPEND_ONLY}"),
    SqliteTrigger("history_no_delete", "history", "0001",
                  f"CREATE TRIGGER history_no_delete BEFORE DELETE ON history {_APPEND_ONLY}"),
    SqliteTrigger("history_no_replace", "history", "0006",
                  "CREATE TRIGGER history_no_replace BEFORE INSERT ON history "
                  f"WHEN EXISTS (SELECT 1 FROM history WHERE id = NEW.id) {_APPEND_ONLY}"),
    SqliteTrigger("history_head_no_delete", "history_head", "0006",
                  f"CREATE TRIGGER history_head_no_delete BEFORE DELETE ON history_head {_HEAD_STAYS}"),
    SqliteTrigger("history_head_no_replace", "history_head", "0006",
                  "CREATE TRIGGER history_head_no_replace BEFORE INSERT ON history_head "
                  f"WHEN EXISTS (SELECT 1 FROM history_head) {_HEAD_STAYS}"),
    SqliteTrigger("history_head_forward", "history_head", "0006",
                  "CREATE TRIGGER history_head_forward BEFORE UPDATE ON history_head "
                  "WHEN NEW.id <> OLD.id OR NEW.last_id <= OLD.last_id "
                  "BEGIN SELECT RAISE(ABORT, 'the history head only moves forward'); END"),
)

_PG_APPEND_ONLY = "BEGIN RAISE EXCEPTION 'history is append-only'; END"
_PG_HEAD_STAYS = "BEGIN RAISE EXCEPTION 'the history head must stay'; END"
_PG_FORWARD = ("BEGIN IF NEW.id <> OLD.id OR NEW.last_id <= OLD.last_id THEN "
               "RAISE EXCEPTION 'the history head only moves forward'; END IF; RETURN NEW; END")

PG_TRIGGERS = (
    PgTrigger("history_append_only", "history", "0001", 1 | 2 | 8 | 16, "history_append_only", _PG_APPEND_ONLY),
    PgTrigger("history_no_truncate", "history", "0006", 2 | 32, "history_append_only", _PG_APPEND_ONLY),
    PgTrigger("history_head_no_delete", "history_head", "0006", 1 | 2 | 8, "history_head_keep", _PG_HEAD_STAYS),
    PgTrigger("history_head_no_truncate", "history_head", "0006", 2 | 32, "history_head_keep", _PG_HEAD_STAYS),
    PgTrigger("history_head_forward", "history_head", "0006", 1 | 2 | 16, "history_head_forward", _PG_FORWARD),
)


def stored_revision(connection: Connection) -> str | None:
    """The schema revision recorded in the database (None: not a FrontDesk database)."""
    from sqlalchemy import inspect

    if not inspect(connection).has_table("alembic_version"):
        return None
    return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def check(connection: Connection, revision: str | None = None) -> list[GuardProblem]:
    """Every guard the database should have at ``revision`` (default: its own) that is not as made."""
    from sqlalchemy import inspect

    revision = revision or stored_revision(connection) or "9999"
    inspector = inspect(connection)
    problems = [GuardProblem("table_missing", t) for t in TABLES if not inspector.has_table(t)]
    if connection.dialect.name == "sqlite":
        problems += _check_sqlite(connection, revision)
    elif connection.dialect.name == "postgresql":
        problems += _check_postgres(connection, revision)
    return problems


def _same(a: str | None, b: str) -> bool:
    return " ".join((a or "").split()) == " ".join(b.split())


def _check_sqlite(connection: Connection, revision: str) -> list[GuardProblem]:
    found = {
        name: (table, sql) for name, table, sql in connection.execute(
            text("SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'trigger'")
        )
    }
    problems = []
    for guard in SQLITE_TRIGGERS:
        if guard.since > revision:
            continue
        if guard.name not in found:
            problems.append(GuardProblem("missing", guard.name))
        elif found[guard.name][0] != guard.table or not _same(found[guard.name][1], guard.sql):
            problems.append(GuardProblem("altered", guard.name))
    return problems


def _check_postgres(connection: Connection, revision: str) -> list[GuardProblem]:
    rows = connection.execute(text(
        "SELECT t.tgname, c.relname, t.tgtype, t.tgenabled, p.proname, p.prosrc, l.lanname, "
        "t.tgqual IS NULL AS unconditional, cardinality(t.tgattr::int2[]) = 0 AS every_column "
        "FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_proc p ON p.oid = t.tgfoid "
        "JOIN pg_language l ON l.oid = p.prolang "
        "WHERE NOT t.tgisinternal AND t.tgrelid IN (to_regclass('history'), to_regclass('history_head'))"
    )).all()
    found = {row.tgname: row for row in rows}
    problems = []
    for guard in PG_TRIGGERS:
        if guard.since > revision:
            continue
        row = found.get(guard.name)
        if row is None:
            problems.append(GuardProblem("missing", guard.name))
        elif (row.relname != guard.table or row.tgtype != guard.type or row.proname != guard.function
              or row.lanname != "plpgsql" or not _same(row.prosrc, guard.source) or not row.unconditional
              or not row.every_column):
            problems.append(GuardProblem("altered", guard.name))
        elif row.tgenabled not in ("O", "A"):  # D: disabled; R: fires only on a replica
            problems.append(GuardProblem("disabled", guard.name))
    return problems
