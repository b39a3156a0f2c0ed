"""Demo data: a believable, verifiable database, the same for the same seed."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import text

from frontdesk.db import migrate
from frontdesk.db.engine import Database
from frontdesk.demo.generator import DemoRefused, fill
from frontdesk.domain.errors import ValidationFailed
from frontdesk.domain.progress import Cancelled, NullProgress
from frontdesk.domain.types import ComplaintInput
from frontdesk.services import audit, auth, complaints, settings

END = date(2026, 6, 15)


def _fresh(tmp_path, name: str) -> Database:  # noqa: ANN001
    db = Database(f"sqlite:///{tmp_path / name}")
    migrate.upgrade(db)
    return db


def _rows(db: Database, sql: str) -> list[tuple]:
    with db.read() as session:
        return [tuple(r) for r in session.execute(text(sql))]


def test_fill_an_empty_database(tmp_path):
    db = _fresh(tmp_path, "demo.db")
    summary = fill(db, 3, seed=1, profile="dealership", end=END)
    assert summary.first_day == date(2026, 4, 1) and summary.last_day == END
    assert settings.load(db).profile == "dealership"
    assert summary.complaints == _rows(db, "SELECT count(*) FROM complaints")[0][0] > 60
    assert summary.major > 0 and summary.invalid > 0 and summary.unreasonable > 0
    assert "demo123" in str(summary) and "admin123" in str(summary)
    assert auth.sign_in(db, "clerk1", "demo123").role == "clerk"
    assert auth.sign_in(db, "admin", "admin123").role == "admin"
    assert {r[0] for r in _rows(db, "SELECT role FROM users")} == {
        "admin", "clerk", "handler", "area_manager", "supervisor", "auditor"}
    # numbers: monthly, gapless, as the register hands them out
    numbers = [r[0] for r in _rows(db, "SELECT number FROM complaints ORDER BY received_at, id")]
    by_month: dict[str, list[int]] = {}
    for number in numbers:
        prefix, period, sequence = re.fullmatch(r"(TS)-(\d{6})-(\d{4})", number).groups()
        by_month.setdefault(period, []).append(int(sequence))
    assert sorted(by_month) == ["202604", "202605", "202606"]
    for period, sequences in by_month.items():
        assert sequences == list(range(1, len(sequences) + 1))
        assert _rows(db, f"SELECT last_value FROM number_sequences WHERE prefix = 'TS' AND period = '{period}'") == [(len(sequences),)]
    # every category and channel, invalid ones explained, major ones with criteria
    assert _rows(db, "SELECT count(*) FROM categories WHERE id NOT IN (SELECT category_id FROM complaints)") == [(0,)]
    assert len(_rows(db, "SELECT DISTINCT channel FROM complaints")) == 6
    assert _rows(db, "SELECT count(*) FROM complaints WHERE validity != 'valid' AND validity_note = ''") == [(0,)]
    assert _rows(db, "SELECT count(*) FROM complaints WHERE grade = 'major' AND (major_criteria = '' "
                     "OR grade_reason = '')") == [(0,)]
    assert _rows(db, "SELECT count(*) FROM complaints WHERE received_at > '2026-06-16'") == [(0,)]
    assert audit.verify_chain(db).ok
    assert db.integrity_ok()
    # the app carries on from there
    clerk = auth.sign_in(db, "clerk1", "demo123")
    category_id = _rows(db, "SELECT id FROM categories LIMIT 1")[0][0]
    from datetime import datetime

    view = complaints.register(db, clerk, ComplaintInput(
        channel="phone", complainant="新客户", phone="13800000000", category_id=category_id, content="测试",
        received_at=datetime(2026, 6, 15, 12, 0)))
    assert view.number == f"TS-202606-{len(by_month['202606']) + 1:04d}"
    assert audit.verify_chain(db).ok
    db.dispose()


def test_same_seed_same_data(tmp_path):
    contents = []
    for name in ("a.db", "b.db"):
        db = _fresh(tmp_path, name)
        fill(db, 2, seed=5, profile="property", end=END)
        contents.append(_rows(db, "SELECT number, received_at, complainant, phone, location_text, content, "
                                  "validity, grade, status FROM complaints ORDER BY id"))
        db.dispose()
    assert contents[0] == contents[1]
    other = _fresh(tmp_path, "c.db")
    fill(other, 2, seed=6, profile="property", end=END)
    assert _rows(other, "SELECT number, received_at, complainant, phone, location_text, content, validity, "
                        "grade, status FROM complaints ORDER BY id") != contents[0]
    other.dispose()


class _CancelSoon(NullProgress):
    def __init__(self) -> None:
        self.calls = 0

    def update(self, fraction: float, message: str = "") -> None:
        self.calls += 1

    def cancelled(self) -> bool:
        return self.calls >= 3


def test_cancel_keeps_no_demo_rows(tmp_path):
    db = _fresh(tmp_path, "cancel.db")
    with pytest.raises(Cancelled):
        fill(db, 2, seed=1, end=END, progress=_CancelSoon())
    assert _rows(db, "SELECT count(*) FROM complaints") == [(0,)]
    assert _rows(db, "SELECT count(*) FROM customers") == [(0,)]
    assert audit.verify_chain(db).ok
    db.dispose()


def test_demo_letters_are_numbered_per_department_and_most_are_replied(tmp_path):
    db = _fresh(tmp_path, "letters.db")
    fill(db, 6, seed=4, end=END)
    rows = _rows(db, "SELECT number, status, complaint_id FROM letters ORDER BY id")
    assert rows and all(complaint_id is not None for _n, _s, complaint_id in rows)
    assert sum(1 for _n, status, _c in rows if status == "replied") >= len(rows) // 2
    by_prefix: dict[str, list[int]] = {}
    for number, _status, _c in rows:
        prefix, _period, sequence = number.rsplit("-", 2)
        by_prefix.setdefault(f"{prefix}-{_period}", []).append(int(sequence))
    for sequences in by_prefix.values():
        assert sorted(sequences) == list(range(1, len(sequences) + 1))


def _counts(db: Database) -> dict[str, int]:
    tables = ("users", "customers", "locations", "complaints", "complaint_events", "dispositions", "letters",
              "history", "number_sequences", "settings")
    return {table: _rows(db, f"SELECT count(*) FROM {table}")[0][0] for table in tables}


def test_a_database_with_complaints_is_filled_again_only_when_asked(tmp_path):
    db = _fresh(tmp_path, "twice.db")
    first = fill(db, 1, seed=1, end=END)
    before = _counts(db)
    with pytest.raises(DemoRefused) as info:
        fill(db, 1, seed=2, end=END)
    assert str(first.complaints) in info.value.message
    assert _counts(db) == before
    second = fill(db, 1, seed=2, end=END, force=True)  # once led to a DetachedInstanceError
    assert _counts(db)["complaints"] == first.complaints + second.complaints
    assert {a.password for a in second.accounts} == {""}  # the accounts of the first run, passwords unsaid
    numbers = [r[0] for r in _rows(db, "SELECT number FROM complaints WHERE number LIKE 'TS-202606-%' ORDER BY id")]
    assert numbers == [f"TS-202606-{i:04d}" for i in range(1, len(numbers) + 1)]
    assert audit.verify_chain(db).ok
    db.dispose()


@pytest.mark.parametrize("months", [0, -3, 61, 100_000])
def test_months_out_of_bounds_are_refused(tmp_path, months):
    db = _fresh(tmp_path, "bounds.db")
    with pytest.raises(ValidationFailed) as info:
        fill(db, months, seed=1, end=END)
    assert "months" in info.value.fields
    assert not auth.is_initialized(db)
    db.dispose()


def test_a_failure_part_way_leaves_the_database_as_it_was(tmp_path, monkeypatch):
    """All or nothing: accounts, customers, complaints and letters are one unit of work."""
    from frontdesk.demo import generator

    db = _fresh(tmp_path, "broken.db")
    empty = _counts(db)

    def broken(*_args, **_kwargs):
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(generator, "add_letters", broken)  # after the accounts and the complaints
    with pytest.raises(RuntimeError):
        fill(db, 2, seed=1, end=END)
    assert _counts(db) == empty
    assert not auth.is_initialized(db)
    monkeypatch.undo()
    fill(db, 2, seed=1, end=END)  # and it can be filled afterwards
    assert audit.verify_chain(db).ok
    db.dispose()
