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
from frontdesk.domain.errors import SignInFailed, ValidationFailed
from frontdesk.domain.types import ComplaintInput, CustomerInput, RegisterFilter
from frontdesk.services import audit, auth, complaints, customers, reference, register
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


@pytest.mark.slow
def test_parallel_processes_get_unique_gapless_numbers_on_postgres(pg_url, pg_db, pg_clerk, make_form_for):
    outcomes = run_parallel(pg_url, pg_clerk, reference.categories(pg_db)[0].id)
    numbers = sorted(n for batch in outcomes for n in batch)
    assert numbers == [f"TS-202611-{i:04d}" for i in range(1, PROCESSES * EACH + 1)]
    assert audit.verify_chain(pg_db).ok


def test_control_characters_are_refused_or_ignored_on_postgres(pg_db, pg_clerk, make_form_for):
    """PostgreSQL takes no NUL in a text: each is refused with a message or cleaned, never a DataError."""
    form = make_form_for(pg_db)
    view = complaints.register(pg_db, pg_clerk, form(content="楼上漏水,天花板渗水"))
    with pytest.raises(ValidationFailed) as info:
        complaints.register(pg_db, pg_clerk, form(content="漏水\x00", complainant="李\x00四"))
    assert set(info.value.fields) == {"content", "complainant"}
    for typed in ("漏水\x00", "\x00", "ab\x00cd"):
        assert register.ids(pg_db, pg_clerk, RegisterFilter(text=typed)) in ([], [view.id])
        assert customers.search(pg_db, pg_clerk, typed) == []
    assert register.ids(pg_db, pg_clerk, RegisterFilter(text="漏水\x00")) == [view.id]
    with pytest.raises(SignInFailed):
        auth.sign_in(pg_db, "cl\x00erk", "secret2")
    admin = auth.sign_in(pg_db, "admin", "secret1")
    with pytest.raises(ValidationFailed) as info:
        auth.create_user(pg_db, admin, "new\x00clerk", "张三", "secret3", "clerk")
    assert set(info.value.fields) == {"username"}


def test_demo_fills_postgres_and_the_app_carries_on(pg_db):
    """Explicit ids once left the sequences behind: the first complaint the app registered failed."""
    from datetime import date, datetime

    from frontdesk.demo.generator import fill
    from frontdesk.domain import wallclock

    end = date(2026, 6, 15)
    first = fill(pg_db, 2, seed=1, end=end)
    second = fill(pg_db, 1, seed=2, end=end, force=True)
    with pg_db.read() as session:
        assert session.execute(text("SELECT count(*) FROM complaints")).scalar() == first.complaints + second.complaints
        assert session.execute(text("SELECT count(*) FROM letters")).scalar() > 0
    clerk = auth.sign_in(pg_db, "clerk1", "demo123")
    category_id = reference.categories(pg_db)[0].id
    with wallclock.at(datetime(2026, 6, 15, 12, 0)):  # new rows in every table the demo filled
        view = complaints.register(pg_db, clerk, ComplaintInput(
            channel="phone", complainant="新客户", phone="13800000000", category_id=category_id, content="测试"),
            CustomerInput(name="新客户", phone="13800000000", building="9", room="901"))
    assert view.customer_id is not None and view.location_id is not None
    assert audit.verify_chain(pg_db).ok
