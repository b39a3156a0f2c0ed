"""Pages refresh from the one change broadcast (:attr:`TaskRunner.changed`), never from each other.

:class:`ChangeWatcher` calls a page's ``reload`` once per burst of changes to the record
kinds the page shows; a page that is expensive to read and not on screen waits until it
is shown again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

from frontdesk.domain.changes import Changes
from frontdesk.ui.common.tasks import TaskRunner


class ChangeWatcher(QObject):
    """Reload ``page`` after any write that touches one of ``kinds``."""

    def __init__(
        self, page: QWidget, runner: TaskRunner, kinds: Iterable[str], reload: Callable[[], None], *,
        wait_while_hidden: bool = False, on_changes: Callable[[Changes], None] | None = None,
    ) -> None:
        super().__init__(page)
        self._page = page
        self._kinds = frozenset(kinds)
        self._reload = reload
        self._on_changes = on_changes
        self._wait_while_hidden = wait_while_hidden
        self.stale = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._fire)
        runner.changed.connect(self._changed)
        if wait_while_hidden:
            page.installEventFilter(self)

    def _changed(self, changes: Changes, _origin: object) -> None:
        if not changes.touches_any(self._kinds):
            return
        if self._on_changes is not None:
            self._on_changes(changes)
        if self._wait_while_hidden and not self._page.isVisible():
            self.stale = True
            return
        self._timer.start()  # several changes in one turn of the event loop: one reload

    def _fire(self) -> None:
        self.stale = False
        self._reload()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if watched is self._page and event.type() == QEvent.Type.Show and self.stale:
            self._timer.start()
        return False
