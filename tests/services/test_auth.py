"""First-start setup, sign-in with lock-out, and who may create accounts."""

from __future__ import annotations

import statistics
import time
from datetime import datetime, timedelta

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select, update

from frontdesk.db import migrate
from frontdesk.db.engine import Database
from frontdesk.db.models import HistoryEntry, User
from frontdesk.domain import wallclock
from frontdesk.domain.errors import PermissionDenied, SignInFailed, ValidationFailed
from frontdesk.domain.vocab import PRESETS, Profile
from frontdesk.services import auth, reference, settings


def test_initialize_seeds_the_property_presets(db, admin):
    assert [c.name for c in reference.categories(db)] == PRESETS[Profile.PROPERTY]["categories"]
    assert [d.name for d in reference.departments(db)] == PRESETS[Profile.PROPERTY]["departments"]
    assert settings.load(db).profile == "property"
    assert settings.load(db).site_name == "阳光花园服务站"
    assert admin.role == "admin" and admin.username == "admin"


def test_initialize_seeds_the_dealership_presets(tmp_path):
    db = Database(f"sqlite:///{tmp_path / 'dealer.db'}")
    migrate.upgrade(db)
    try:
        auth.initialize(db, "dealership", "鹏城汽车4S店", "admin", "管理员", "secret1")
        assert [c.name for c in reference.categories(db)] == PRESETS[Profile.DEALERSHIP]["categories"]
        assert [d.name for d in reference.departments(db)] == PRESETS[Profile.DEALERSHIP]["departments"]
        assert settings.load(db).profile == "dealership"
    finally:
        db.dispose()


def test_initialize_only_once(db, admin):
    with pytest.raises(SignInFailed):
        auth.initialize(db, "property", "另一个站", "admin2", "李管理", "secret1")
    assert [u.name for u in reference.users(db)] == ["张管理"]


def test_initialize_checks_its_input(db):
    with pytest.raises(ValidationFailed) as info:
        auth.initialize(db, "farm", "", "", "", "123")
    assert set(info.value.fields) == {"profile", "site_name", "username", "display_name", "password"}
    assert not auth.is_initialized(db)


def test_sign_in(db, admin):
    actor = auth.sign_in(db, " admin ", "secret1")
    assert (actor.id, actor.username, actor.display_name, actor.role) == (admin.id, "admin", "张管理", "admin")


def test_unknown_user_gets_the_same_message_as_a_wrong_password(db, admin):
    messages = []
    for username in ("admin", "nobody", "admin", "nobody"):
        with pytest.raises(SignInFailed, match="用户名或密码错误") as failed:
            auth.sign_in(db, username, "wrong")
        messages.append(failed.value.message)
    assert len(set(messages)) == 1, messages
    assert "5 次" in messages[0]  # says what happens after too many tries, not how many are left


def test_every_failed_sign_in_is_written_down_without_the_name_typed(db, admin):
    for username in ("admin", "nobody", "passw0rd!"):
        with pytest.raises(SignInFailed):
            auth.sign_in(db, username, "wrong")
    with db.read() as session:
        failed = session.execute(
            select(HistoryEntry).where(HistoryEntry.action == "sign_in_failed").order_by(HistoryEntry.id)
        ).scalars().all()
        assert [(e.table_name, e.record_id, e.username) for e in failed] == [
            ("users", admin.id, "system"), ("users", None, "system"), ("users", None, "system")]
        assert not any(typed in e.old_value + e.new_value + e.field for e in failed for typed in ("nobody", "passw0rd"))


def test_wrong_password_counts_towards_the_lock(db, admin):
    for _ in range(2):
        with pytest.raises(SignInFailed, match="请重新输入"):
            auth.sign_in(db, "admin", "wrong")
    auth.sign_in(db, "admin", "secret1")  # a success resets the count
    for _ in range(4):
        with pytest.raises(SignInFailed, match="请重新输入"):
            auth.sign_in(db, "admin", "wrong")
    with pytest.raises(SignInFailed, match="已锁定"):
        auth.sign_in(db, "admin", "wrong")


def _failed_sign_in_seconds(db, username: str) -> float:  # noqa: ANN001
    with db.write() as session:  # never reach the lock: every try is a first failure
        session.execute(update(User).values(failed_attempts=0))
    started = time.perf_counter()
    with pytest.raises(SignInFailed):
        auth.sign_in(db, username, "wrong")
    return time.perf_counter() - started


@pytest.mark.parametrize("hashing", ["cheap", "default"])
def test_unknown_and_known_users_take_as_long(db, admin, monkeypatch, hashing):
    if hashing == "default":  # as on a real site: the password check is most of the time
        monkeypatch.setattr(auth, "_hasher", PasswordHasher())
        with db.write() as session:
            session.execute(update(User).values(password_hash=auth.hash_password("secret1")))
    known, unknown = [], []
    for _ in range(7):
        known.append(_failed_sign_in_seconds(db, "admin"))
        unknown.append(_failed_sign_in_seconds(db, "nobody"))
    ratio = statistics.median(known) / statistics.median(unknown)
    assert 1 / 3 < ratio < 3, (known, unknown)


def test_locked_after_five_failures_even_with_the_right_password(db, admin):
    start = datetime(2026, 11, 23, 9, 0)
    wallclock.set_fixed(start)
    for _ in range(4):
        with pytest.raises(SignInFailed):
            auth.sign_in(db, "admin", "wrong")
    with pytest.raises(SignInFailed, match="已锁定 15 分钟"):
        auth.sign_in(db, "admin", "wrong")
    wallclock.set_fixed(start + timedelta(minutes=14, seconds=59))
    with pytest.raises(SignInFailed, match="锁定"):
        auth.sign_in(db, "admin", "secret1")
    wallclock.set_fixed(start + timedelta(minutes=15, seconds=1))
    assert auth.sign_in(db, "admin", "secret1").username == "admin"


def test_create_user_needs_an_administrator(db, admin, clerk):
    with pytest.raises(PermissionDenied):
        auth.create_user(db, clerk, "sneaky", "偷偷", "secret3", "admin")
    assert "偷偷" not in [u.name for u in reference.users(db)]


def test_create_user_checks_input(db, admin):
    with pytest.raises(ValidationFailed) as info:
        auth.create_user(db, admin, "admin", "", "123", "king")
    assert set(info.value.fields) == {"username", "display_name", "password", "role"}
    with pytest.raises(ValidationFailed) as info:
        auth.create_user(db, admin, "fixer", "修理工", "secret3", "handler")
    assert set(info.value.fields) == {"department_id"}


def test_passwords_are_stored_as_argon2_hashes(db, admin, clerk):
    with db.read() as session:
        hashes = session.execute(select(User.password_hash)).scalars().all()
    assert len(hashes) == 2
    assert all(h.startswith("$argon2") for h in hashes)
    assert not any("secret" in h for h in hashes)
