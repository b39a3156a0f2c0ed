"""Fixtures shared by every test: a fresh data folder and a fresh, migrated database."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
if os.environ["QT_QPA_PLATFORM"] == "offscreen":
    from frontdesk.ui.shell.screenshots import use_screen

    use_screen(1366, 768)  # the screen of a counter PC: every window must fit it

import pytest  # noqa: E402

from frontdesk.db import migrate  # noqa: E402
from frontdesk.db.engine import Database  # noqa: E402
from frontdesk.domain import wallclock  # noqa: E402
from frontdesk.domain.types import Actor, ComplaintInput  # noqa: E402
from frontdesk.services import auth, reference  # noqa: E402

auth.use_cheap_hashing()  # the suite makes hundreds of accounts; a real site keeps the default cost


@pytest.fixture(autouse=True)
def fresh_home(tmp_path, monkeypatch):
    """Tests never touch the user's real data folder, settings or database."""
    home = tmp_path / "home"
    monkeypatch.setenv("FRONTDESK_HOME", str(home))
    monkeypatch.delenv("FRONTDESK_DB", raising=False)
    wallclock.set_fixed(None)
    yield home
    wallclock.set_fixed(None)


@pytest.fixture
def db_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'frontdesk.db'}"


@pytest.fixture
def db(db_url):
    database = Database(db_url)
    migrate.upgrade(database)
    yield database
    database.dispose()


@pytest.fixture
def admin(db) -> Actor:
    return auth.initialize(db, "property", "阳光花园服务站", "admin", "张管理", "secret1")


@pytest.fixture
def clerk(db, admin) -> Actor:
    auth.create_user(db, admin, "clerk", "王前台", "secret2", "clerk")
    return auth.sign_in(db, "clerk", "secret2")


@pytest.fixture
def make_form_for():
    """``make_form`` for a database of the test's own choosing (e.g. PostgreSQL)."""

    def for_db(database):
        category_id = reference.categories(database)[0].id

        def build(**changes) -> ComplaintInput:
            values = dict(
                channel="phone", complainant="李四", phone="13812345678", category_id=category_id,
                content="楼上漏水,天花板渗水", demand="尽快维修", location_text="3-2-1201",
            )
            values.update(changes)
            return ComplaintInput(**values)

        return build

    return for_db


@pytest.fixture
def make_form(db, admin, make_form_for):
    """A valid complaint form; keyword arguments override any field."""
    return make_form_for(db)
