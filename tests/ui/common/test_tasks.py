"""The task runner announces what each database job committed, once, after the job's own answer;
file jobs may not write; a job whose window is gone answers nobody but still announces its changes."""

from __future__ import annotations

import threading
from datetime import datetime

import pytest
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from shiboken6 import isValid

from frontdesk.db.engine import WriteRefused
from frontdesk.domain import wallclock
from frontdesk.domain.types import RegisterFilter
from frontdesk.services import complaints, deadlines, register

WAIT = 10000



@pytest.fixture
def window(qtbot) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


@pytest.fixture
def heard(runner) -> list:
    """Every ``changed`` the runner sends, as (changes, origin)."""
    calls: list = []
    runner.changed.connect(lambda changes, origin: calls.append((changes, origin)))
    return calls


def complaint_count(db, admin) -> int:
    return register.count(db, admin, RegisterFilter())


def message_boxes() -> list[QMessageBox]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox)]


def test_a_write_is_announced_once_with_its_window_after_the_answer(qtbot, db, admin, clerk, make_form, runner,
                                                                      window, heard):
    wallclock.set_fixed(datetime(2026, 11, 25, 9, 0))
    order: list[str] = []
    runner.changed.connect(lambda changes, origin: order.append("changed"))
    answers: list = []

    def two_writes(db, clerk, admin):  # noqa: ANN001, ANN202
        view = complaints.register(db, clerk, make_form())
        deadlines.set_rule(db, admin, "feedback", limit_minutes=120, mode="calendar", pausable=True)
        return view

    with qtbot.waitSignal(runner.changed, timeout=WAIT):
        runner.run_db(two_writes, db, clerk, admin, on_done=lambda view: (order.append("done"), answers.append(view)),
                      parent=window)
    qtbot.wait(50)  # nothing more is on its way
    assert order == ["done", "changed"]
    assert len(heard) == 1
    changes, origin = heard[0]
    assert origin is window
    assert changes.ids("complaint") == {answers[0].id}
    assert changes.touches("settings")


def test_a_read_is_not_announced(qtbot, db, admin, clerk, runner, window, heard):
    with qtbot.waitCallback(timeout=WAIT) as done:
        runner.run_db(complaint_count, db, admin, on_done=done, parent=window)
    assert done.args == [0]
    runner.wait_idle()
    qtbot.wait(50)
    assert heard == []


def test_a_failed_write_is_answered_with_its_error_and_not_announced(qtbot, db, admin, runner, window, heard):
    with qtbot.waitCallback(timeout=WAIT) as failed:
        runner.run_db(lambda: deadlines.set_rule(db, admin, "no_such_clock", limit_minutes=60, mode="calendar",
                                                 pausable=False),
                      on_done=pytest.fail, on_error=failed, parent=window)
    assert "key" in failed.args[0].fields
    qtbot.wait(50)
    assert heard == []


def test_a_file_job_may_read_but_not_write(qtbot, db, admin, clerk, make_form, runner, window, heard):
    with qtbot.waitCallback(timeout=WAIT) as counted:
        runner.run_file(complaint_count, db, admin, on_done=counted, parent=window)
    assert counted.args == [0]

    with qtbot.waitCallback(timeout=WAIT) as failed:
        runner.run_file(complaints.register, db, clerk, make_form(), on_done=pytest.fail, on_error=failed,
                        parent=window)
    assert isinstance(failed.args[0], WriteRefused)
    qtbot.wait(50)
    assert complaint_count(db, admin) == 0
    assert heard == []


def test_a_job_whose_window_is_gone_answers_nobody_but_announces_its_write(qtbot, db, admin, make_form, runner,
                                                                           heard):
    gate = threading.Event()
    window = QWidget()
    answered: list = []

    def write_when_let(db, admin):  # noqa: ANN001, ANN202
        gate.wait(WAIT / 1000)
        deadlines.set_rule(db, admin, "feedback", limit_minutes=120, mode="calendar", pausable=True)

    def fail_when_let():  # noqa: ANN202
        gate.wait(WAIT / 1000)
        raise RuntimeError("the disk is full")

    runner.run_db(write_when_let, db, admin, on_done=answered.append, on_error=answered.append, parent=window)
    runner.run_db(fail_when_let, on_done=answered.append, parent=window)  # errors shown by default
    window.deleteLater()  # the window is closed and deleted while the work runs
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert not isValid(window)
    with qtbot.waitSignal(runner.changed, timeout=WAIT) as announced:
        gate.set()
    runner.wait_idle()
    qtbot.wait(50)
    assert answered == []
    assert message_boxes() == []
    assert announced.args[0].touches("settings")
    assert len(heard) == 1
