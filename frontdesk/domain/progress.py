"""The Qt-free progress contract long work receives: ``fn(args, progress)``.

Report builders and imports take a :class:`Progress` so they run the same from
the command line, in tests and behind a progress dialog.
"""

from __future__ import annotations

from typing import Protocol

from frontdesk.i18n import _


class Cancelled(Exception):
    """Raised by work that noticed ``progress.cancelled()``; nothing it wrote is kept."""

    def __init__(self) -> None:
        super().__init__(_("已取消"))


class Progress(Protocol):
    def update(self, fraction: float, message: str = "") -> None: ...

    def cancelled(self) -> bool: ...


class NullProgress:
    """Progress that reports nowhere and is never cancelled."""

    def update(self, fraction: float, message: str = "") -> None:
        pass

    def cancelled(self) -> bool:
        return False


def check(progress: Progress) -> None:
    if progress.cancelled():
        raise Cancelled()
