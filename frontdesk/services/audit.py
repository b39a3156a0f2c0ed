"""The append-only, SHA-256-chained history of every change (SPEC §8)."""

from __future__ import annotations

import hashlib
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from frontdesk.db.engine import Database
from frontdesk.db.models import HistoryEntry, HistoryHead, User
from frontdesk.domain.privacy import mask_history_value
from frontdesk.domain.types import Actor, ChainReport, HistoryItem
from frontdesk.domain.wallclock import now

GENESIS = "0" * 64


def entry_hash(
    prev_hash: str, entry_id: int, at: datetime, user_id: int | None, username: str, action: str,
    table_name: str, record_id: int | None, field: str, old_value: str, new_value: str,
) -> str:
    parts = [
        prev_hash, str(entry_id), at.isoformat(timespec="microseconds"), str(user_id or ""), username,
        action, table_name, str(record_id or ""), field, old_value, new_value,
    ]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


def _head(session: Session) -> HistoryHead:
    # Locking the one head row serialises appends on PostgreSQL; SQLite already holds
    # the write lock (BEGIN IMMEDIATE) for the whole unit of work.
    head = session.execute(
        select(HistoryHead).where(HistoryHead.id == 1).with_for_update()
    ).scalar_one_or_none()
    if head is None:
        head = HistoryHead(id=1, last_id=0, last_hash=GENESIS)
        session.add(head)
        session.flush()
    return head


def record(
    session: Session, actor: Actor | None, action: str, table_name: str, record_id: int | None,
    field: str = "", old_value: object = "", new_value: object = "", at: datetime | None = None,
) -> HistoryEntry:
    """Append one entry, linked to the one before it, inside the caller's unit of work."""
    head = _head(session)
    at = at or now()
    entry_id = head.last_id + 1
    old_text, new_text = _text(old_value), _text(new_value)
    user_id = actor.id if actor else None
    username = actor.username if actor else "system"
    digest = entry_hash(
        head.last_hash, entry_id, at, user_id, username, action, table_name, record_id, field,
        old_text, new_text,
    )
    entry = HistoryEntry(
        id=entry_id, at=at, user_id=user_id, username=username, action=action,
        table_name=table_name, record_id=record_id, field=field, old_value=old_text,
        new_value=new_text, prev_hash=head.last_hash, hash=digest,
    )
    session.add(entry)
    head.last_id, head.last_hash = entry_id, digest
    return entry


def record_changes(
    session: Session, actor: Actor, table_name: str, record_id: int,
    before: dict[str, object], after: dict[str, object], action: str = "update",
) -> int:
    """One entry per field whose value changed; returns how many were written."""
    count = 0
    for name, new_value in after.items():
        old_value = before.get(name)
        if _text(old_value) != _text(new_value):
            record(session, actor, action, table_name, record_id, name, old_value, new_value)
            count += 1
    return count


def as_text(value: object) -> str:
    """A value as the history stores it."""
    return _text(value)


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value)


def history_in(session: Session, table_name: str, record_id: int, *, masked: bool) -> list[HistoryItem]:
    """One record's history, oldest first, inside the caller's unit of work.

    ``masked``: phones as a role without ``Perm.PII_VIEW`` may see them (the caller decides,
    from the acting user the database knows).
    """
    rows = session.execute(
        select(HistoryEntry, User.display_name)
        .outerjoin(User, User.id == HistoryEntry.user_id)
        .where(HistoryEntry.table_name == table_name, HistoryEntry.record_id == record_id)
        .order_by(HistoryEntry.id)
    ).all()
    shown = mask_history_value if masked else _as_stored
    return [
        HistoryItem(r.id, r.at, r.username, r.action, r.field, shown(r.field, r.old_value),
                    shown(r.field, r.new_value), name or "")
        for r, name in rows
    ]


def _as_stored(field: str, text: str) -> str:
    return text


def verify_chain(db: Database, batch: int = 5000) -> ChainReport:
    """Recompute every link; an edited, inserted or deleted entry breaks the chain there."""
    broken: list[int] = []
    checked = 0
    prev_hash, expected_id = GENESIS, 1
    last_id = 0
    with db.read() as session:
        while True:
            rows = session.execute(
                select(HistoryEntry).where(HistoryEntry.id > last_id).order_by(HistoryEntry.id).limit(batch)
            ).scalars().all()
            if not rows:
                break
            for r in rows:
                digest = entry_hash(
                    prev_hash, r.id, r.at, r.user_id, r.username, r.action, r.table_name,
                    r.record_id, r.field, r.old_value, r.new_value,
                )
                if r.id != expected_id or r.prev_hash != prev_hash or r.hash != digest:
                    broken.append(r.id)
                prev_hash, expected_id, last_id = r.hash, r.id + 1, r.id
                checked += 1
        head = session.get(HistoryHead, 1)
        if head is not None and (head.last_id != last_id or head.last_hash != prev_hash):
            broken.append(head.last_id)  # entries removed from the end
    return ChainReport(checked=checked, broken_ids=broken)
