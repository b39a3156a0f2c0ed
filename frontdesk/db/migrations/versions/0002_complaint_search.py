"""complaint search index: trigram full-text over number, complainant, phone, location, content

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 11:00:00
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_COLUMNS = "number, complainant, phone, location_text, content"


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        op.execute(
            f"CREATE VIRTUAL TABLE complaint_search USING fts5({_COLUMNS}, "
            "content='complaints', content_rowid='id', tokenize='trigram')"
        )
        new = ", ".join(f"new.{c.strip()}" for c in _COLUMNS.split(","))
        old = ", ".join(f"old.{c.strip()}" for c in _COLUMNS.split(","))
        op.execute(
            "CREATE TRIGGER complaint_search_ai AFTER INSERT ON complaints BEGIN "
            f"INSERT INTO complaint_search(rowid, {_COLUMNS}) VALUES (new.id, {new}); END"
        )
        op.execute(
            "CREATE TRIGGER complaint_search_ad AFTER DELETE ON complaints BEGIN "
            f"INSERT INTO complaint_search(complaint_search, rowid, {_COLUMNS}) "
            f"VALUES ('delete', old.id, {old}); END"
        )
        op.execute(
            f"CREATE TRIGGER complaint_search_au AFTER UPDATE OF {_COLUMNS} ON complaints BEGIN "
            f"INSERT INTO complaint_search(complaint_search, rowid, {_COLUMNS}) "
            f"VALUES ('delete', old.id, {old}); "
            f"INSERT INTO complaint_search(rowid, {_COLUMNS}) VALUES (new.id, {new}); END"
        )
        op.execute("INSERT INTO complaint_search(complaint_search) VALUES ('rebuild')")
    elif dialect == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        op.execute(
            "CREATE INDEX ix_complaints_search_trgm ON complaints USING gin "
            "((number || ' ' || complainant || ' ' || phone || ' ' || location_text || ' ' || content) "
            "gin_trgm_ops)"
        )


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for name in ("ai", "ad", "au"):
            op.execute(f"DROP TRIGGER IF EXISTS complaint_search_{name}")
        op.execute("DROP TABLE IF EXISTS complaint_search")
    elif dialect == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_complaints_search_trgm")
