"""The current time, in one place so that tests and the demo can set it."""

from __future__ import annotations

from datetime import datetime

_fixed: datetime | None = None


def now() -> datetime:
    """Local wall-clock time without tzinfo, as the paper forms record it (to the microsecond)."""
    return _fixed if _fixed is not None else datetime.now()


def set_fixed(value: datetime | None) -> None:
    global _fixed
    _fixed = value
