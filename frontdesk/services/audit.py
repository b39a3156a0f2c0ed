"""The append-only, SHA-256-chained history of every change (SPEC §8)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import datetime

from sqlalchemy import String, func, select, type_coerce
from sqlalchemy.orm import Session

from frontdesk.db import guards, migrate
from frontdesk.db.engine import Database
from frontdesk.db.models import Complaint, HistoryEntry, HistoryHead, User
from frontdesk.domain.errors import HistoryBroken
from frontdesk.domain.privacy import mask_history_value
from frontdesk.domain.types import Actor, ChainBreak, ChainReport, HistoryItem
from frontdesk.domain.wallclock import now
from frontdesk.i18n import _

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


def _head(session: Session, action: str) -> HistoryHead:
    """The chain head, locked for this unit of work and checked against the history once in it.

    Locking the one head row serialises appends on PostgreSQL; SQLite already holds the write
    lock (BEGIN IMMEDIATE) for the whole unit of work.  A head that is missing or does not
    match the last entry stops every write with :class:`HistoryBroken`; it is never rebuilt,
    since that would hide a truncation or a removed tail.
    """
    head = session.execute(
        select(HistoryHead).where(HistoryHead.id == 1).with_for_update()
    ).scalar_one_or_none()
    if head is None:
        raise HistoryBroken()
    transaction = session.get_transaction()
    if session.info.get(_HEAD_CHECKED) is not transaction:
        last = session.execute(
            select(HistoryEntry.id, HistoryEntry.hash).order_by(HistoryEntry.id.desc()).limit(1)
        ).first()
        if (head.last_id, head.last_hash) != ((last.id, last.hash) if last else (0, GENESIS)):
            raise HistoryBroken()
        # an empty history is only right before the site's setup: otherwise it was emptied
        if last is None and action != "setup" and session.execute(select(User.id).limit(1)).first():
            raise HistoryBroken()
        session.info[_HEAD_CHECKED] = transaction
    return head


_HEAD_CHECKED = "frontdesk_history_head_checked"


def record(
    session: Session, actor: Actor | None, action: str, table_name: str, record_id: int | None,
    field: str = "", old_value: object = "", new_value: object = "", at: datetime | None = None,
) -> HistoryEntry:
    """Append one entry, linked to the one before it, inside the caller's unit of work."""
    head = _head(session, action)
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
    """Recompute every link and check the head and the guards; each break is named by its first entry.

    Every entry is checked on its own (its hash against its content and the hash it says came
    before it) and against the one before it, so a deleted entry is named as missing, an edited
    one as altered (also when its hash was recomputed: the next entry no longer points at it),
    and one whose time no longer reads as a time as unreadable.
    """
    breaks: list[ChainBreak] = []
    checked = 0
    with db.read() as session:
        connection = session.connection()
        revision = guards.stored_revision(connection)
        problems = guards.check(connection, revision)
        breaks += _guard_breaks(problems)
        if any(p.state == "table_missing" for p in problems):
            return ChainReport(0, tuple(breaks))
        table = HistoryEntry.__table__
        columns = [table.c[name] for name in _HASHED if name != "at"]
        at_text = type_coerce(table.c.at, String).label("at")
        parse_at = _time_reader(connection)
        expected, prev_hash, prev_id, linked, last_id = 1, GENESIS, 0, True, 0
        while True:
            rows = session.execute(
                select(*columns, at_text, table.c.prev_hash, table.c.hash)
                .where(table.c.id > last_id).order_by(table.c.id).limit(batch)
            ).all()
            if not rows:
                break
            for r in rows:
                if r.id > expected:  # entries expected..r.id-1 are gone; r's own link cannot be checked
                    breaks.append(ChainBreak("missing", expected, r.id - 1))
                    linked = False
                try:
                    digest = entry_hash(
                        r.prev_hash, r.id, parse_at(r.at), r.user_id, r.username, r.action, r.table_name,
                        r.record_id, r.field, r.old_value, r.new_value,
                    )
                except (ValueError, TypeError, OverflowError):
                    breaks.append(ChainBreak("unreadable", r.id, r.id))
                else:
                    if digest != r.hash:
                        breaks.append(ChainBreak("altered", r.id, r.id))
                    elif linked and r.prev_hash != prev_hash and not _named(breaks, prev_id):
                        # r is intact, so the entry before it is not the one r was chained to
                        breaks.append(ChainBreak("altered", prev_id, prev_id))
                prev_hash, prev_id, expected, last_id, linked = r.hash, r.id, r.id + 1, r.id, True
                checked += 1
        breaks += _head_breaks(session, last_id, prev_hash)
    order = {kind: i for i, kind in enumerate(("guard", "entries", "head_missing", "empty"))}
    breaks.sort(key=lambda b: (order.get(_group(b), 1), b.first_id or 0))
    older = revision if revision is not None and revision < migrate.HEAD else ""
    return ChainReport(checked, tuple(breaks), older)


