"""The overdue board on a real temporary database: colours, counts, transitions, the day-10 upgrade."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from frontdesk.domain import wallclock
from frontdesk.domain.sla import ClockStatus
from frontdesk.services import complaints, deadlines, reference
from frontdesk.ui.board.board_page import (
    CLOCK,
    DEPARTMENT,
    KIND,
    NUMBER,
    REMAINING,
    ROW_COLORS,
    STATUS,
    BoardPage,
)
from frontdesk.ui.common.base import AppContext

T0 = datetime(2026, 11, 23, 9, 0)  # a Monday
WAIT = 10000



def make_ctx(db, actor, runner) -> AppContext:
    return AppContext(db=db, actor=actor, runner=runner, profile="property", site_name="阳光花园服务站")


def dispatched_complaint(db, actor, make_form, at=T0, limit_minutes=60, **changes):
    """A complaint received at ``at`` and dispatched at once with a 处理时限 of ``limit_minutes``."""
    department = reference.departments(db)[0]
    view = complaints.register(db, actor, make_form(received_at=at, department_id=department.id, **changes))
    with db.write() as session:
        deadlines.add_event(session, actor, view.id, "dispatched", at=at, department_id=department.id,
                            limit_minutes=limit_minutes)
    return view


def evaluate(qtbot, page: BoardPage, moment: datetime | None = None) -> None:
    if moment is not None:
        wallclock.set_fixed(moment)
    with qtbot.waitSignal(page.loaded, timeout=WAIT):
        page.evaluate_now()


def handling_row(page: BoardPage) -> int:
    model = page.model
    return next(row for row in range(model.rowCount()) if model.index(row, CLOCK).data() == "处理方法")


def cell(page: BoardPage, row: int, column: int, role=Qt.ItemDataRole.DisplayRole):
    return page.model.index(row, column).data(role)


@pytest.fixture
def page(qtbot, db, admin, make_form, runner):
    wallclock.set_fixed(T0)
    dispatched_complaint(db, admin, make_form)
    widget = BoardPage(make_ctx(db, admin, runner))
    qtbot.addWidget(widget)
    qtbot.waitUntil(lambda: widget.last_evaluated is not None, timeout=WAIT)
    return widget


def test_rows_turn_amber_at_80_percent_and_red_one_second_past_the_limit(qtbot, page):
    row = handling_row(page)
    assert cell(page, row, STATUS) == "计时中"
    assert cell(page, row, 0, Qt.ItemDataRole.BackgroundRole) is None

    evaluate(qtbot, page, T0 + timedelta(minutes=47, seconds=59))
    row = handling_row(page)
    assert cell(page, row, STATUS) == "计时中"

    evaluate(qtbot, page, T0 + timedelta(minutes=48))
    row = handling_row(page)
    assert cell(page, row, STATUS) == "即将超时"
    assert cell(page, row, REMAINING) == "剩余 12分00秒"
    background = cell(page, row, 0, Qt.ItemDataRole.BackgroundRole).color()
    assert background == QColor(ROW_COLORS[ClockStatus.WARNING][0])
    assert cell(page, row, 0, Qt.ItemDataRole.ForegroundRole).color() == QColor(ROW_COLORS[ClockStatus.WARNING][1])

    evaluate(qtbot, page, T0 + timedelta(hours=1))
    assert cell(page, handling_row(page), STATUS) == "即将超时"  # met at exactly the limit

    evaluate(qtbot, page, T0 + timedelta(hours=1, seconds=1))
    row = handling_row(page)
    assert cell(page, row, STATUS) == "已超时"
    assert cell(page, row, REMAINING) == "已超时 1秒"
    assert cell(page, row, 0, Qt.ItemDataRole.BackgroundRole).color() == QColor(ROW_COLORS[ClockStatus.OVERDUE][0])
    # least time left first: the missed handling clock is above the 24 h feedback clock
    assert row == 0
    assert cell(page, 1, CLOCK) == "首次反馈客户"
    assert cell(page, 0, KIND) == "投诉"
    assert cell(page, 0, NUMBER).startswith("TS-202611-")
    assert cell(page, 0, DEPARTMENT) == reference.departments(page.ctx.db)[0].name


def test_counts_signal_and_filters(qtbot, page):
    with qtbot.waitSignal(page.counts_changed, timeout=WAIT) as blocker:
        page.evaluate_now()
    # the complaint's three clocks: handling, first feedback, and the ten days a minor one has
    assert blocker.args == [{"warning": 0, "overdue": 0, "total": 3}]

    with qtbot.waitSignal(page.counts_changed, timeout=WAIT) as blocker:
        wallclock.set_fixed(T0 + timedelta(hours=2))
        page.evaluate_now()
    assert blocker.args == [{"warning": 0, "overdue": 1, "total": 3}]
    assert "超时 1 条" in page.summary_label.text()

    page.overdue_only_check.setChecked(True)
    assert page.model.rowCount() == 1
    assert cell(page, 0, STATUS) == "已超时"
    page.overdue_only_check.setChecked(False)
    page.warning_only_check.setChecked(True)
    assert page.model.rowCount() == 0
    page.warning_only_check.setChecked(False)
    assert page.model.rowCount() == 3

    other = reference.departments(page.ctx.db)[1].name
    qtbot.waitUntil(lambda: page.department_combo.findData(other) >= 0, timeout=WAIT)
    page.department_combo.setCurrentIndex(page.department_combo.findData(other))
    assert page.model.rowCount() == 0
    page.department_combo.setCurrentIndex(0)
    assert page.model.rowCount() == 3


def test_transitions_fire_once_per_change(qtbot, page):
    fired: list[list] = []
    page.transitions.connect(fired.append)

    evaluate(qtbot, page, T0 + timedelta(minutes=50))
    assert len(fired) == 1
    assert [(i.clock.key, i.clock.status) for i in fired[0]] == [("handling_method", ClockStatus.WARNING)]

    evaluate(qtbot, page, T0 + timedelta(minutes=55))
    assert len(fired) == 1  # still amber: nothing new to announce

    evaluate(qtbot, page, T0 + timedelta(hours=1, seconds=1))
    assert len(fired) == 2
    assert [(i.clock.key, i.clock.status) for i in fired[1]] == [("handling_method", ClockStatus.OVERDUE)]

    evaluate(qtbot, page, T0 + timedelta(hours=1, minutes=30))
    assert len(fired) == 2


def test_what_is_already_late_at_start_is_shown_but_not_announced(qtbot, db, admin, make_form, runner):
    wallclock.set_fixed(T0 + timedelta(hours=3))
    dispatched_complaint(db, admin, make_form)
    widget = BoardPage(make_ctx(db, admin, runner))
    qtbot.addWidget(widget)
    fired: list[list] = []
    widget.transitions.connect(fired.append)
    qtbot.waitUntil(lambda: widget.last_evaluated is not None, timeout=WAIT)
    assert widget.counts["overdue"] == 1
    evaluate(qtbot, widget)
    assert fired == []


def test_double_click_opens_the_record(qtbot, page):
    row = handling_row(page)
    page.resize(1200, 400)
    page.show()
    qtbot.waitExposed(page)
    rect = page.table.visualRect(page.model.index(row, NUMBER))
    with qtbot.waitSignal(page.opened, timeout=WAIT) as blocker:
        qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    form = blocker.args[0]
    assert (form.kind, form.record_id) == ("disposition", page.model.row(row).record_id)
    form.done(0)


def test_a_minor_complaint_becomes_major_on_day_10_through_the_board(qtbot, page, db, admin):
    number = page.model.row(0).number
    view = complaints.find_by_number(db, admin, number)
    assert view.grade == "minor"

    upgraded: list[list] = []
    page.upgraded.connect(upgraded.append)
    evaluate(qtbot, page, T0 + timedelta(days=10, seconds=1))

    assert upgraded == [[number]]
    view = complaints.get(db, admin, view.id)
    assert view.grade == "major"
    assert "D" in view.major_criteria
    assert "自动转为重大" in view.grade_reason
    history = complaints.history(db, admin, view.id)
    assert any(h.action == "auto_upgrade" and h.field == "grade" and h.new_value == "major" for h in history)
    # the major clocks now run from the moment of the upgrade and are long missed
    assert {page.model.row(r).clock.key for r in range(page.model.rowCount())} >= {"major_report", "major_resolution"}
    assert "刚刚自动转为重大投诉" in page.message_label.text()


def test_the_board_keeps_evaluating_on_its_timer(qtbot, page):
    assert page.timer.isActive()
    assert page.timer.interval() == 30_000
    page.timer.setInterval(50)
    wallclock.set_fixed(T0 + timedelta(hours=2))
    qtbot.waitUntil(lambda: page.counts["overdue"] == 1, timeout=WAIT)


def test_enter_opens_the_selected_record(qtbot, page):
    page.show()
    qtbot.waitExposed(page)
    page.table.setFocus()
    page.table.setCurrentIndex(page.model.index(1, NUMBER))
    with qtbot.waitSignal(page.opened, timeout=WAIT) as blocker:
        qtbot.keyClick(page.table, Qt.Key.Key_Return)
    form = blocker.args[0]
    assert (form.kind, form.record_id) == ("disposition", page.model.row(1).record_id)
    form.done(0)
