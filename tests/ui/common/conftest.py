"""People, records and a window-less runner for the tests of the shared form and page pattern."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from frontdesk.domain import wallclock
from frontdesk.domain.letter import LetterInput
from frontdesk.domain.types import Actor
from frontdesk.services import auth, complaints, letters, reference
from frontdesk.ui.common.base import AppContext
from frontdesk.ui.common.record_form import RecordForm
from frontdesk.ui.common.registry import form_class
from frontdesk.ui.common.tasks import TaskRunner

T0 = datetime(2026, 11, 25, 9, 0)
WAIT = 10000


@dataclass
class People:
    admin: Actor
    clerk: Actor  # the service station's front desk
    handler: Actor  # 工程部, the department letters and dispatches go to
    supervisor: Actor
    auditor: Actor
    departments: dict[str, int]



@pytest.fixture
def people(db, admin) -> People:
    wallclock.set_fixed(T0)
    departments = {o.name: o.id for o in reference.departments(db)}

    def make(username: str, name: str, role: str, department: str | None = None) -> Actor:
        auth.create_user(db, admin, username, name, "secret9", role, departments[department] if department else None)
        return auth.sign_in(db, username, "secret9")

    return People(
        admin=admin,
        clerk=make("desk", "王前台", "clerk", "服务站"),
        handler=make("eng", "赵建国", "handler", "工程部"),
        supervisor=make("boss", "吴敏", "supervisor", "资产管理部"),
        auditor=make("audit", "孙审计", "auditor"),
        departments=departments,
    )


@pytest.fixture
def complaint(db, people, make_form):
    """A complaint just registered at the front desk, not yet dispatched."""
    return complaints.register(db, people.clerk, make_form())


@pytest.fixture
def letter(db, people):
    """A letter from the service station to 工程部, not yet signed for."""
    d = people.departments
    return letters.create(db, people.clerk, LetterInput(
        from_department_id=d["服务站"], to_department_id=d["工程部"], subject="电梯异响",
        body="3 号楼电梯运行时有异响,请检查。", reply_due=T0 + timedelta(days=1), issuer_name="刘站长",
    ))


@pytest.fixture
def make_ctx(db, runner) -> Callable[[Actor], AppContext]:
    def make(actor: Actor) -> AppContext:
        return AppContext(db=db, actor=actor, runner=runner, profile="property", site_name="阳光花园服务站")

    return make


def settle(runner: TaskRunner) -> None:
    runner.wait_idle()
    QApplication.processEvents()


@pytest.fixture
def open_form(qtbot, make_ctx) -> Callable[..., RecordForm]:
    """``open_form(kind, actor, record_id, **context)``: the form shown, active and with its data."""

    def open_(kind: str, actor: Actor, record_id: int | None = None, **context: Any) -> RecordForm:
        form = form_class(kind)(make_ctx(actor), record_id, None, **context)
        # closing at teardown must not stop on the "close without saving?" question
        qtbot.addWidget(form, before_close_func=lambda w: w.done(0))
        form.show()
        qtbot.waitExposed(form)
        form.activateWindow()
        qtbot.waitUntil(lambda: (settle(form.ctx.runner), form.data is not None)[1], timeout=WAIT)
        qtbot.waitUntil(form.isActiveWindow, timeout=WAIT)
        return form

    return open_
