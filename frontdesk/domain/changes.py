"""What a write changed: record kinds and ids, announced to every screen after the write.

The database layer fills a :class:`Changes` from the rows each unit of work commits
(:mod:`frontdesk.db.changes`), so no use case can forget to say what it touched; the
window's task runner broadcasts it, and every page, count and open form refreshes from
that one signal.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

COMPLAINT = "complaint"  # a complaint, its disposition form and its events
LETTER = "letter"
CUSTOMER = "customer"
USER = "user"
REFERENCE = "reference"  # departments, categories and other lists
SETTINGS = "settings"  # site settings, clock rules, holidays

RecordKey = tuple[str, "int | None"]


@dataclass(frozen=True)
class Changes:
    """A set of ``(kind, id)``; an id of ``None`` stands for the kind as a whole."""

    records: frozenset[RecordKey] = field(default_factory=frozenset)

    @classmethod
    def of(cls, records: Iterable[RecordKey]) -> Changes:
        return cls(frozenset(records))

    def __bool__(self) -> bool:
        return bool(self.records)

    def __or__(self, other: Changes) -> Changes:
        return Changes(self.records | other.records)

    @property
    def kinds(self) -> frozenset[str]:
        return frozenset(kind for kind, _id in self.records)

    def ids(self, kind: str) -> frozenset[int]:
        return frozenset(i for k, i in self.records if k == kind and i is not None)

    def touches(self, kind: str, record_id: int | None = None) -> bool:
        """Whether ``kind`` changed at all (``record_id=None``) or that one record (or the kind as a whole)."""
        if record_id is None:
            return kind in self.kinds
        return (kind, record_id) in self.records or (kind, None) in self.records

    def touches_any(self, kinds: Iterable[str]) -> bool:
        return not self.kinds.isdisjoint(kinds)
