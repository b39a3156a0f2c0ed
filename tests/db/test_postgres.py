"""The same engine on PostgreSQL, the database several PCs share (SPEC §8).

Runs when ``FRONTDESK_TEST_PG`` names a server login that may create databases, e.g.
``postgresql+psycopg://frontdesk:frontdesk@localhost/postgres`` (CI starts one); each
test gets a database of its own and drops it afterwards.
"""

from __future__ import annotations

import os
import uuid

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from frontdesk.db import migrate
from frontdesk.db.engine import Database
from frontdesk.domain.errors import HistoryBroken
from frontdesk.domain.types import RegisterFilter
from frontdesk.services import audit, auth, complaints, reference, register
from tests.db.test_numbering_concurrency import EACH, PROCESSES, run_parallel

ADMIN_URL = os.environ.get("FRONTDESK_TEST_PG", "")
pytestmark = pytest.mark.skipif(not ADMIN_URL, reason="FRONTDESK_TEST_PG is not set: no PostgreSQL server")


@pytest.fixture
def pg_url():
    name = f"frontdesk_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    yield url
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def pg_db(pg_url):
    database = Database(pg_url)
    migrate.upgrade(database)
    yield database
    database.dispose()


@pytest.fixture
def pg_clerk(pg_db):
    admin = auth.initialize(pg_db, "property", "阳光花园服务站", "admin", "张管理", "secret1")
    auth.create_user(pg_db, admin, "clerk", "王前台", "secret2", "clerk")
    return auth.sign_in(pg_db, "clerk", "secret2")


def test_migrations_register_and_search_on_postgres(pg_db, pg_clerk, make_form_for):
    assert migrate.current_revision(pg_db) == migrate.HEAD
    form = make_form_for(pg_db)
    first = complaints.register(pg_db, pg_clerk, form(phone="13812345678", content="楼上漏水,天花板渗水"))
    complaints.register(pg_db, pg_clerk, form(phone="13900001111", content="电梯停运"))
    assert first.number.startswith("TS-") and first.number.endswith("-0001")
    for fragment in ("5678", "漏水", "天花板渗水", first.number):
        assert register.ids(pg_db, pg_clerk, RegisterFilter(text=fragment)) == [first.id], fragment
    assert audit.verify_chain(pg_db).ok


def test_history_is_append_only_on_postgres(pg_db, pg_clerk):
    with pytest.raises(DBAPIError, match="append-only"):
        with pg_db.write() as session:
            session.execute(text("UPDATE history SET new_value = 'x' WHERE id = 1"))
    with pytest.raises(DBAPIError, match="append-only"):
        with pg_db.write() as session:
            session.execute(text("DELETE FROM history"))
    assert audit.verify_chain(pg_db).ok


_GENESIS = "0" * 64


@pytest.mark.parametrize("statement", [
    "TRUNCATE history", "TRUNCATE history_head", "TRUNCATE history, history_head", "DELETE FROM history_head",
    f"UPDATE history_head SET last_id = 0, last_hash = '{_GENESIS}'",
    f"INSERT INTO history_head VALUES (1, 0, '{_GENESIS}') ON CONFLICT (id) DO UPDATE SET last_id = 0",
    "INSERT INTO history SELECT * FROM history WHERE id = 1 ON CONFLICT (id) DO UPDATE SET new_value = 'x'",
])
def test_history_cannot_be_truncated_or_its_head_reset_on_postgres(pg_db, pg_clerk, statement):
    def rows():  # noqa: ANN202
        with pg_db.read() as session:
            return (session.execute(text("SELECT * FROM history ORDER BY id")).all(),
                    session.execute(text("SELECT * FROM history_head")).all())

    before = rows()
    with pytest.raises(DBAPIError, match="append-only|history head"), pg_db.write() as session:
        session.execute(text(statement))
    assert rows() == before
    assert audit.verify_chain(pg_db).ok


_WEAKER = ("CREATE OR REPLACE FUNCTION history_append_only() RETURNS trigger LANGUAGE plpgsql AS "
           "$$ BEGIN RETURN NULL; END $$")


@pytest.mark.parametrize(("tamper", "expected"), [
    (["ALTER TABLE history DISABLE TRIGGER history_append_only"], [("guard_disabled", "history_append_only")]),
    (["ALTER TABLE history DISABLE TRIGGER history_no_truncate"], [("guard_disabled", "history_no_truncate")]),
    (["ALTER TABLE history ENABLE REPLICA TRIGGER history_append_only"], [("guard_disabled", "history_append_only")]),
    (["DROP TRIGGER history_no_truncate ON history"], [("guard_missing", "history_no_truncate")]),
    (["DROP TRIGGER history_head_forward ON history_head"], [("guard_missing", "history_head_forward")]),
    ([_WEAKER], [("guard_altered", "history_append_only"), ("guard_altered", "history_no_truncate")]),
])
def test_a_disabled_dropped_or_weakened_guard_is_reported_on_postgres(pg_db, pg_clerk, tamper, expected):
    assert audit.verify_chain(pg_db).ok and audit.safeguards(pg_db).ok
    with pg_db.write() as session:  # the app's own role owns the tables, so this works: detection must see it
        for statement in tamper:
            session.execute(text(statement))
    report = audit.verify_chain(pg_db)
    assert [(b.kind, b.name) for b in report.breaks] == expected
    assert audit.safeguards(pg_db).breaks == report.breaks


def test_a_truncation_by_the_tables_owner_is_reported_on_postgres(pg_url, pg_db, pg_clerk, capsys):
    from frontdesk import cli

    with pg_db.write() as session:
        for table in ("history", "history_head"):
            session.execute(text(f"ALTER TABLE {table} DISABLE TRIGGER USER"))
        session.execute(text("TRUNCATE history"))
        session.execute(text(f"UPDATE history_head SET last_id = 0, last_hash = '{_GENESIS}'"))
    report = audit.verify_chain(pg_db)
    assert report.checked == 0
    assert [b.kind for b in report.breaks] == ["guard_disabled"] * 5 + ["empty"]
    assert cli.main(["verify-history", "--db", pg_url]) == 3
    out = capsys.readouterr().out
    assert "清空" in out and "停用" in out and "未发现改动" not in out
    with pytest.raises(HistoryBroken):  # and nothing more is written on top of it
        auth.sign_in(pg_db, "clerk", "secret2")


def test_the_checker_reads_postgres_in_read_only_transactions(pg_url, pg_db, pg_clerk, capsys):
    from frontdesk import cli

    reader = Database(pg_url, read_only=True)
    try:
        with pytest.raises(DBAPIError, match="read-only"), reader.engine.connect() as connection:
            connection.execute(text("INSERT INTO settings (key, value) VALUES ('x', '1')"))
    finally:
        reader.dispose()
    assert cli.main(["verify-history", "--db", pg_url]) == 0
    assert "已校验 6 条" in capsys.readouterr().out


@pytest.mark.slow
def test_parallel_processes_get_unique_gapless_numbers_on_postgres(pg_url, pg_db, pg_clerk, make_form_for):
    outcomes = run_parallel(pg_url, pg_clerk, reference.categories(pg_db)[0].id)
    numbers = sorted(n for batch in outcomes for n in batch)
    assert numbers == [f"TS-202611-{i:04d}" for i in range(1, PROCESSES * EACH + 1)]
    assert audit.verify_chain(pg_db).ok
