"""Migrations upgrade an older file in place, keep its rows, and match the models."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from frontdesk.db import migrate
from frontdesk.db.engine import Database
from frontdesk.db.models import Base
from frontdesk.domain.types import Actor, RegisterFilter
from frontdesk.services import register

_ROWS_AT_0001 = [
    "INSERT INTO roles (code, name) VALUES ('clerk', '前台')",
    "INSERT INTO users (id, username, display_name, password_hash, role, active, failed_attempts, created_at) "
    "VALUES (1, 'clerk', '王前台', 'x', 'clerk', 1, 0, '2025-01-02 09:00:00.000000')",
    "INSERT INTO categories (id, name, sort_order, active) VALUES (1, '供水', 0, 1)",
    "INSERT INTO complaints (id, number, received_at, receiver_id, channel, complainant, phone, location_text, "
    "category_id, target, content, demand, validity, validity_note, grade, major_criteria, grade_reason, status, "
    "escalated, note, updated_at, version) VALUES (1, 'TS-202501-0001', '2025-01-02 09:30:00.000000', 1, "
    "'phone', '李四', '13812345678', '3-2-1201', 1, '', '楼上漏水,天花板渗水', '', 'valid', '', 'minor', '', '', "
    "'registered', 0, '', '2025-01-02 09:30:00.000000', 1)",
]
CLERK = Actor(1, "clerk", "王前台", "clerk")


@pytest.fixture
def old_db(db_url):
    database = Database(db_url)
    migrate.upgrade(database, "0001")
    with database.engine.begin() as connection:
        for statement in _ROWS_AT_0001:
            connection.execute(text(statement))
    yield database
    database.dispose()


def _schema(db: Database) -> list[tuple]:
    with db.engine.connect() as connection:
        return connection.execute(text("SELECT type, name, sql FROM sqlite_master ORDER BY name")).all()


def test_upgrade_from_0001_keeps_rows_and_indexes_them(old_db):
    assert migrate.current_revision(old_db) == "0001"
    migrate.upgrade(old_db)
    assert migrate.current_revision(old_db) == migrate.head_revision(old_db)
    with old_db.read() as session:
        assert session.execute(text("SELECT count(*) FROM users")).scalar() == 1
        assert session.execute(text("SELECT number FROM complaints")).scalar() == "TS-202501-0001"
    # 0002's search index covers the complaint that existed before it
    assert register.ids(old_db, CLERK, RegisterFilter(text="5678")) == [1]
    assert register.ids(old_db, CLERK, RegisterFilter(text="天花板渗水")) == [1]
    assert register.ids(old_db, CLERK, RegisterFilter(text="煤气泄漏")) == []


def test_upgrading_twice_changes_nothing(old_db):
    migrate.upgrade(old_db)
    schema = _schema(old_db)
    migrate.upgrade(old_db)
    assert _schema(old_db) == schema
    assert migrate.current_revision(old_db) == migrate.head_revision(old_db)
    with old_db.read() as session:
        assert session.execute(text("SELECT count(*) FROM complaints")).scalar() == 1


def _ignored(diff: object) -> bool:
    """The FTS5 tables and their shadow tables are made by hand (0002, 0005), not by the models."""
    items = diff if isinstance(diff, list) else [diff]
    for item in items:
        for part in item if isinstance(item, tuple) else (item,):
            name = getattr(part, "name", None) or getattr(getattr(part, "table", None), "name", None)
            if isinstance(name, str) and name.startswith(("complaint_search", "customer_search")):
                return True
    return False


def test_models_match_the_migrations(db):
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = [d for d in compare_metadata(context, Base.metadata) if not _ignored(d)]
    assert differences == []


def test_comparison_would_notice_a_model_change(db):
    """The check above is not vacuous: a column the migrations lack shows up."""
    from sqlalchemy import Column, MetaData, String, Table

    metadata = MetaData()
    for table in Base.metadata.tables.values():
        table.to_metadata(metadata)
    Table("complaints", metadata, Column("extra_field", String(10)), extend_existing=True)
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = [d for d in compare_metadata(context, metadata) if not _ignored(d)]
    assert [d[0] for d in differences] == ["add_column"]


def test_the_declared_head_is_the_newest_migration(db):
    from frontdesk.db import migrate

    assert migrate.HEAD == migrate.head_revision(db) == migrate.current_revision(db)
