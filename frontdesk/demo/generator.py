"""Demo data: a site's customers and complaints over the last N months (SPEC §1, §2).

``fill(db, months, seed)`` gives a migrated database a believable past: a first
administrator and one account per role, an archive of customers (units in the
property profile, vehicles in the dealership one) and complaints with seasonal
volume, every category and channel, invalid and unreasonable ones with the
explanation given, major ones with their criteria, and a life for each (received,
dispatched, resolved, closed) in ``complaint_events`` and in the history chain.

It is all or nothing: the accounts, the archive, the complaints and the letters go
in one write unit of work (the services it calls run inside it, see :class:`_OneUnit`),
so a failure or a cancel anywhere leaves the database as it was.  It is fast because
rows go in with Core bulk inserts instead of one ``complaints.register`` call each;
the numbers are still the ones the register hands out (``TS-YYYYMM-NNNN``, monthly,
gapless, continuing ``number_sequences``), every history entry goes through
``audit.record`` so the chain verifies, and on PostgreSQL the id sequences are moved
past the rows written with explicit ids.  The same seed and end date give the same data.

A database that already holds complaints is a site's own: it is refused
(:class:`DemoRefused`) unless the caller insists (``force``).
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import func, insert, select, text, update
from sqlalchemy.orm import Session

from frontdesk.db.engine import Database
from frontdesk.db.models import (
    Category,
    Complaint,
    ComplaintEvent,
    Customer,
    Department,
    Disposition,
    Location,
    NumberSequence,
    User,
)
from frontdesk.demo.letters import add_letters
from frontdesk.demo.life import Life
from frontdesk.demo.text import CHANNEL_WEIGHTS, DEPARTMENT_OF, MAJOR_SUFFIX, NOTES, DemoText
from frontdesk.domain import wallclock
from frontdesk.domain.complaint import grade_reason
from frontdesk.domain.customer import unit_label, vehicle_label
from frontdesk.domain.errors import FrontDeskError, ValidationFailed
from frontdesk.domain.numbering import COMPLAINT_PREFIX, format_number, period_of
from frontdesk.domain.permissions import ROLE_LABELS, Role
from frontdesk.domain.progress import NullProgress, Progress, check
from frontdesk.domain.types import Actor
from frontdesk.domain.vocab import PROFILE_LABELS, Grade, Profile, Status, Validity
from frontdesk.i18n import _
from frontdesk.services import audit, auth, settings
from frontdesk.services.complaints import EDITABLE

#: The longest past a demo may have (a longer one runs for many minutes and ends in a year out of range).
MONTHS_MAX = 60
SEED_MAX = 2**31 - 1
ADMIN_USERNAME = "admin"
ADMIN_PASSWORD = "admin123"
DEMO_PASSWORD = "demo123"
SITE_NAMES = {Profile.PROPERTY: "阳光花园服务站", Profile.DEALERSHIP: "鹏城汽车4S店客服中心"}
#: Complaints a month before seasonal factors.
MONTHLY_BASE = {Profile.PROPERTY: 55, Profile.DEALERSHIP: 45}
CUSTOMERS = {Profile.PROPERTY: 900, Profile.DEALERSHIP: 700}
#: Volume by calendar month: summer for a property (water, power, noise), the
#: Spring Festival, May Day and National Day holidays for a dealership.
SEASON = {
    Profile.PROPERTY: (0.8, 0.75, 0.85, 0.9, 1.0, 1.25, 1.45, 1.4, 1.05, 0.95, 0.9, 0.85),
    Profile.DEALERSHIP: (1.35, 1.3, 0.9, 0.95, 1.25, 0.95, 1.0, 1.0, 1.05, 1.4, 0.95, 1.05),
}
SUMMER_CATEGORIES = ("供水", "供电", "噪音扰民")
NEIGHBOUR_CATEGORIES = ("噪音扰民", "供水")  # where criterion B (a neighbour's cause) fits

#: The kinds of ``complaint_events`` rows the demo writes.
EVENT_RECEIVED, EVENT_DISPATCHED, EVENT_ESCALATED = "received", "dispatched", "escalated"
EVENT_BECAME_MAJOR, EVENT_RESOLVED, EVENT_CLOSED = "became_major", "resolved", "closed"

@dataclass(frozen=True)
class DemoAccount:
    username: str
    password: str  # "" when the account existed before the demo and its password is not known
    display_name: str
    role: str
    department: str = ""


@dataclass(frozen=True)
class DemoSummary:
    profile: str
    site_name: str
    first_day: date
    last_day: date
    complaints: int
    valid: int
    invalid: int
    unreasonable: int
    major: int
    customers: int
    history_entries: int
    accounts: tuple[DemoAccount, ...]

    def __str__(self) -> str:
        lines = [
            _("演示数据已生成:{site}({profile})").format(
                site=self.site_name, profile=PROFILE_LABELS[Profile(self.profile)]
            ),
            _("期间 {first} 至 {last};投诉 {n} 条(有效 {valid},无效 {invalid},无理 {unr};重大 {major});"
              "客户 {customers} 位;历史记录 {history} 条").format(
                first=self.first_day, last=self.last_day, n=self.complaints, valid=self.valid,
                invalid=self.invalid, unr=self.unreasonable, major=self.major,
                customers=self.customers, history=self.history_entries,
            ),
            _("登录账户:"),
        ]
        for a in self.accounts:
            role = ROLE_LABELS.get(Role(a.role), a.role)
            dept = f"({a.department})" if a.department else ""
            password = a.password or _("(原有账户,密码不变)")
            lines.append(f"  {a.username:<12} {password:<10} {a.display_name} — {role}{dept}")
        return "\n".join(lines)


class DemoRefused(FrontDeskError):
    """The database already holds complaints: demo data would mix with a site's own records."""


