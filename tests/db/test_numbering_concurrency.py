"""Complaint numbers stay unique and gapless when several PCs save at the same moment."""

from __future__ import annotations

import multiprocessing
from datetime import datetime

import pytest
from sqlalchemy import select, text

from frontdesk.db.engine import Database
from frontdesk.db.models import NumberSequence
from frontdesk.domain.errors import ValidationFailed
from frontdesk.domain.types import Actor, ComplaintInput, CustomerInput
from frontdesk.services import audit, complaints, customers

PROCESSES = 4
EACH = 25
RECEIVED = datetime(2026, 11, 5, 10, 0)


def _register_many(url: str, actor: Actor, category_id: int, barrier, results) -> None:  # noqa: ANN001
    """One PC: its own Database on the same file, saving as soon as every PC is ready."""
    db = Database(url)
    numbers = []
    try:
        barrier.wait(timeout=60)
        for i in range(EACH):
            form = ComplaintInput(
                channel="phone", complainant=f"客户{i}", phone="13812345678", category_id=category_id,
                content="楼上漏水", received_at=RECEIVED,
            )
            numbers.append(complaints.register(db, actor, form).number)
        results.put(numbers)
    except BaseException as exc:  # report to the parent instead of dying silently
        results.put(repr(exc))
    finally:
        db.dispose()


def run_parallel(url: str, actor: Actor, category_id: int) -> list:
    """Start PROCESSES separate PCs that each save EACH complaints at the same moment; their numbers."""
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(PROCESSES)
    results = context.Queue()
    workers = [
        context.Process(target=_register_many, args=(url, actor, category_id, barrier, results))
        for _ in range(PROCESSES)
    ]
    for worker in workers:
        worker.start()
    outcomes = [results.get(timeout=180) for _ in workers]
    for worker in workers:
        worker.join(timeout=60)
    assert all(isinstance(o, list) for o in outcomes), outcomes
    return outcomes


@pytest.mark.slow
def test_parallel_processes_get_unique_gapless_numbers(db_url, db, clerk, make_form):
    outcomes = run_parallel(db_url, clerk, make_form().category_id)
    numbers = [n for batch in outcomes for n in batch]
    expected = [f"TS-202611-{i:04d}" for i in range(1, PROCESSES * EACH + 1)]
    assert sorted(numbers) == expected
    for batch in outcomes:  # each PC sees its own numbers rise
        assert batch == sorted(batch)
    with db.read() as session:
        stored = session.execute(text("SELECT number FROM complaints ORDER BY number")).scalars().all()
        last = session.execute(
            select(NumberSequence.last_value).where(NumberSequence.period == "202611")
        ).scalar_one()
    assert stored == expected
    assert last == PROCESSES * EACH
    assert audit.verify_chain(db).ok


def _last_value(db: Database) -> int | None:
    with db.read() as session:
        return session.execute(
            select(NumberSequence.last_value).where(NumberSequence.prefix == "TS", NumberSequence.period == "202611")
        ).scalar_one_or_none()


def test_failed_save_gives_its_number_back(db, clerk, make_form, monkeypatch):
    first = complaints.register(db, clerk, make_form(received_at=RECEIVED))
    assert first.number == "TS-202611-0001"

    def broken_record(*args, **kwargs):  # noqa: ANN002, ANN003
        raise RuntimeError("disk full")

    # fails after next_number() has taken 0002 inside the transaction
    monkeypatch.setattr(complaints.audit, "record", broken_record)
    with pytest.raises(RuntimeError):
        complaints.register(
            db, clerk, make_form(received_at=RECEIVED), new_customer=CustomerInput(name="赵六", phone="13900000000")
        )
    monkeypatch.undo()
    assert customers.search(db, clerk, "赵六") == []  # the customer went with the failed save
    assert _last_value(db) == 1

    with pytest.raises(ValidationFailed):
        complaints.register(db, clerk, make_form(received_at=RECEIVED, content=""))
    with pytest.raises(ValidationFailed):
        complaints.register(
            db, clerk, make_form(received_at=RECEIVED), new_customer=CustomerInput(name="", phone="")
        )
    assert _last_value(db) == 1

    second = complaints.register(db, clerk, make_form(received_at=RECEIVED))
    assert second.number == "TS-202611-0002"
