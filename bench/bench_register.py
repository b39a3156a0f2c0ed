"""How long the register's queries take on a big database, against a baseline measured in the same run.

    python -m bench.bench_register --complaints 1000000 --db /tmp/bench1m.db --reuse

Every case goes through the real services (``register.ids``, ``register.rows``,
``customers.search``) on a :class:`Database` built as the app builds it.  Each is
run ``--repeat`` times after one warm-up; the table shows the median, the
spread, how many rows came back and the ratio to the baseline
(``SELECT count(*) FROM complaints``), so numbers from different machines can
be compared by their ratios.
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import sys
import time
import unicodedata
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import text

from frontdesk.db.engine import Database
from frontdesk.domain.types import Actor, RegisterFilter
from frontdesk.services import customers, register

SLOW_SECONDS = 0.5


def _count(path: Path) -> int:
    if not path.exists():
        return 0
    try:
        with sqlite3.connect(path) as con:
            return con.execute("SELECT count(*) FROM complaints").fetchone()[0]
    except sqlite3.Error:
        return 0


def _actor(db: Database) -> Actor:
    with db.read() as session:
        row = session.execute(
            text("SELECT id, username, display_name, role FROM users WHERE role='clerk' ORDER BY id LIMIT 1")
        ).one()
    return Actor(row[0], row[1], row[2], row[3])


def _time(fn: Callable[[], object], repeat: int) -> tuple[list[float], object]:
    result = fn()  # warm-up
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return times, result


def _size(result: object) -> int:
    if isinstance(result, int):
        return result
    try:
        return len(result)  # type: ignore[arg-type]
    except TypeError:
        return 1


def cases(db: Database, actor: Actor) -> list[tuple[str, Callable[[], object]]]:
    """(label, call) for the baseline first, then every query the register makes."""
    with db.read() as session:
        last_received = session.execute(text("SELECT max(received_at) FROM complaints")).scalar()
        category_id = session.execute(text("SELECT id FROM categories ORDER BY sort_order LIMIT 1")).scalar()
        sample_name = session.execute(
            text("SELECT complainant FROM complaints WHERE length(complainant) = 3 ORDER BY id LIMIT 1")
        ).scalar() or "王建国"
        max_id = session.execute(text("SELECT max(id) FROM complaints")).scalar() or 0
    last_day = date.fromisoformat(str(last_received)[:10]) if last_received else date.today()
    month_end = last_day.replace(day=1) - timedelta(days=1)  # the last full month
    month = RegisterFilter(date_from=month_end.replace(day=1), date_to=month_end)
    everything = RegisterFilter()
    page_ids = list(range(max(1, max_id // 2), max(1, max_id // 2) + 200))
    sorted_ids: list[int] = []

    def baseline() -> object:
        with db.read() as session:
            return session.execute(text("SELECT count(*) FROM complaints")).scalar()

    def by_pk() -> object:
        with db.read() as session:
            return session.execute(
                text(f"SELECT * FROM complaints WHERE id IN ({', '.join(map(str, page_ids))})")
            ).all()

    def all_ids() -> object:
        sorted_ids[:] = register.ids(db, actor, everything)
        return sorted_ids

    def page() -> object:
        middle = len(sorted_ids) // 2
        return register.rows(db, actor, sorted_ids[middle : middle + 200])

    def search(fragment: str) -> Callable[[], object]:
        return lambda: register.ids(db, actor, RegisterFilter(text=fragment))

    return [
        ("baseline: SELECT count(*) FROM complaints", baseline),
        ("200 rows by primary key (raw SQL)", by_pk),
        ("ids(), no filter (opening the register)", all_ids),
        ("count(), no filter", lambda: register.count(db, actor, everything)),
        (f"ids(), month {month_end:%Y-%m}", lambda: register.ids(db, actor, month)),
        ("ids(), one category", lambda: register.ids(db, actor, RegisterFilter(category_id=category_id))),
        ("ids(), category + month", lambda: register.ids(
            db, actor, RegisterFilter(category_id=category_id, date_from=month.date_from, date_to=month.date_to))),
        ("ids(), sorted by complainant", lambda: register.ids(db, actor, everything, sort="complainant")),
        ("search: phone fragment '5678' (FTS)", search("5678")),
        ("search: 2-char word '漏水' (LIKE scan)", search("漏水")),
        ("search: 2-char name '王芳' (LIKE scan)", search("王芳")),
        ("search: phrase '天花板渗水' (FTS)", search("天花板渗水")),
        (f"search: 3-char name '{sample_name}' (FTS)", search(sample_name)),
        ("rows(), a page of 200 from the sorted ids", page),
        ("customers.search, 3 characters '567'", lambda: customers.search(db, actor, "567")),
        ("customers.search, name '王建国'", lambda: customers.search(db, actor, "王建国")),
    ]


def run(path: Path, repeat: int) -> list[tuple[str, float, float, float, int]]:
    db = Database(f"sqlite:///{path}")
    try:
        actor = _actor(db)
        results = []
        for label, fn in cases(db, actor):
            times, result = _time(fn, repeat)
            results.append((label, statistics.median(times), min(times), max(times), _size(result)))
            print(f"  {label}: {statistics.median(times) * 1000:.1f} ms", file=sys.stderr, flush=True)
        return results
    finally:
        db.dispose()


def _pad(label: str, width: int) -> str:
    """Left-align ``label`` in ``width`` terminal columns (a Chinese character takes two)."""
    shown = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in label)
    return label + " " * max(0, width - shown)


def print_table(results: list[tuple[str, float, float, float, int]], complaints: int) -> None:
    baseline = results[0][1]
    print(f"\nFrontDesk register benchmark — {complaints:,} complaints, SQLite {sqlite3.sqlite_version}")
    print(f"{'case':<46} {'median ms':>10} {'min–max ms':>17} {'× baseline':>11} {'rows':>10}")
    for label, median, low, high, size in results:
        flag = "  << slow" if median > SLOW_SECONDS else ""
        print(
            f"{_pad(label, 46)} {median * 1000:>10.1f} {f'{low * 1000:.0f}–{high * 1000:.0f}':>17} "
            f"{median / baseline:>11.2f} {size:>10,}{flag}"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time the register queries on a large database.")
    parser.add_argument("--complaints", type=int, default=1_000_000)
    parser.add_argument("--db", type=Path, default=Path("/tmp/bench1m.db"))
    parser.add_argument("--reuse", action="store_true", help="use --db as it is if it already has data")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--months", type=int, default=60, help="months the generated complaints span")
    args = parser.parse_args(argv)
    existing = _count(args.db)
    if not (args.reuse and existing):
        from bench.datagen import generate

        generate(args.db, args.complaints, months=args.months)
        existing = _count(args.db)
    print_table(run(args.db, args.repeat), existing)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