def safeguards(db: Database) -> ChainReport:
    """What can be checked at once without reading the whole chain (the check at every start).

    The guards, the chain head against the last entry, and a history that is empty although
    records exist.  ``verify_chain`` reads every entry as well.
    """
    with db.read() as session:
        connection = session.connection()
        revision = guards.stored_revision(connection)
        problems = guards.check(connection, revision)
        breaks = _guard_breaks(problems)
        if not any(p.state == "table_missing" for p in problems):
            last = session.execute(
                select(HistoryEntry.id, HistoryEntry.hash).order_by(HistoryEntry.id.desc()).limit(1)
            ).first()
            breaks += _head_breaks(session, last.id if last else 0, last.hash if last else GENESIS)
    older = revision if revision is not None and revision < migrate.HEAD else ""
    return ChainReport(0, tuple(breaks), older)


def describe(item: ChainBreak) -> str:
    """One line for a person: what is wrong, in words an administrator or an auditor can act on."""
    entries = (_("第 {a} 条").format(a=item.first_id) if item.first_id == item.last_id
               else _("第 {a}–{b} 条").format(a=item.first_id, b=item.last_id))
    texts = {
        "missing": lambda: _("{entries}缺失:已被删除").format(entries=entries),
        "altered": lambda: _("{entries}被改动:内容与哈希链不符").format(entries=entries),
        "unreadable": lambda: _("{entries}无法读取:有栏目被改成了不合法的值(例如时间)").format(entries=entries),
        "beyond_head": lambda: _(
            "{entries}在链头之后:链头只记到第 {head} 条,这些条目是绕过程序加进来的,或者链头被改回过"
        ).format(entries=entries, head=item.head_id),
        "head_missing": lambda: _("链头记录(history_head)缺失:它记着历史的条数和最后的哈希,被删除后无法再证明历史完整"),
        "head_mismatch": lambda: _(
            "链头与历史不符:链头记到第 {head} 条,但其哈希与历史的第 {a} 条不同,最后的条目或链头被改动过"
        ).format(head=item.head_id, a=item.first_id),
        "empty": lambda: _("修改历史是空的,但数据库里已有 {n} 条账户和投诉记录:历史可能被整个清空了").format(n=item.count),
        "guard_missing": lambda: _("数据库的历史防护“{name}”不见了(被删除)").format(name=item.name),
        "guard_altered": lambda: _("数据库的历史防护“{name}”被改动过,已不能按原样保护历史").format(name=item.name),
        "guard_disabled": lambda: _("数据库的历史防护“{name}”被停用了").format(name=item.name),
        "table_missing": lambda: _("数据表“{name}”不见了").format(name=item.name),
    }
    return texts[item.kind]()


# -- internals -------------------------------------------------------------------------------------

_HASHED = ("id", "at", "user_id", "username", "action", "table_name", "record_id", "field", "old_value",
           "new_value")


def _time_reader(connection) -> Callable[[object], datetime]:  # noqa: ANN001
    """Turn a stored ``at`` into the time its hash was made from, or raise ValueError."""
    column_type = HistoryEntry.__table__.c.at.type
    dialect = connection.dialect
    convert = column_type.dialect_impl(dialect).result_processor(dialect, None)

    def read(value: object) -> datetime:
        if isinstance(value, datetime):
            return value
        if not isinstance(value, str):
            raise TypeError(value)
        result = convert(value) if convert is not None else datetime.fromisoformat(value)
        if not isinstance(result, datetime):
            raise TypeError(value)
        return result

    return read


def _named(breaks: list[ChainBreak], entry_id: int) -> bool:
    return any(b.first_id is not None and b.first_id <= entry_id <= (b.last_id or b.first_id) for b in breaks)


def _group(item: ChainBreak) -> str:
    if item.kind.startswith("guard") or item.kind == "table_missing":
        return "guard"
    return item.kind if item.kind in ("head_missing", "empty") else "entries"


def _guard_breaks(problems: list[guards.GuardProblem]) -> list[ChainBreak]:
    kinds = {"missing": "guard_missing", "altered": "guard_altered", "disabled": "guard_disabled",
             "table_missing": "table_missing"}
    return [ChainBreak(kinds[p.state], name=p.name) for p in problems]


def _head_breaks(session: Session, last_id: int, last_hash: str) -> list[ChainBreak]:
    """The chain head against the last entry (``last_id``, ``last_hash``), and an emptied history."""
    breaks = []
    head = session.execute(select(HistoryHead.last_id, HistoryHead.last_hash).where(HistoryHead.id == 1)).first()
    if head is None:
        breaks.append(ChainBreak("head_missing"))
    elif head.last_id > last_id:  # entries removed from the end
        breaks.append(ChainBreak("missing", last_id + 1, head.last_id, head_id=head.last_id))
    elif head.last_id < last_id:
        at_head = GENESIS if head.last_id == 0 else session.execute(
            select(HistoryEntry.hash).where(HistoryEntry.id == head.last_id)
        ).scalar()
        if at_head == head.last_hash:  # the chain up to the head is as the head says: the rest came later
            breaks.append(ChainBreak("beyond_head", head.last_id + 1, last_id, head_id=head.last_id))
        else:
            breaks.append(ChainBreak("head_mismatch", head.last_id, head.last_id, head_id=head.last_id))
    elif head.last_hash != last_hash:
        breaks.append(ChainBreak("head_mismatch", last_id, last_id, head_id=head.last_id))
    if last_id == 0:
        records = sum(
            session.execute(select(func.count()).select_from(model)).scalar() or 0 for model in (User, Complaint)
        )
        if records:
            breaks.append(ChainBreak("empty", count=records))
    return breaks
