"""Sign-in, first-start setup and user accounts (SPEC §1, §8)."""

from __future__ import annotations

import secrets
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select

from frontdesk.db.engine import Database
from frontdesk.db.models import Category, Department, RoleRow, User
from frontdesk.domain.errors import SignInFailed, ValidationFailed
from frontdesk.domain.permissions import ROLE_LABELS, Perm, Role
from frontdesk.domain.types import Actor
from frontdesk.domain.vocab import Profile, preset_names
from frontdesk.domain.wallclock import now
from frontdesk.i18n import _
from frontdesk.services import audit, settings
from frontdesk.services.access import as_actor, require

_hasher = PasswordHasher()
_dummy: tuple[PasswordHasher, str] | None = None  # (the hasher, a hash of a random password)
MIN_PASSWORD = 6


def use_cheap_hashing() -> None:
    """Hash with the lowest argon2 cost: for the test suite only, where thousands of
    accounts are made and signed in.  Real databases keep the library's defaults."""
    global _hasher
    _hasher = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def is_initialized(db: Database) -> bool:
    with db.read() as session:
        return bool(session.execute(select(func.count(User.id))).scalar())


def _check_account(username: str, display_name: str, password: str) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not username.strip():
        errors["username"] = _("请填写用户名")
    if not display_name.strip():
        errors["display_name"] = _("请填写姓名")
    if len(password) < MIN_PASSWORD:
        errors["password"] = _("密码至少 {n} 位").format(n=MIN_PASSWORD)
    return errors


def initialize(
    db: Database, profile: str, site_name: str, admin_username: str, admin_display_name: str,
    admin_password: str,
) -> Actor:
    """First start: the profile's presets, the site name and the first administrator."""
    errors = _check_account(admin_username, admin_display_name, admin_password)
    if profile not in set(Profile):
        errors["profile"] = _("请选择物业或汽车")
    if not site_name.strip():
        errors["site_name"] = _("请填写站点名称")
    if errors:
        raise ValidationFailed(errors)
    with db.write() as session:
        if session.execute(select(func.count(User.id))).scalar():
            raise SignInFailed(_("本数据库已完成初始设置,请直接登录"))
        for role in Role:
            session.merge(RoleRow(code=role.value, name=ROLE_LABELS[role]))
        for order, name in enumerate(preset_names(profile, "categories")):
            session.add(Category(name=name, sort_order=order, active=True))
        for order, name in enumerate(preset_names(profile, "departments")):
            session.add(Department(name=name, code=f"D{order + 1:02d}", sort_order=order, active=True))
        settings.put_in(session, "profile", profile)
        settings.put_in(session, "site_name", site_name.strip())
        user = User(
            username=admin_username.strip(), display_name=admin_display_name.strip(),
            password_hash=hash_password(admin_password), role=Role.ADMIN.value,
            active=True, failed_attempts=0, created_at=now(),
        )
        session.add(user)
        session.flush()
        actor = as_actor(user)
        audit.record(session, actor, "setup", "settings", None, "profile", "", profile)
        audit.record(session, actor, "setup", "settings", None, "site_name", "", site_name.strip())
        audit.record(session, actor, "create", "users", user.id, "username", "", user.username)
        return actor


def _unknown_user_hash() -> str:
    """A hash of no one's password, made once per hasher: an unknown username costs the same check."""
    global _dummy
    if _dummy is None or _dummy[0] is not _hasher:
        _dummy = (_hasher, _hasher.hash(secrets.token_urlsafe(16)))
    return _dummy[1]


def sign_in(db: Database, username: str, password: str) -> Actor:
    """The signed-in user, or :class:`SignInFailed` with a message that says what to do.

    An unknown (or disabled) username and a wrong password get the same message after the
    same work — a password check against a hash — so neither tells whether the name exists.
    """
    site = settings.load(db)
    limit, lock_minutes = site.lock_after_failures, site.lock_minutes
    with db.write() as session:
        user = session.execute(select(User).where(User.username == username.strip())).scalar_one_or_none()
        if user is not None and not user.active:
            user = None
        moment = now()
        if user is not None and user.locked_until is not None and user.locked_until > moment:
            minutes = max(1, int((user.locked_until - moment).total_seconds() // 60) + 1)
            raise SignInFailed(_("连续输错密码次数过多,账户已暂时锁定,请 {m} 分钟后再试,或请管理员解锁").format(m=minutes))
        try:
            _hasher.verify(user.password_hash if user is not None else _unknown_user_hash(), password)
        except (VerificationError, InvalidHashError):
            user_matched = False
        else:
            user_matched = user is not None
        if user is not None and user_matched:
            user.failed_attempts = 0
            user.locked_until = None
            if _hasher.check_needs_rehash(user.password_hash):
                user.password_hash = hash_password(password)
            actor = as_actor(user)
            audit.record(session, actor, "sign_in", "users", user.id)
            return actor
        failure = _("用户名或密码错误,请重新输入;连续输错 {n} 次,账户将锁定 {m} 分钟").format(
            n=limit, m=lock_minutes)
        # every failed attempt is written down alike, known name or not (an unknown name is not
        # kept: it may be a password typed in the wrong box), so both cost one write
        audit.record(session, None, "sign_in_failed", "users", user.id if user is not None else None, at=moment)
        if user is not None:
            user.failed_attempts += 1
            if user.failed_attempts >= limit:
                user.locked_until = moment + timedelta(minutes=lock_minutes)
                user.failed_attempts = 0
                audit.record(session, None, "lock", "users", user.id, "locked_until", "", user.locked_until)
                failure = _("连续 {n} 次密码错误,账户已锁定 {m} 分钟").format(n=limit, m=lock_minutes)
    raise SignInFailed(failure)


def create_user(
    db: Database, actor: Actor, username: str, display_name: str, password: str, role: str,
    department_id: int | None = None, is_head: bool = False,
) -> int:
    """A new account; ``is_head`` marks the department's head, who signs its handling methods."""
    errors = _check_account(username, display_name, password)
    if role not in set(Role):
        errors["role"] = _("请选择角色")
    if role == Role.HANDLER and department_id is None:
        errors["department_id"] = _("部门处理人须指定所属部门")
    with db.write() as session:
        actor = require(session, actor, Perm.ADMIN)
        if session.execute(select(User.id).where(User.username == username.strip())).first():
            errors["username"] = _("用户名已存在,请换一个")
        if errors:
            raise ValidationFailed(errors)
        user = User(
            username=username.strip(), display_name=display_name.strip(),
            password_hash=hash_password(password), role=role, department_id=department_id,
            is_head=is_head, active=True, failed_attempts=0, created_at=now(),
        )
        session.add(user)
        session.flush()
        audit.record(session, actor, "create", "users", user.id, "username", "", user.username)
        audit.record(session, actor, "create", "users", user.id, "role", "", role)
        if is_head:
            audit.record(session, actor, "create", "users", user.id, "is_head", "", True)
        return user.id
