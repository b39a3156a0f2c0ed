"""Which records a unit of work changed, read from the rows it flushed.

:func:`collecting` opens a collector on the current thread; while it is open, every
write unit of work that commits adds the record kinds and ids of the rows it inserted,
updated or deleted (each model says which record kind it belongs to in ``__record__``).  The window's task runner wraps each database
job in one and announces the result, so screens learn of every change without the use
cases having to report it.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from sqlalchemy.orm import Session

from frontdesk.db.models import Base
from frontdesk.domain.changes import Changes, RecordKey

#: Model → (record kind, the attribute holding that record's id; ``None``: the kind as a whole),
#: from each model's ``__record__``.  Rows without one (the history, number sequences) change
#: no record a screen shows.
RECORD_OF: dict[type, tuple[str, str | None]] = {
    mapper.class_: mapper.class_.__record__
    for mapper in Base.registry.mappers if hasattr(mapper.class_, "__record__")
}

_SESSION_KEY = "frontdesk_changes"
_local = threading.local()


class ChangeLog:
    """What the units of work committed on one thread while it was open."""

    def __init__(self) -> None:
        self.records: set[RecordKey] = set()

    @property
    def changes(self) -> Changes:
        return Changes.of(self.records)


@contextmanager
def collecting() -> Iterator[ChangeLog]:
    """Collect what is committed on this thread until the block ends (blocks may nest)."""
    log = ChangeLog()
    outer = getattr(_local, "log", None)
    _local.log = log
    try:
        yield log
    finally:
        _local.log = outer
        if outer is not None:
            outer.records |= log.records


def records_of(objects: Iterable[object]) -> set[RecordKey]:
    found: set[RecordKey] = set()
    for obj in objects:
        kind_and_id = RECORD_OF.get(type(obj))
        if kind_and_id is not None:
            kind, attribute = kind_and_id
            found.add((kind, getattr(obj, attribute) if attribute else None))
    return found


def after_flush(session: Session, _context: object) -> None:
    """Session hook: remember the records this flush touched, until the commit."""
    if getattr(_local, "log", None) is None:
        return
    pending = session.info.setdefault(_SESSION_KEY, set())
    pending |= records_of([*session.new, *session.dirty, *session.deleted])


def after_commit(session: Session) -> None:
    """Session hook: what this unit of work touched is now committed."""
    pending = session.info.pop(_SESSION_KEY, None)
    log = getattr(_local, "log", None)
    if pending and log is not None:
        log.records |= pending


def after_rollback(session: Session) -> None:
    session.info.pop(_SESSION_KEY, None)
