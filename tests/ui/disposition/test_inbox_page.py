"""The to-do page: a department's inbox with time left, the service station's and supervisor's lists."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication

from frontdesk.domain import wallclock
from frontdesk.domain.sla import ClockStatus
from frontdesk.domain.types import Actor
from frontdesk.services import auth, complaints, disposition, reference
from frontdesk.ui.common.base import AppContext
from frontdesk.ui.common.style import CLOCK_CHIP as CLOCK_COLOURS
from frontdesk.ui.disposition.disposition_form import DispositionForm
from frontdesk.ui.disposition.inbox_page import COMPLAINANT, LIMIT, REMAINING, STAGE, InboxPage

T0 = datetime(2026, 11, 25, 9, 0)
WAIT = 15000



@pytest.fixture
def setup(db, admin, clerk, make_form, monkeypatch):
    """Two complaints dispatched to 工程部 (the later one with the nearer deadline), one to 保洁部."""
    monkeypatch.setattr(auth, "hash_password", lambda password: "not-a-hash")  # nobody signs in here
    departments = {d.name: d.id for d in reference.departments(db)}
    engineering = departments["工程部"]
    user_id = auth.create_user(db, admin, "gongcheng", "赵工程", "secret9", "handler", engineering)
    handler = Actor(user_id, "gongcheng", "赵工程", "handler", engineering)
    wallclock.set_fixed(T0)
    early = complaints.register(db, clerk, make_form(complainant="甲业主"))
    late = complaints.register(db, clerk, make_form(complainant="乙业主"))
    elsewhere = complaints.register(db, clerk, make_form(complainant="丙业主"))
    waiting = complaints.register(db, clerk, make_form(complainant="丁业主"))
    disposition.dispatch(db, clerk, early.id, engineering, version=None, limit_minutes=240)
    disposition.dispatch(db, clerk, elsewhere.id, departments["保洁部"], version=None)
    wallclock.set_fixed(T0 + timedelta(minutes=10))
    disposition.dispatch(db, clerk, late.id, engineering, version=None)
    wallclock.set_fixed(T0 + timedelta(minutes=60))
    return {"handler": handler, "early": early, "late": late, "waiting": waiting, "clerk": clerk}


def make_page(qtbot, db, actor, runner) -> InboxPage:  # noqa: ANN001
    page = InboxPage(AppContext(db, actor, runner, "property", "阳光花园服务站"))
    qtbot.addWidget(page)
    page.resize(1200, 400)
    page.show()
    wait_loaded(qtbot, page)
    return page


def wait_loaded(qtbot, page) -> None:  # noqa: ANN001
    def settled() -> bool:
        page.ctx.runner.wait_idle()
        QApplication.processEvents()
        return page.ctx.runner.active_count() == 0 and page.lists != {}

    qtbot.waitUntil(settled, timeout=WAIT)


def column(page, index: int) -> list[str]:  # noqa: ANN001
    model = page.model
    return [model.data(model.index(row, index)) for row in range(model.rowCount())]


def test_handler_sees_the_department_inbox_oldest_deadline_first(qtbot, db, runner, setup):
    page = make_page(qtbot, db, setup["handler"], runner)
    assert column(page, COMPLAINANT) == ["乙业主", "甲业主"]  # 10:10 + 1 h before 09:00 + 4 h
    assert column(page, REMAINING) == ["剩余 10分00秒", "剩余 3小时00分"]
    assert column(page, LIMIT) == ["60 分钟", "4 小时"]
    assert column(page, STAGE) == ["待填写处理方法", "待填写处理方法"]
    assert not page.kind_combo.isVisibleTo(page)
    assert "工程部" in page.title_label.text()
    amber = page.model.data(page.model.index(0, REMAINING), Qt.ItemDataRole.BackgroundRole)
    assert amber.color() == QColor(CLOCK_COLOURS[ClockStatus.WARNING][0])
    assert page.model.data(page.model.index(1, REMAINING), Qt.ItemDataRole.BackgroundRole) is None


def test_count_and_refresh_turn_red(qtbot, db, runner, setup):
    page = make_page(qtbot, db, setup["handler"], runner)
    assert page.total == 2
    wallclock.set_fixed(T0 + timedelta(minutes=75))
    with qtbot.waitSignal(page.count_changed, timeout=WAIT) as signal:
        qtbot.keyClick(page, Qt.Key.Key_F5)
        page.ctx.runner.wait_idle()
    assert signal.args == [2]
    assert column(page, REMAINING)[0] == "已超时 5分00秒"
    red = page.model.data(page.model.index(0, REMAINING), Qt.ItemDataRole.BackgroundRole)
    assert red.color() == QColor(CLOCK_COLOURS[ClockStatus.OVERDUE][0])


def test_enter_opens_the_form_and_writing_the_method_keeps_it_listed(qtbot, db, runner, setup):
    page = make_page(qtbot, db, setup["handler"], runner)
    page.table.setFocus()
    page.table.selectRow(0)
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.findChild(DispositionForm) is not None, timeout=WAIT)
    form = page.findChild(DispositionForm)
    qtbot.waitUntil(lambda: (runner.wait_idle(), QApplication.processEvents(), form.view is not None)[2],
                    timeout=WAIT)
    assert form.view.complaint.id == setup["late"].id
    form.method_text.insertPlainText("派人更换水管")
    with qtbot.waitSignal(page.loaded, timeout=WAIT):
        form.method_button.click()
        runner.wait_idle()
        QApplication.processEvents()
        runner.wait_idle()
    wait_loaded(qtbot, page)
    assert column(page, STAGE)[column(page, COMPLAINANT).index("乙业主")] == "待负责人签字"
    form.close()


def test_clerk_picks_a_todo_list(qtbot, db, runner, setup):
    clerk = setup["clerk"]
    view = disposition.record_result(db, clerk, setup["waiting"].id, "当场解决", None, on_the_spot=True,
                                     version=None)
    page = make_page(qtbot, db, clerk, runner)
    assert [page.kind_combo.itemData(i) for i in range(page.kind_combo.count())] == ["dispatch", "callback",
                                                                                     "archive"]
    assert page.kind_combo.itemText(1) == "待验证、回访(1)"
    assert page.current_kind() == "callback"  # nothing to dispatch: it opens on the first list with work
    assert column(page, COMPLAINANT) == ["丁业主"]
    page.kind_combo.setCurrentIndex(0)
    assert column(page, COMPLAINANT) == []  # the clerk may still look at the empty list
    page.reload()
    wait_loaded(qtbot, page)
    assert page.current_kind() == "dispatch"  # and it stays where the clerk put it
    page.kind_combo.setCurrentIndex(1)
    assert column(page, COMPLAINANT) == ["丁业主"]
    assert column(page, REMAINING) == ["剩余 1天0小时"]
    assert page.total == 1
    assert view.complaint.status == "resolved"
