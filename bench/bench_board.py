"""The overdue board and the day-10 job on a large register, as ratios against a baseline.

    python -m bench.bench_board --db /tmp/bench1m.db [--repeat 5]

Uses a database made by ``bench.datagen`` (see bench/README.md).  The first run gives
every open complaint the events a real one has (received, dispatched, for some a method
written), so that each carries running clocks; the board is re-evaluated every 30 s
while the app is open, on the same worker as the users' own saves.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from datetime import timedelta

from sqlalchemy import func, insert, select, text

from frontdesk.db import migrate
from frontdesk.db.engine import Database
from frontdesk.db.models import Complaint, ComplaintEvent
from frontdesk.domain.types import Actor
from frontdesk.domain.vocab import STATUSES_WITH_CLOCKS
from frontdesk.services import deadlines


def _give_open_complaints_events(db: Database) -> int:
    with db.write() as session:
        if session.execute(select(func.count(ComplaintEvent.id))).scalar():
            return 0
        rng = random.Random(1)
        rows = session.execute(
            select(Complaint.id, Complaint.received_at, Complaint.department_id)
            .where(Complaint.status.in_(STATUSES_WITH_CLOCKS))
        ).all()
        events = []
        for row in rows:
            events.append(dict(complaint_id=row.id, kind="received", at=row.received_at, data=""))
            dispatched = row.received_at + timedelta(minutes=rng.randint(5, 90))
            events.append(dict(complaint_id=row.id, kind="dispatched", at=dispatched,
                               data='{"limit_minutes": 60}'))
            if rng.random() < 0.5:
                events.append(dict(complaint_id=row.id, kind="method_written",
                                   at=dispatched + timedelta(minutes=rng.randint(10, 90)), data=""))
        session.execute(insert(ComplaintEvent), events)
        return len(rows)


def _median(fn, repeat: int) -> float:  # noqa: ANN001
    fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", required=True)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    db = Database(f"sqlite:///{args.db}")
    migrate.upgrade(db)
    seeded = _give_open_complaints_events(db)
    with db.read() as session:  # the services re-read the acting user: it must be a real, active one
        row = session.execute(text(
            "SELECT id, username, display_name, role FROM users WHERE role = 'admin' AND active ORDER BY id LIMIT 1"
        )).one()
    actor = Actor(row[0], row[1], row[2], row[3])
    with db.read() as session:
        total = session.execute(text("SELECT count(*) FROM complaints")).scalar()

    def baseline() -> None:
        with db.read() as session:
            session.execute(text("SELECT count(*) FROM complaints")).scalar()

    base = _median(baseline, args.repeat)
    board = _median(lambda: deadlines.board(db, actor), args.repeat)
    upgrades = _median(lambda: deadlines.apply_automatic_upgrades(db, actor), args.repeat)
    items = deadlines.board(db, actor)
    print(f"{total:,} complaints; open complaints given events this run: {seeded:,}")
    print(f"baseline SELECT count(*)            {base * 1000:8.1f} ms   1.00")
    print(f"board (every open deadline)         {board * 1000:8.1f} ms   {board / base:6.2f}   {len(items):,} items")
    print(f"day-10 upgrade job                  {upgrades * 1000:8.1f} ms   {upgrades / base:6.2f}")


if __name__ == "__main__":
    main()
