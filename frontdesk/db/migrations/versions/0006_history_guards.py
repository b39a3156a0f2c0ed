"""history guards: no REPLACE, no TRUNCATE, and a chain head that stays and only moves forward

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 12:00:00

0001 refuses UPDATE and DELETE on ``history``.  That left three ways to rewrite it:

* SQLite: ``INSERT OR REPLACE`` (and ``REPLACE INTO``) with an existing id deletes the old
  row without firing any DELETE trigger.  Two ways exist to stop that.  ``PRAGMA
  recursive_triggers=ON`` makes REPLACE fire the delete trigger, but it is a setting of
  each connection: any other program, or a connection that turns it off again, gets
  the old behaviour back, and nothing in the file shows it.  A ``BEFORE INSERT`` trigger
  that refuses an id already present is part of the schema itself: every connection
  and every program gets it, and the start-up check can see that it is there.  We use
  the trigger.
* PostgreSQL: ``TRUNCATE`` fires no row trigger.  A statement-level ``BEFORE TRUNCATE``
  trigger refuses it.
* Both: the chain head (``history_head``, one row) could be deleted or set back, which
  hides a truncation or blocks every later write.  It may not be deleted, replaced or
  moved back: the app only ever moves it forward, one appended entry at a time.

On PostgreSQL the triggers are ``ENABLE ALWAYS``, so they fire under
``session_replication_role = replica`` too.  The app's role still owns the tables: it
runs these migrations itself at every start, and a table's owner (or any member of
the owning role, which the migrating role would have to be to hand the table over)
may ``ALTER TABLE … DISABLE TRIGGER`` or drop it.  Taking that away needs a second,
administrator-made role that owns the tables while the app connects with a role that
may only insert and select — a step of the server's set-up that the app cannot make
for itself.  So the app relies on detection: the start-up check and ``frontdesk
verify-history`` confirm that every guard is present, unchanged and enabled
(:mod:`frontdesk.db.guards`).

A database whose history and head are both empty gets its head row here, so the app
never has to create one; a head missing beside existing entries is left missing, for
the check to report.
"""

from __future__ import annotations

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

GENESIS = "0" * 64

_SQLITE_TRIGGERS = {
    "history_no_replace": (
        "CREATE TRIGGER history_no_replace BEFORE INSERT ON history "
        "WHEN EXISTS (SELECT 1 FROM history WHERE id = NEW.id) "
        "BEGIN SELECT RAISE(ABORT, 'history is append-only'); END"
    ),
    "history_head_no_delete": (
        "CREATE TRIGGER history_head_no_delete BEFORE DELETE ON history_head "
        "BEGIN SELECT RAISE(ABORT, 'the history head must stay'); END"
    ),
    "history_head_no_replace": (
        "CREATE TRIGGER history_head_no_replace BEFORE INSERT ON history_head "
        "WHEN EXISTS (SELECT 1 FROM history_head) "
        "BEGIN SELECT RAISE(ABORT, 'the history head must stay'); END"
    ),
    "history_head_forward": (
        "CREATE TRIGGER history_head_forward BEFORE UPDATE ON history_head "
        "WHEN NEW.id <> OLD.id OR NEW.last_id <= OLD.last_id "
        "BEGIN SELECT RAISE(ABORT, 'the history head only moves forward'); END"
    ),
}

_PG_FUNCTIONS = {
    "history_head_keep": (
        "CREATE FUNCTION history_head_keep() RETURNS trigger LANGUAGE plpgsql AS "
        "$$ BEGIN RAISE EXCEPTION 'the history head must stay'; END $$"
    ),
    "history_head_forward": (
        "CREATE FUNCTION history_head_forward() RETURNS trigger LANGUAGE plpgsql AS "
        "$$ BEGIN IF NEW.id <> OLD.id OR NEW.last_id <= OLD.last_id THEN "
        "RAISE EXCEPTION 'the history head only moves forward'; END IF; RETURN NEW; END $$"
    ),
}

_PG_TRIGGERS = {  # name: (table, definition after "ON table")
    "history_no_truncate": ("history", "BEFORE TRUNCATE ON history FOR EACH STATEMENT "
                                       "EXECUTE FUNCTION history_append_only()"),
    "history_head_no_delete": ("history_head", "BEFORE DELETE ON history_head FOR EACH ROW "
                                               "EXECUTE FUNCTION history_head_keep()"),
    "history_head_no_truncate": ("history_head", "BEFORE TRUNCATE ON history_head FOR EACH STATEMENT "
                                                 "EXECUTE FUNCTION history_head_keep()"),
    "history_head_forward": ("history_head", "BEFORE UPDATE ON history_head FOR EACH ROW "
                                             "EXECUTE FUNCTION history_head_forward()"),
}


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    # the head first: its guards would refuse to add it afterwards
    op.execute(
        f"INSERT INTO history_head (id, last_id, last_hash) SELECT 1, 0, '{GENESIS}' "
        "WHERE NOT EXISTS (SELECT 1 FROM history_head) AND NOT EXISTS (SELECT 1 FROM history)"
    )
    if dialect == "sqlite":
        for sql in _SQLITE_TRIGGERS.values():
            op.execute(sql)
    elif dialect == "postgresql":
        for sql in _PG_FUNCTIONS.values():
            op.execute(sql)
        for name, (_table, definition) in _PG_TRIGGERS.items():
            op.execute(f"CREATE TRIGGER {name} {definition}")
        for name, table in [("history_append_only", "history")] + [(n, t) for n, (t, _d) in _PG_TRIGGERS.items()]:
            op.execute(f"ALTER TABLE {table} ENABLE ALWAYS TRIGGER {name}")


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for name in _SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    elif dialect == "postgresql":
        op.execute("ALTER TABLE history ENABLE TRIGGER history_append_only")
        for name, (table, _definition) in _PG_TRIGGERS.items():
            op.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
        for name in _PG_FUNCTIONS:
            op.execute(f"DROP FUNCTION IF EXISTS {name}()")
