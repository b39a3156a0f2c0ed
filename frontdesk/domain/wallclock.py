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


class at:  # noqa: N801 - used like a function: ``with clock.at(moment):``
    """Run a block as if it were ``moment`` (demo data written through the services)."""

    def __init__(self, moment: datetime) -> None:
        self._moment = moment
        self._before: datetime | None = None

    def __enter__(self) -> datetime:
        self._before = _fixed
        set_fixed(self._moment)
        return self._moment

    def __exit__(self, *exc: object) -> None:
        set_fixed(self._before)