def problems(months: object, seed: object, profile: object) -> dict[str, str]:
    """What is wrong with the arguments of :func:`fill`: argument → message."""
    errors: dict[str, str] = {}
    if isinstance(months, bool) or not isinstance(months, int) or not 1 <= months <= MONTHS_MAX:
        errors["months"] = _("月数应为 1 到 {n} 之间的整数,例如 --months 12").format(n=MONTHS_MAX)
    if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed <= SEED_MAX:
        errors["seed"] = _("种子应为 0 到 {n} 之间的整数,同一种子生成同样的数据").format(n=SEED_MAX)
    if profile not in set(Profile):
        errors["profile"] = _("行业应为 property(物业)或 dealership(汽车)")
    return errors


def fill(
    db: Database, months: int, seed: int, profile: str = "property",
    progress: Progress = NullProgress(), end: date | None = None,  # noqa: B008 - stateless
    *, force: bool = False,
) -> DemoSummary:
    """Fill a migrated database with ``months`` months (1–60) of demo data ending ``end`` (today).

    An empty database is first set up (site, administrator ``admin``/``admin123`` and
    one account per role with password ``demo123``).  A database that already holds
    complaints is refused with :class:`DemoRefused` unless ``force``.  Everything goes in
    one transaction: a failure or a cancel leaves the database as it was.
    """
    errors = problems(months, seed, profile)
    if errors:
        raise ValidationFailed(errors)
    check(progress)
    with db.write() as session:
        existing = session.execute(select(func.count(Complaint.id))).scalar_one()
        if existing and not force:
            raise DemoRefused(_("这个数据库已有 {n} 条投诉,可能是在用的站点数据库;为免演示数据混进真实记录,什么也没有写入。")
                              .format(n=existing))
        unit = _OneUnit(db, session)
        progress.update(0.0, _("正在准备账户…"))
        accounts, site, profile = _accounts(unit, profile)
        check(progress)
        moment = wallclock.now()
        end_moment = moment if end is None or end >= moment.date() else datetime.combine(end, time(23, 59, 59))
        last_day = end_moment.date()
        month_index = last_day.year * 12 + last_day.month - 1 - (months - 1)
        first_day = date(month_index // 12, month_index % 12 + 1, 1)
        rng = random.Random(f"{seed}:{profile}:{first_day}:{last_day}")
        gen = DemoText(rng, profile)
        with session.no_autoflush:
            ref = _References(session, profile)
            first_complaint_id = ref.next_ids[Complaint]
            progress.update(0.05, _("正在生成客户档案…"))
            customers, locations, history = _customers(session, gen, ref, first_day)
            check(progress)
            progress.update(0.15, _("正在生成投诉…"))
            complaints, events, dispositions, more_history = _complaints(
                session, gen, ref, customers, locations, first_day, end_moment, progress
            )
            history.extend(more_history)
            check(progress)
            progress.update(0.45, _("正在写入数据…"))
            for table, rows in ((Customer, customers), (Location, locations), (Complaint, complaints),
                                (ComplaintEvent, events), (Disposition, dispositions)):
                for start in range(0, len(rows), 5000):
                    session.execute(insert(table.__table__), rows[start : start + 5000])
                check(progress)
            _advance_id_sequences(session, (Customer, Location, Complaint, ComplaintEvent))
            _save_sequences(session, complaints)
            progress.update(0.6, _("正在写入历史记录…"))
            history.sort(key=lambda h: (h[0], h[1]))
            for i, (at, _order, actor, action, table_name, record_id, field, old, new) in enumerate(history):
                audit.record(session, actor, action, table_name, record_id, field, old, new, at=at)
                if i % 2000 == 0:
                    check(progress)
                    progress.update(0.6 + 0.35 * i / max(1, len(history)), _("正在写入历史记录…"))
            session.flush()
        check(progress)
        progress.update(0.96, _("正在生成工作联系函…"))
        add_letters(unit, rng, end_moment, first_complaint_id=first_complaint_id)
        check(progress)
    progress.update(1.0, _("演示数据已生成"))
    return DemoSummary(
        profile=profile, site_name=site, first_day=first_day, last_day=last_day,
        complaints=len(complaints),
        valid=sum(1 for c in complaints if c["validity"] == Validity.VALID),
        invalid=sum(1 for c in complaints if c["validity"] == Validity.INVALID),
        unreasonable=sum(1 for c in complaints if c["validity"] == Validity.UNREASONABLE),
        major=sum(1 for c in complaints if c["grade"] == Grade.MAJOR),
        customers=len(customers), history_entries=len(history), accounts=tuple(accounts),
    )


class _OneUnit:
    """The database as the services see it while the demo fills it.

    Every unit of work a service opens (``write()`` or ``read()``) is the demo's own
    transaction, so accounts made by :mod:`frontdesk.services.auth` and letters written
    by :mod:`frontdesk.services.letters` commit, or roll back, with everything else.
    """

    def __init__(self, db: Database, session: Session) -> None:
        self._db = db
        self._session = session

    def __getattr__(self, name: str) -> Any:
        return getattr(self._db, name)  # the url, the engine, is_sqlite

    @contextmanager
    def write(self) -> Iterator[Session]:
        yield self._session
        self._session.flush()

    @contextmanager
    def read(self) -> Iterator[Session]:
        yield self._session


def _advance_id_sequences(session: Session, models: tuple[type, ...]) -> None:
    """On PostgreSQL, move each table's id sequence past the rows written with explicit ids, so the
    rows the app adds later get ids of their own (SQLite takes the largest id plus one by itself)."""
    if session.get_bind().dialect.name != "postgresql":
        return
    for model in models:
        table = model.__tablename__
        session.execute(text(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), max(id)) FROM {table} HAVING count(*) > 0"))


# --- accounts -----------------------------------------------------------------------------

_STAFF = (
    # username, display name, role, department index (None: none; -1: the front desk)
    ("clerk1", "王丽", Role.CLERK, -1),
    ("clerk2", "陈静", Role.CLERK, -1),
    ("manager", "周强", Role.AREA_MANAGER, None),
    ("supervisor", "吴敏", Role.SUPERVISOR, None),
    ("auditor", "孙琳", Role.AUDITOR, None),
)
_HEAD_OFFICES = ("资产管理部", "总经理办公室")
_HANDLER_NAMES = ("赵建国", "钱志军", "李海波", "冯德明", "刘春梅", "何永成", "高俊峰", "罗新华")


def _accounts(db: Database | _OneUnit, profile: str) -> tuple[list[DemoAccount], str, str]:
    """Set up an empty database; add the demo accounts that are missing.  Returns (accounts, site, profile)."""
    if not auth.is_initialized(db):
        site = SITE_NAMES[Profile(profile)]
        admin = auth.initialize(db, profile, site, ADMIN_USERNAME, "管理员", ADMIN_PASSWORD)
        admin_password = ADMIN_PASSWORD
    else:
        stored = settings.load(db)
        profile, site = stored.profile, stored.site_name
        with db.read() as session:
            user = session.execute(
                select(User).where(User.role == Role.ADMIN.value, User.active.is_(True)).order_by(User.id)
            ).scalars().first()
            if user is None:
                raise DemoRefused(_("这个数据库没有在用的管理员账户,无法生成演示数据;请换一个新的数据库"))
            admin = Actor(user.id, user.username, user.display_name, user.role, user.department_id)
        admin_password = ""
    with db.read() as session:
        departments = session.execute(select(Department.id, Department.name).order_by(Department.sort_order)).all()
        existing = {  # plain values: nothing read here is used after its session
            u.username: (u.username, u.display_name, u.role, u.department_id)
            for u in session.execute(select(User)).scalars()
        }
    front = departments[0] if departments else None
    head_office = next((d for d in departments if d[1] in _HEAD_OFFICES), None)
    wanted: list[tuple[str, str, str, tuple[int, str] | None]] = []
    for username, name, role, dept in _STAFF:
        home = front if dept == -1 else head_office if role == Role.SUPERVISOR else None
        wanted.append((username, name, role, home))
    handled = [d for d in departments[1:] if d[1] not in _HEAD_OFFICES]
    for i, (dept_id, dept_name) in enumerate(handled, start=1):
        wanted.append((f"handler{i}", _HANDLER_NAMES[(i - 1) % len(_HANDLER_NAMES)], Role.HANDLER, (dept_id, dept_name)))
    dept_names = dict(departments)
    accounts = [DemoAccount(admin.username, admin_password, admin.display_name, Role.ADMIN.value)]
    for username, name, role, dept in wanted:
        if username in existing:
            name_, display_name, role_, department_id = existing[username]
            accounts.append(DemoAccount(name_, "", display_name, role_, dept_names.get(department_id, "")))
            continue
        auth.create_user(db, admin, username, name, DEMO_PASSWORD, role.value, dept[0] if dept else None,
                         is_head=role == Role.HANDLER)
        accounts.append(DemoAccount(username, DEMO_PASSWORD, name, role.value, dept[1] if dept else ""))
    return accounts, site, profile


class _References:
    """Ids the generator needs, read once inside the write unit of work."""

    def __init__(self, session, profile: str) -> None:  # noqa: ANN001
        self.profile = Profile(profile)
        self.categories = session.execute(
            select(Category.id, Category.name).where(Category.active.is_(True)).order_by(Category.sort_order)
        ).all()
        self.departments = session.execute(
            select(Department.id, Department.name).where(Department.active.is_(True)).order_by(Department.sort_order)
        ).all()
        users = session.execute(select(User).where(User.active.is_(True)).order_by(User.id)).scalars().all()
        actors = [Actor(u.id, u.username, u.display_name, u.role, u.department_id) for u in users]
        self.admin = next(a for a in actors if a.role == Role.ADMIN)
        self.receivers = [a for a in actors if a.role == Role.CLERK] or [self.admin]
        self.managers = [a for a in actors if a.role == Role.AREA_MANAGER] or self.receivers
        self.handlers = {a.department_id: a for a in actors if a.role == Role.HANDLER}
        self.supervisor = next((a for a in actors if a.role == Role.SUPERVISOR), None)
        self.dept_by_name = {name: i for i, name in self.departments}
        self.next_ids = {
            table: (session.execute(select(func.max(table.id))).scalar() or 0) + 1
            for table in (Customer, Location, Complaint, ComplaintEvent)
        }

    def take_id(self, table: type) -> int:
        value = self.next_ids[table]
        self.next_ids[table] = value + 1
        return value

    def department_for(self, rng: random.Random, category: str) -> int | None:
        names = [n for n in DEPARTMENT_OF.get(category, ()) if n in self.dept_by_name]
        if names:
            return self.dept_by_name[rng.choice(names)]
        return rng.choice(self.departments)[0] if self.departments else None


# --- customers ----------------------------------------------------------------------------

def _customers(session, gen: DemoText, ref: _References, first_day: date):  # noqa: ANN001, ANN202
    """The archive as it stood before the period: customers with one unit or vehicle each."""
    rng = gen.rng
    customers: list[dict] = []
    locations: list[dict] = []
    history: list[tuple] = []
    for n in range(CUSTOMERS[ref.profile]):
        cid, lid = ref.take_id(Customer), ref.take_id(Location)
        created = datetime.combine(first_day - timedelta(days=rng.randint(20, 900)), time(9)) + timedelta(
            minutes=rng.randint(0, 480)
        )
        name, phone = gen.person_name(), gen.mobile()
        customers.append(dict(
            id=cid, kind="person", name=name, gender=rng.choice(("男", "女")), phone=phone,
            other_phones=gen.mobile() if rng.random() < 0.15 else "", id_number="", note="",
            grade=rng.choice("ABCDE"), value_tier="", relationship_state="", rep_user_id=None,
            created_at=created,
        ))
        if ref.profile == Profile.PROPERTY:
            building, unit, floor, room = gen.unit()
            label = unit_label("", building, unit, room)
            locations.append(dict(
                id=lid, customer_id=cid, kind="unit", area="", building=building, unit=unit, floor=floor,
                room=room, plate="", vin="", model="", purchase_date=None, label=label,
            ))
        else:
            plate, vin, model = gen.vehicle()
            label = vehicle_label(plate, model)
            bought = created - timedelta(days=rng.randint(0, 60))
            locations.append(dict(
                id=lid, customer_id=cid, kind="vehicle", area="", building="", unit="", floor="", room="",
                plate=plate, vin=vin, model=model, purchase_date=bought, label=label,
            ))
        for field_name, value in (("name", name), ("phone", phone)):
            history.append((created, (0, n), ref.admin, "create", "customers", cid, field_name, "", value))
        history.append((created, (0, n), ref.admin, "create", "locations", lid, "label", "", label))
    return customers, locations, history


# --- complaints ---------------------------------------------------------------------------

_HOURS = (7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21)
_HOUR_WEIGHTS = (1, 5, 14, 15, 12, 6, 7, 12, 13, 11, 8, 4, 3, 2, 1)


def _days(first_day: date, end_moment: datetime):  # noqa: ANN202
    day = first_day
    while day <= end_moment.date():
        yield day
        day += timedelta(days=1)


def _received_times(rng: random.Random, profile: Profile, first_day: date, end_moment: datetime) -> list[datetime]:
    moments: list[datetime] = []
    for day in _days(first_day, end_moment):
        expected = MONTHLY_BASE[profile] / 30.4 * SEASON[profile][day.month - 1]
        if day.weekday() >= 5:
            expected *= 1.15 if profile == Profile.PROPERTY else 1.25
        count = int(expected) + (1 if rng.random() < expected - int(expected) else 0)
        for _i in range(count):
            hour = rng.choices(_HOURS, _HOUR_WEIGHTS)[0]
            minute = rng.randint(30, 59) if hour in (7, 8) and rng.random() < 0.7 else rng.randint(0, 59)
            at = datetime.combine(day, time(hour, minute, rng.randint(0, 59)))
            if at <= end_moment:
                moments.append(at)
    moments.sort()
    return moments


def _category(rng: random.Random, ref: _References, at: datetime) -> tuple[int, str]:
    weights = []
    for _id, name in ref.categories:
        weight = 1.0
        if ref.profile == Profile.PROPERTY and at.month in (6, 7, 8) and name in SUMMER_CATEGORIES:
            weight = 3.0
        if name in ("维修服务", "维修质量", "服务态度"):
            weight *= 1.6
        if name == "其他":
            weight *= 0.5
        weights.append(weight)
    return rng.choices(ref.categories, weights)[0]


def _complaints(session, gen: DemoText, ref: _References, customers: list[dict], places: list[dict],  # noqa: ANN001, ANN202
                first_day: date, end_moment: datetime, progress: Progress):
    rng = gen.rng
    locations = {
        p["customer_id"]: (p["customer_id"], p["id"], p["label"], p["building"], p["floor"], p["model"])
        for p in places
    }
    frequent = customers[: max(1, len(customers) // 12)]  # the repeat complainants
    complaints: list[dict] = []
    events: list[dict] = []
    dispositions: list[dict] = []
    history: list[tuple] = []
    times = _received_times(rng, ref.profile, first_day, end_moment)
    for n, received in enumerate(times):
        if n % 500 == 0:
            check(progress)
        receiver = rng.choice(ref.receivers) if rng.random() < 0.9 else rng.choice(ref.managers)
        cat_id, cat_name = _category(rng, ref, received)
        roll = rng.random()
        if roll < 0.8:
            customer = rng.choice(frequent) if rng.random() < 0.2 else rng.choice(customers)
            loc = locations.get(customer["id"])
            customer_id, location_id = customer["id"], loc[1] if loc else None
            label, building, floor, model = (loc[2], loc[3], loc[4], loc[5]) if loc else ("", "", "", "")
            if rng.random() < 0.85:
                complainant, phone = customer["name"], customer["phone"]
            else:  # a family member calls
                complainant, phone = customer["name"][0] + gen.person_name()[1:], gen.mobile()
        else:  # not (yet) in the archive: a tenant, a visitor
            customer_id = location_id = None
            complainant, phone = gen.person_name(), gen.mobile()
            building, floor, model = "", "", ""
            if ref.profile == Profile.PROPERTY:
                b, u, f, r = gen.unit()
                label, building, floor = unit_label("", b, u, r), b, f
            else:
                plate, _vin, model = gen.vehicle()
                label = vehicle_label(plate, model)
        validity = rng.choices(
            (Validity.VALID, Validity.INVALID, Validity.UNREASONABLE), (85, 9, 6)
        )[0].value
        validity_note = ""
        if validity == Validity.VALID:
            content, demand, target = gen.complaint(cat_name, label, building, floor, model)
        else:
            refused_category, content, demand, validity_note = gen.refused(validity, label, building, model)
            cat_id, cat_name = next(
                ((i, name) for i, name in ref.categories if name == refused_category), (cat_id, cat_name)
            )
            target = ""
        grade, criteria = Grade.MINOR.value, ""
        if validity == Validity.VALID and rng.random() < 0.035:
            grade = Grade.MAJOR.value
            criteria = rng.choices("ABC", (45, 40 if cat_name in NEIGHBOUR_CATEGORIES else 0, 20))[0]
            if rng.random() < 0.15:
                criteria = "".join(sorted(set(criteria + rng.choice("AC"))))
            content += MAJOR_SUFFIX[criteria[0]]
        department_id = ref.department_for(rng, cat_name)
        channel = rng.choices(list(CHANNEL_WEIGHTS), list(CHANNEL_WEIGHTS.values()))[0].value
        cid = ref.take_id(Complaint)
        row = dict(
            id=cid, number="", received_at=received, receiver_id=receiver.id, channel=channel,
            complainant=complainant, phone=phone, customer_id=customer_id, location_id=location_id,
            location_text=label, category_id=cat_id, department_id=department_id, target=target,
            content=content, demand=demand, validity=validity, validity_note=validity_note, grade=grade,
            major_criteria=criteria, grade_reason=grade_reason(grade, criteria),
            status=Status.REGISTERED.value, escalated=False, note=rng.choice(NOTES), resolved_at=None,
            closed_at=None, updated_at=received, version=1,
        )
        complaints.append(row)
        snapshot = {name: row[name] for name in EDITABLE}  # as registered, before its life
        snapshot["received_at"] = received
        life = _life(rng, ref, row, receiver, end_moment)
        for at, kind, actor, data in life["events"]:
            events.append(dict(
                id=ref.take_id(ComplaintEvent), complaint_id=cid, kind=kind, at=at,
                user_id=actor.id if actor else None,
                data=json.dumps(data, ensure_ascii=False) if data else "",
            ))
        key = (1, n)
        history.append((received, key, receiver, "create", "complaints", cid, "number", "", None))
        history.append((received, key, receiver, "create", "complaints", cid, "*", "", snapshot))
        for at, actor, field_name, old, new in life["changes"]:
            history.append((at, key, actor, "update", "complaints", cid, field_name, old, new))
        if life["disposition"] is not None:
            dispositions.append(dict(_DISPOSITION_DEFAULTS, **life["disposition"], complaint_id=cid))
    _number(complaints, history, session)
    return complaints, events, dispositions, history


_DISPOSITION_DEFAULTS = {
    column.name: None for column in Disposition.__table__.columns if column.name not in ("id", "complaint_id")
} | {
    "dispatch_note": "", "method_text": "", "on_the_spot": False, "result_text": "", "verification_text": "",
    "verifier_name": "", "verification_channel": "", "verification_for": "", "supervisor_opinion": "", "version": 1,
}


def _life(rng: random.Random, ref: _References, row: dict, receiver: Actor, end_moment: datetime) -> dict:
    """What happened to a complaint up to ``end_moment``: its events, field changes and disposition form."""
    received = row["received_at"]
    events: list[tuple] = [(received, EVENT_RECEIVED, receiver, None)]
    changes: list[tuple] = []
    if row["validity"] != Validity.VALID:
        closed = received + timedelta(minutes=rng.randint(5, 60))
        closed = min(closed, end_moment)
        row.update(status=Status.CLOSED.value, closed_at=closed, updated_at=closed)
        events.append((closed, EVENT_CLOSED, receiver, {"reason": row["validity"], "explanation": row["validity_note"]}))
        return {"events": events, "changes": changes, "disposition": None}
    life = Life(rng, row, receiver, end_moment, events, changes)
    handler = ref.handlers.get(row["department_id"]) or rng.choice(ref.managers)
    manager = rng.choice(ref.managers)
    major = row["grade"] == Grade.MAJOR
    if major:
        life.major_at_registration(manager)
        hours = rng.choices((rng.uniform(4, 12), rng.uniform(12, 72), rng.uniform(72, 360)), (50, 40, 10))[0]
    else:
        hours = rng.choices(
            (rng.uniform(0.5, 8), rng.uniform(24, 72), rng.uniform(72, 216), rng.uniform(240, 600)), (36, 38, 21, 5)
        )[0]
    resolved = received + timedelta(hours=hours)
    life.feedback(resolved)
    dispatched = received + timedelta(minutes=rng.randint(5, 90))
    if row["department_id"] is not None and dispatched <= end_moment and rng.random() < 0.85:
        life.dispatch(dispatched, handler, resolved)
    if major and rng.random() < 0.4:
        escalated = received + timedelta(minutes=rng.randint(5, 30))
        if escalated <= end_moment:
            row["escalated"] = True
            events.append((escalated, EVENT_ESCALATED, receiver, {"to": "superior"}))
            changes.append((escalated, receiver, "escalated", False, True))
    ten_days = received + timedelta(days=10)
    if not major and ten_days <= min(resolved, end_moment):
        # Not resolved within 10 days: became major automatically (criterion D).
        row.update(grade=Grade.MAJOR.value, major_criteria="D", grade_reason=grade_reason(Grade.MAJOR, "D"))
        events.append((ten_days, EVENT_BECAME_MAJOR, None, {"reason": "D"}))
        changes.append((ten_days, None, "grade", Grade.MINOR.value, Grade.MAJOR.value))
        changes.append((ten_days, None, "major_criteria", "", "D"))
        life.upgraded(ten_days, manager)
    if resolved <= end_moment:
        life.resolve(resolved, handler if life.form.get("dispatched_at") else receiver)
        life.close(ref.supervisor or manager, manager if row["grade"] == Grade.MAJOR else receiver)
    row.update(status=life.status, updated_at=max(at for at, *_ in events))
    return {"events": events, "changes": changes, "disposition": life.form}


def _number(complaints: list[dict], history: list[tuple], session) -> None:  # noqa: ANN001
    """Give numbers in order received, continuing each month's sequence as the register would."""
    last = dict(session.execute(
        select(NumberSequence.period, NumberSequence.last_value).where(NumberSequence.prefix == COMPLAINT_PREFIX)
    ).all())
    numbers = {}
    for row in complaints:  # already in order received
        period = period_of(row["received_at"])
        last[period] = last.get(period, 0) + 1
        row["number"] = numbers[row["id"]] = format_number(COMPLAINT_PREFIX, period, last[period])
    for i, entry in enumerate(history):
        if entry[4] == "complaints" and entry[6] == "number":
            history[i] = entry[:8] + (numbers[entry[5]],)
        elif entry[4] == "complaints" and entry[6] == "*":
            history[i] = entry[:8] + (json.dumps(entry[8], ensure_ascii=False, default=str),)


def _save_sequences(session, complaints: list[dict]) -> None:  # noqa: ANN001
    counts: dict[str, int] = {}
    for row in complaints:
        counts[row["received_at"].strftime("%Y%m")] = counts.get(row["received_at"].strftime("%Y%m"), 0) + 1
    existing = dict(session.execute(
        select(NumberSequence.period, NumberSequence.last_value).where(NumberSequence.prefix == COMPLAINT_PREFIX)
    ).all())
    for period, n in sorted(counts.items()):
        if period in existing:
            session.execute(
                update(NumberSequence.__table__)
                .where(NumberSequence.prefix == COMPLAINT_PREFIX, NumberSequence.period == period)
                .values(last_value=existing[period] + n)
            )
        else:
            session.execute(insert(NumberSequence.__table__).values(
                prefix=COMPLAINT_PREFIX, period=period, last_value=n
            ))
