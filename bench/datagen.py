"""Generate a benchmark database with N complaints, fast (1,000,000 in a few minutes).

    python -m bench.datagen --complaints 1000000 --db /tmp/bench1m.db

The schema comes from the real migrations and the site from ``auth.initialize``;
then customers and complaints go in with plain ``executemany`` in big
transactions.  Only here, for loading, the file runs with ``synchronous=OFF``
and an in-memory journal, the complaint indexes and the search-index triggers
are dropped, and afterwards the indexes are recreated, the FTS index is rebuilt
in one pass (``'rebuild'``) and the triggers are put back exactly as the
migration made them.  The result is the schema the app uses, back in WAL mode.

Text comes from the demo generator's templates (``frontdesk.demo``).  History
entries and complaint events are not generated: the register does not read them.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

from frontdesk.db import migrate
from frontdesk.db.engine import Database
from frontdesk.demo.text import (
    CHANNEL_WEIGHTS,
    GIVEN,
    MOBILE_PREFIXES,
    MODELS,
    PLATE_LETTERS,
    SURNAMES,
    DemoText,
)
from frontdesk.domain.complaint import grade_reason
from frontdesk.domain.customer import unit_label, vehicle_label
from frontdesk.domain.numbering import COMPLAINT_PREFIX, format_number
from frontdesk.domain.vocab import Grade, Profile, Status, Validity
from frontdesk.services import auth

ADMIN_PASSWORD = "admin123"
CHUNK = 50_000
_DT = "%Y-%m-%d %H:%M:%S.%f"  # how SQLAlchemy stores DateTime on SQLite
_COMPLAINT_COLUMNS = (
    "id", "number", "received_at", "receiver_id", "channel", "complainant", "phone", "customer_id",
    "location_id", "location_text", "category_id", "department_id", "target", "content", "demand",
    "validity", "validity_note", "grade", "major_criteria", "grade_reason", "status", "escalated",
    "note", "resolved_at", "closed_at", "updated_at", "version",
)


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def generate(
    path: Path, complaints: int, months: int = 60, seed: int = 1, profile: str = "property",
    end: date | None = None,
) -> None:
    """Create ``path`` afresh with ``complaints`` complaints spread over ``months`` months."""
    started = time.perf_counter()
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    db = Database(f"sqlite:///{path}")
    migrate.upgrade(db)
    auth.initialize(db, profile, "基准测试站", "admin", "管理员", ADMIN_PASSWORD)
    admin = auth.sign_in(db, "admin", ADMIN_PASSWORD)
    auth.create_user(db, admin, "clerk1", "王丽", "demo123", "clerk")
    auth.create_user(db, admin, "clerk2", "陈静", "demo123", "clerk")
    db.dispose()

    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA journal_mode=DELETE")
    con.execute("PRAGMA journal_mode=MEMORY")
    con.execute("PRAGMA synchronous=OFF")  # bench data generation only
    con.execute("PRAGMA cache_size=-400000")
    receivers = [r[0] for r in con.execute("SELECT id FROM users WHERE role='clerk' ORDER BY id")]
    categories = con.execute("SELECT id, name FROM categories ORDER BY sort_order").fetchall()
    departments = [r[0] for r in con.execute("SELECT id FROM departments ORDER BY sort_order")]

    saved = con.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE tbl_name='complaints' AND sql IS NOT NULL "
        "AND type IN ('index', 'trigger')"
    ).fetchall()
    for kind, name, _sql in saved:
        con.execute(f"DROP {kind.upper()} {name}")

    rng = random.Random(seed)
    gen = DemoText(rng, profile)
    n_customers = max(1000, complaints // 10)
    _log(f"customers: {n_customers:,}")
    places = _customers(con, rng, Profile(profile), n_customers)

    _log(f"complaints: {complaints:,}")
    end = end or date.today()
    start = end - timedelta(days=round(months * 30.44))
    span = (datetime.combine(end, datetime.max.time()) - datetime.combine(start, datetime.min.time())).total_seconds()
    base = datetime.combine(start, datetime.min.time())
    moments = sorted(
        base + timedelta(seconds=int(rng.random() * span // 86400) * 86400 + rng.randint(8 * 3600, 20 * 3600))
        for _ in range(complaints)
    )
    sequences: dict[str, int] = {}
    insert_sql = (
        f"INSERT INTO complaints ({', '.join(_COMPLAINT_COLUMNS)}) "
        f"VALUES ({', '.join('?' * len(_COMPLAINT_COLUMNS))})"
    )
    channels, channel_weights = [c.value for c in CHANNEL_WEIGHTS], list(CHANNEL_WEIGHTS.values())
    for chunk_start in range(0, complaints, CHUNK):
        batch = []
        for i in range(chunk_start, min(complaints, chunk_start + CHUNK)):
            received = moments[i]
            period = received.strftime("%Y%m")
            sequences[period] = sequences.get(period, 0) + 1
            cat_id, cat_name = rng.choice(categories)
            if rng.random() < 0.8:
                customer_id, location_id, label, name, phone = rng.choice(places)
            else:
                customer_id = location_id = None
                label, name, phone = rng.choice(places)[2], _name(rng), _mobile(rng)
            content, demand, target = gen.complaint(cat_name, label)
            roll = rng.random()
            validity = Validity.VALID if roll < 0.85 else Validity.INVALID if roll < 0.94 else Validity.UNREASONABLE
            note = "" if validity == Validity.VALID else "不在服务范围内,已向客户解释。"
            grade, criteria = (Grade.MAJOR, "A") if rng.random() < 0.08 else (Grade.MINOR, "")
            age_days = (end - received.date()).days
            resolved = closed = None
            if validity != Validity.VALID:
                status, closed = Status.CLOSED, received + timedelta(minutes=20)
            elif age_days > 14:
                status = Status.CLOSED
                resolved = received + timedelta(hours=rng.randint(1, 72))
                closed = resolved + timedelta(hours=12)
            else:
                status = rng.choice((Status.REGISTERED, Status.DISPATCHED, Status.RESOLVED))
            batch.append((
                i + 1, format_number(COMPLAINT_PREFIX, period, sequences[period]), received.strftime(_DT),
                rng.choice(receivers), rng.choices(channels, channel_weights)[0], name, phone, customer_id,
                location_id, label, cat_id, rng.choice(departments), target, content, demand,
                validity.value, note, grade.value, criteria, grade_reason(grade, criteria), status.value, 0,
                "", resolved.strftime(_DT) if resolved else None, closed.strftime(_DT) if closed else None,
                (closed or received).strftime(_DT), 1,
            ))
        con.execute("BEGIN")
        con.executemany(insert_sql, batch)
        con.execute("COMMIT")
        _log(f"  {chunk_start + len(batch):,} ({time.perf_counter() - started:.0f} s)")
    con.execute("BEGIN")
    con.executemany(
        "INSERT INTO number_sequences (prefix, period, last_value) VALUES (?, ?, ?)",
        [(COMPLAINT_PREFIX, p, v) for p, v in sorted(sequences.items())],
    )
    con.execute("COMMIT")

    _log("indexes…")
    for kind, _index_name, sql in saved:
        if kind == "index":
            con.execute(sql)
    _log(f"search index rebuild… ({time.perf_counter() - started:.0f} s)")
    con.execute("INSERT INTO complaint_search(complaint_search) VALUES ('rebuild')")
    for kind, _trigger_name, sql in saved:
        if kind == "trigger":
            con.execute(sql)
    con.execute("PRAGMA journal_mode=WAL")
    con.close()
    _log(f"done in {time.perf_counter() - started:.0f} s: {path} ({path.stat().st_size / 1e6:.0f} MB)")


def _name(rng: random.Random) -> str:
    given = rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.6 else "")
    return SURNAMES[min(int(rng.expovariate(1 / 18)), len(SURNAMES) - 1)] + given


def _mobile(rng: random.Random) -> str:
    return rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}"


def _customers(con: sqlite3.Connection, rng: random.Random, profile: Profile, count: int) -> list[tuple]:
    """Insert ``count`` customers with one unit or vehicle each; returns (cid, lid, label, name, phone)."""
    created = datetime.combine(date.today() - timedelta(days=3000), datetime.min.time()).strftime(_DT)
    customers, locations, places = [], [], []
    for cid in range(1, count + 1):
        name, phone = _name(rng), _mobile(rng)
        customers.append((cid, "person", name, "", phone, "", "", "", "", "", "", None, created))
        if profile == Profile.PROPERTY:
            area = "ABCD"[rng.randrange(4)] + "区"
            building, unit = str(rng.randint(1, 60)), str(rng.randint(1, 4))
            floor = rng.randint(2, 33)
            room = f"{floor}{rng.randint(1, 4):02d}"
            label = unit_label(area, building, unit, room)
            locations.append((cid, cid, "unit", area, building, unit, str(floor), room, "", "", "", None, label))
        else:
            chars = "".join(rng.choice(PLATE_LETTERS + "0123456789" * 3) for _ in range(5))
            plate, (wmi, model) = "粤B" + chars, rng.choice(MODELS)
            vin = wmi + "".join(rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ0123456789") for _ in range(14))
            label = vehicle_label(plate, model)
            locations.append((cid, cid, "vehicle", "", "", "", "", "", plate, vin, model, None, label))
        places.append((cid, cid, label, name, phone))
    con.execute("BEGIN")
    con.executemany(
        "INSERT INTO customers (id, kind, name, gender, phone, other_phones, id_number, note, grade, "
        "value_tier, relationship_state, rep_user_id, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
        customers,
    )
    con.executemany(
        "INSERT INTO locations (id, customer_id, kind, area, building, unit, floor, room, plate, vin, "
        "model, purchase_date, label) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
        locations,
    )
    con.execute("COMMIT")
    return places


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Generate a FrontDesk benchmark database.")
    parser.add_argument("--complaints", type=int, default=1_000_000)
    parser.add_argument("--db", type=Path, default=Path("/tmp/bench1m.db"))
    parser.add_argument("--months", type=int, default=60)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--profile", choices=[p.value for p in Profile], default="property")
    args = parser.parse_args(argv)
    generate(args.db, args.complaints, args.months, args.seed, args.profile)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
