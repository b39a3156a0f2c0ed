"""The main window's counts beside the navigation entries and its notifications of late deadlines."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QSystemTrayIcon, QWidget

from frontdesk.domain import letter as letter_rules
from frontdesk.domain import wallclock
from frontdesk.services import complaints, deadlines, reference
from frontdesk.ui.common.base import AppContext
from frontdesk.ui.shell.main_window import BADGE_AMBER, BADGE_RED, MainWindow, icon_path

T0 = datetime(2026, 11, 23, 9, 0)
WAIT = 10000


class CountedPage(QWidget):
    count_changed = Signal(int)



def dispatched_complaint(db, actor, make_form, at=T0):
    department = reference.departments(db)[0]
    view = complaints.register(db, actor, make_form(received_at=at, department_id=department.id))
    with db.write() as session:
        deadlines.add_event(session, actor, view.id, "dispatched", at=at, department_id=department.id,
                            limit_minutes=60)
    return view


def open_window(qtbot, db, actor, runner) -> MainWindow:
    ctx = AppContext(db=db, actor=actor, runner=runner, profile="property", site_name="阳光花园服务站")
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.board_page.last_evaluated is not None, timeout=WAIT)
    return window


def evaluate(qtbot, window: MainWindow, moment: datetime) -> None:
    wallclock.set_fixed(moment)
    with qtbot.waitSignal(window.board_page.loaded, timeout=WAIT):
        window.board_page.evaluate_now()


def board_item(window: MainWindow):
    return window.nav_item(window.board_page)


def test_the_board_is_a_page_with_its_count_beside_the_entry(qtbot, db, admin, make_form, runner):
    wallclock.set_fixed(T0)
    view = dispatched_complaint(db, admin, make_form)
    window = open_window(qtbot, db, admin, runner)
    assert board_item(window).text() == "超时看板"
    assert window.pages.indexOf(window.board_page) == 1

    evaluate(qtbot, window, T0 + timedelta(minutes=50))
    assert board_item(window).text() == "超时看板 (1)"
    assert board_item(window).foreground().color() == QColor(BADGE_AMBER)
    assert window.board_counts_label.text() == "超时 0 条,即将超时 1 条"

    evaluate(qtbot, window, T0 + timedelta(hours=1, seconds=1))
    assert board_item(window).text() == "超时看板 (1)"
    assert board_item(window).foreground().color() == QColor(BADGE_RED)
    assert "超时 1 条" in board_item(window).toolTip()

    with db.write() as session:
        deadlines.add_event(session, admin, view.id, "method_written")
        deadlines.add_event(session, admin, view.id, "method_signed")
        deadlines.add_event(session, admin, view.id, "feedback")
    evaluate(qtbot, window, T0 + timedelta(hours=1, minutes=5))
    assert board_item(window).text() == "超时看板"
    assert window.board_counts_label.text() == ""


def test_a_deadline_turning_red_is_announced_in_the_status_bar_without_a_tray(
    qtbot, db, admin, make_form, runner
):
    wallclock.set_fixed(T0)
    view = dispatched_complaint(db, admin, make_form)
    window = open_window(qtbot, db, admin, runner)
    if QSystemTrayIcon.isSystemTrayAvailable():
        pytest.skip("this desktop has a tray; the status-bar fallback is for offscreen runs")
    assert window.tray is None

    evaluate(qtbot, window, T0 + timedelta(minutes=50))
    assert window.statusBar().currentMessage() == f"投诉 {view.number} 的处理方法即将超时"

    evaluate(qtbot, window, T0 + timedelta(hours=1, seconds=1))
    assert window.statusBar().currentMessage() == f"投诉 {view.number} 的处理方法已超时"
    assert window.last_notification == f"投诉 {view.number} 的处理方法已超时"

    window.statusBar().clearMessage()
    evaluate(qtbot, window, T0 + timedelta(hours=1, minutes=10))
    assert window.statusBar().currentMessage() == ""  # told once, not every 30 seconds


def test_many_late_deadlines_are_summarised(qtbot, db, admin, make_form, runner):
    wallclock.set_fixed(T0)
    for _ in range(5):
        dispatched_complaint(db, admin, make_form)
    window = open_window(qtbot, db, admin, runner)
    evaluate(qtbot, window, T0 + timedelta(hours=2))
    parts = window.last_notification.split(";")
    assert len(parts) == 4
    assert all(p.endswith("的处理方法已超时") for p in parts[:3])
    assert parts[3] == "另有 2 项,请查看超时看板"


def test_the_day_10_upgrade_is_announced(qtbot, db, admin, make_form, runner):
    wallclock.set_fixed(T0)
    view = dispatched_complaint(db, admin, make_form)
    window = open_window(qtbot, db, admin, runner)
    evaluate(qtbot, window, T0 + timedelta(days=10, minutes=1))
    parts = window.last_notification.split(";")
    assert parts[0] == f"投诉 {view.number} 受理已满 10 天仍未解决,已自动转为重大投诉"
    assert f"投诉 {view.number} 的处理方法已超时" in parts  # one message for everything in this evaluation


def test_a_counted_page_shows_its_count(qtbot, db, admin, runner):
    wallclock.set_fixed(T0)
    window = open_window(qtbot, db, admin, runner)
    page = CountedPage()
    index = window.add_counted_page("部门收件箱", page, page.count_changed)
    assert window.nav_list.item(index).text() == "部门收件箱"
    page.count_changed.emit(4)
    assert window.nav_list.item(index).text() == "部门收件箱 (4)"
    page.count_changed.emit(0)
    assert window.nav_list.item(index).text() == "部门收件箱"
    window.set_nav_badge(page, "新", BADGE_RED)
    assert window.nav_list.item(index).text() == "部门收件箱 (新)"
    assert window.nav_list.item(index).font().bold()


def test_the_window_has_the_application_icon(qtbot, db, admin, runner):
    wallclock.set_fixed(T0)
    window = open_window(qtbot, db, admin, runner)
    assert icon_path().is_file()
    assert not window.windowIcon().isNull()
    assert window.windowIcon().pixmap(64, 64).width() == 64


def test_the_clock_settings_open_from_the_settings_menu_for_the_administrator(qtbot, db, admin, clerk, runner):
    wallclock.set_fixed(T0)
    window = open_window(qtbot, db, admin, runner)
    assert window.clock_settings_action.text().startswith("时限与节假日")
    clerk_window = open_window(qtbot, db, clerk, runner)
    assert not hasattr(clerk_window, "clock_settings_action")


def test_to_do_and_letters_are_pages_and_board_rows_open_their_record(qtbot, db, admin, clerk, make_form, runner):
    from frontdesk.services import letters
    from frontdesk.ui.disposition.disposition_form import DispositionForm
    from frontdesk.ui.letters.letter_dialog import LetterDialog

    wallclock.set_fixed(T0)
    view = dispatched_complaint(db, clerk, make_form)
    first, second = reference.departments(db)[:2]
    letter = letters.create(db, clerk, letter_rules.LetterInput(
        from_department_id=first.id, to_department_id=second.id, subject="漏水维修", body="请尽快处理",
        reply_due=T0 + timedelta(days=2), issuer_name="周强", complaint_id=view.id,
    ))
    window = open_window(qtbot, db, clerk, runner)
    titles = [window.nav_list.item(i).text().split(" (")[0] for i in range(window.nav_list.count())]
    assert titles[:4] == ["投诉登记簿", "超时看板", "待办", "工作联系函"]

    board = window.board_page
    window.show_page(board)
    qtbot.waitUntil(lambda: board.model.rowCount() > 0, timeout=WAIT)
    rows = {board.model.row(r).kind: r for r in range(board.model.rowCount())}
    board._open_index(board.model.index(rows["complaint"], 0))
    form = window.findChild(DispositionForm)
    assert form is not None and form.isVisible() and form.record_id == view.id
    form.done(0)
    board._open_index(board.model.index(rows["letter"], 0))
    dialog = window.findChild(LetterDialog)
    assert dialog is not None and dialog.isVisible() and dialog.record_id == letter.id
    dialog.reject()


def test_ctrl_and_a_number_goes_to_each_page(qtbot, db, clerk, runner):
    window = open_window(qtbot, db, clerk, runner)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=WAIT)
    titles = [window.nav_list.item(i).text().split(" (")[0] for i in range(window.nav_list.count())]
    for number in range(len(titles), 0, -1):
        qtbot.keyClick(window, getattr(Qt.Key, f"Key_{number}"), Qt.KeyboardModifier.ControlModifier)
        assert window.nav_list.currentRow() == number - 1
        assert f"Ctrl+{number}" in window.nav_list.item(number - 1).toolTip()
    assert [a.text() for a in window.view_menu.actions()] == titles


def test_from_december_the_administrator_is_told_to_enter_next_years_holidays(qtbot, db, admin, clerk, runner):
    wallclock.set_fixed(datetime(2026, 12, 2, 9, 0))
    window = open_window(qtbot, db, admin, runner)
    qtbot.waitUntil(lambda: not window.calendar_warning.isHidden(), timeout=WAIT)
    assert window.calendar_warning.text() == "2027 年法定节假日未录入,点此录入"
    dialog = window.open_holidays()
    qtbot.waitUntil(lambda: dialog.year_spin.value() == 2027 and dialog.confirm_check.isEnabled(), timeout=WAIT)
    assert dialog.tabs.currentIndex() == 1 and "2027 年的法定节假日尚未内置" in dialog.library_label.text()
    dialog.confirm_check.click()
    qtbot.waitUntil(lambda: window.calendar_warning.isHidden(), timeout=WAIT)
    dialog.done(0)

    # a clerk is not asked; nor is anyone in November
    assert open_window(qtbot, db, clerk, runner).calendar_warning.isHidden()
    wallclock.set_fixed(datetime(2026, 11, 30, 9, 0))
    deadlines.confirm_year(db, admin, 2027, confirmed=False)
    november = open_window(qtbot, db, admin, runner)
    runner.wait_idle()
    assert november.calendar_warning.isHidden()
