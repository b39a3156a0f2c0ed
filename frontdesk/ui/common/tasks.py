"""One small task runner: database work on one worker (writes serialised), file work on a
pool, results back on the main thread by signal, errors shown by default, a progress
dialog that appears only when the work lasts more than half a second, and a cancel
button that works.

The work itself is Qt-free: ``fn(*args, progress=...)`` when ``with_progress`` is set,
else ``fn(*args)``.

After every database job the runner announces what it changed: :attr:`TaskRunner.changed`
carries a :class:`~frontdesk.domain.changes.Changes` (record kinds and ids, read from the
rows the job committed) and the widget that asked for the work.  Pages, navigation counts
and open forms refresh from that one signal.  File work may read but never write: a write
started on the file pool is refused, so the history is written by the database worker only.
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget
from shiboken6 import isValid

from frontdesk.db.changes import collecting
from frontdesk.db.engine import no_writes
from frontdesk.domain.changes import Changes
from frontdesk.domain.errors import FrontDeskError
from frontdesk.domain.progress import Cancelled
from frontdesk.i18n import _

PROGRESS_DELAY_MS = 500


class _Signals(QObject):
    finished = Signal(object, object)  # result, Changes
    failed = Signal(object, object)  # exception, Changes
    progressed = Signal(float, str)


class _WorkerProgress:
    """Handed to the work: forwards updates to the UI thread, answers ``cancelled()``."""

    def __init__(self, signals: _Signals) -> None:
        self._signals = signals
        self._cancel = threading.Event()

    def update(self, fraction: float, message: str = "") -> None:
        self._signals.progressed.emit(max(0.0, min(1.0, fraction)), message)

    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        self._cancel.set()


class _Job(QRunnable):
    """One piece of work; on the database worker it notes what it commits, elsewhere it may not write."""

    def __init__(
        self, fn: Callable[..., Any], args: tuple, progress: _WorkerProgress | None, signals: _Signals,
        writes: bool,
    ) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._fn, self._args, self._progress, self._signals = fn, args, progress, signals
        self._writes = writes

    def run(self) -> None:
        with collecting() if self._writes else _no_log() as log:
            try:
                with nullcontext() if self._writes else no_writes():
                    if self._progress is not None:
                        result = self._fn(*self._args, progress=self._progress)
                    else:
                        result = self._fn(*self._args)
            except BaseException as exc:  # noqa: BLE001 - every failure goes back to the UI
                exc.__traceback_text__ = traceback.format_exc()  # type: ignore[attr-defined]
                failure: BaseException | None = exc
            else:
                failure = None
        changes = log.changes if log is not None else Changes()
        if failure is not None:
            self._signals.failed.emit(failure, changes)
        else:
            self._signals.finished.emit(result, changes)


@contextmanager
def _no_log() -> Iterator[None]:
    yield None


class Task(QObject):
    """A running piece of work; ``done`` or ``error`` fires once on the UI thread."""

    done = Signal(object)
    error = Signal(object)

    def __init__(self, parent: QObject | None) -> None:
        super().__init__(parent)
        self.signals = _Signals()
        self.progress: _WorkerProgress | None = None
        self.dialog: QProgressDialog | None = None
        self.finished_flag = False

    def cancel(self) -> None:
        if self.progress is not None:
            self.progress.cancel()


class TaskRunner(QObject):
    """Runs work off the UI thread.  One per main window."""

    #: What a database job committed, and the widget that asked for it (``parent``), after
    #: the job's own ``on_done`` / ``on_error`` ran.  Not sent when nothing changed.
    changed = Signal(object, object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._db_pool = QThreadPool(self)
        self._db_pool.setMaxThreadCount(1)
        self._file_pool = QThreadPool(self)
        self._file_pool.setMaxThreadCount(max(2, QThreadPool.globalInstance().maxThreadCount()))
        self._active: set[Task] = set()

    def run_db(self, fn: Callable[..., Any], *args: Any, **options: Any) -> Task:
        """Database work, one at a time, in submission order; what it commits is announced."""
        return self._start(self._db_pool, fn, args, **options)

    def run_file(self, fn: Callable[..., Any], *args: Any, **options: Any) -> Task:
        """File work (exports, PDFs) on a pool: it may read the database, never write to it."""
        return self._start(self._file_pool, fn, args, **options)

    def active_count(self) -> int:
        return len(self._active)

    def wait_idle(self, msecs: int = 30000) -> bool:
        """Block until both pools are empty (tests and shutdown); queued results still arrive by signal."""
        return self._db_pool.waitForDone(msecs) and self._file_pool.waitForDone(msecs)

    def _start(
        self,
        pool: QThreadPool,
        fn: Callable[..., Any],
        args: tuple,
        *,
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        with_progress: bool = False,
        label: str = "",
        parent: QWidget | None = None,
        show_errors: bool = True,
    ) -> Task:
        task = Task(self)
        if with_progress:
            task.progress = _WorkerProgress(task.signals)
            task.dialog = self._progress_dialog(task, label or _("正在处理…"), parent)
            task.signals.progressed.connect(lambda f, m, t=task: self._on_progress(t, f, m))
        task.signals.finished.connect(lambda result, changes, t=task, p=parent: self._finish(t, result, None, changes, p))
        task.signals.failed.connect(lambda exc, changes, t=task, p=parent: self._finish(t, None, exc, changes, p))
        if on_done is not None:
            task.done.connect(on_done)
        if on_error is not None:
            task.error.connect(on_error)
        elif show_errors:
            task.error.connect(lambda exc, p=parent: show_error(p, exc))
        self._active.add(task)
        pool.start(_Job(fn, args, task.progress, task.signals, writes=pool is self._db_pool))
        return task

    def _progress_dialog(self, task: Task, label: str, parent: QWidget | None) -> QProgressDialog:
        dialog = QProgressDialog(label, _("取消"), 0, 1000, parent)
        dialog.setWindowTitle(_("请稍候"))
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(PROGRESS_DELAY_MS)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setValue(0)
        dialog.canceled.connect(task.cancel)
        return dialog

    def _on_progress(self, task: Task, fraction: float, message: str) -> None:
        dialog = task.dialog
        if dialog is None or task.finished_flag or not isValid(dialog):
            return
        if message:
            dialog.setLabelText(message)
        # a modal progress dialog runs the event loop in setValue: the task may finish meanwhile
        dialog.setValue(int(fraction * 1000))

    def _finish(
        self, task: Task, result: Any, exc: BaseException | None, changes: Changes, origin: QWidget | None,
    ) -> None:
        task.finished_flag = True
        if task.dialog is not None and isValid(task.dialog):
            task.dialog.reset()
            task.dialog.hide()
            task.dialog.deleteLater()
            task.dialog = None
        self._active.discard(task)
        if origin is not None and not isValid(origin):
            pass  # the window that asked was closed meanwhile: nobody to tell
        elif exc is None:
            task.done.emit(result)
        elif isinstance(exc, Cancelled):
            pass  # the user asked for it; nothing to report
        else:
            task.error.emit(exc)
        task.deleteLater()
        if changes:
            self.changed.emit(changes, origin)


def error_text(exc: BaseException) -> str:
    if isinstance(exc, FrontDeskError):
        return exc.message
    return _("操作未完成:{error}。数据没有被修改;如果问题重复出现,请联系管理员。").format(error=exc)


def show_error(parent: QWidget | None, exc: BaseException) -> None:
    box = QMessageBox(QMessageBox.Icon.Warning, _("提示"), error_text(exc), QMessageBox.StandardButton.Ok, parent)
    trace = getattr(exc, "__traceback_text__", "")
    if trace and not isinstance(exc, FrontDeskError):
        box.setDetailedText(trace)
    box.open() if parent is not None else box.exec()
