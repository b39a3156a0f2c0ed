"""The clock settings dialog: limits, modes, working hours and holidays saved through the service, all or nothing."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from PySide6.QtCore import QDate, Qt, QTime, QTimer
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QMessageBox
from sqlalchemy import func, select

from frontdesk.db.engine import Database
from frontdesk.db.models import HistoryEntry
from frontdesk.domain import wallclock
from frontdesk.domain.errors import ValidationFailed
from frontdesk.domain.sla import Mode, Unit
from frontdesk.services import auth, deadlines, settings
from frontdesk.ui.admin.clock_settings_dialog import ClockSettingsDialog, split_limit
from frontdesk.ui.admin.year_schedule_dialog import HOLIDAYS
from frontdesk.ui.common.base import AppContext

WAIT = 10000
MAKE_UP_SATURDAY = date(2026, 11, 28)
HOLIDAYS_ROW = {name: row for row, name in enumerate(HOLIDAYS)}



def open_dialog(qtbot, db, actor, runner) -> ClockSettingsDialog:
    wallclock.set_fixed(datetime(2026, 11, 23, 9, 0))
    ctx = AppContext(db=db, actor=actor, runner=runner, profile="property", site_name="阳光花园服务站")
    dialog = ClockSettingsDialog(ctx)
    qtbot.addWidget(dialog)
    # both answers come back by queued signal, so neither can arrive before we wait for it
    with qtbot.waitSignals([dialog.loaded, dialog.holidays_changed], timeout=WAIT):
        dialog.show()
    return dialog


def ok_button(dialog):
    return dialog.button_box.button(QDialogButtonBox.StandardButton.Ok)


def press_ok(qtbot, dialog) -> None:
    with qtbot.waitSignal(dialog.saved, timeout=WAIT):
        qtbot.mouseClick(ok_button(dialog), Qt.MouseButton.LeftButton)


def test_limits_read_in_the_unit_they_are_written_in():
    assert split_limit(60) == (1, Unit.HOURS)
    assert split_limit(10) == (10, Unit.MINUTES)
    assert split_limit(1440 * 10) == (10, Unit.DAYS)
    assert split_limit(90) == (90, Unit.MINUTES)
    assert split_limit(1440, "hours") == (24, Unit.HOURS)  # 24 小时 stays 24 hours, not 1 day


def test_a_limit_in_working_days_is_saved_with_its_unit(qtbot, db, admin, runner):
    dialog = open_dialog(qtbot, db, admin, runner)
    row = dialog.rows["minor_to_major"]
    row.mode_combo.setCurrentIndex(row.mode_combo.findData("working"))
    feedback = dialog.rows["feedback"]
    feedback.limit_spin.setValue(24)
    feedback.unit_combo.setCurrentIndex(feedback.unit_combo.findData("hours"))
    feedback.mode_combo.setCurrentIndex(feedback.mode_combo.findData("working"))
    press_ok(qtbot, dialog)
    rules = deadlines.rules(db)
    assert (rules["minor_to_major"].unit, rules["minor_to_major"].amount) == (Unit.DAYS, 10)
    assert (rules["feedback"].unit, rules["feedback"].amount) == (Unit.HOURS, 24)
    again = open_dialog(qtbot, db, admin, runner)
    assert (again.rows["feedback"].limit_spin.value(), again.rows["feedback"].unit_combo.currentText()) == (24, "小时")


def test_current_rules_are_shown(qtbot, db, admin, runner):
    dialog = open_dialog(qtbot, db, admin, runner)
    row = dialog.rows["handling_method"]
    assert (row.limit_spin.value(), row.unit_combo.currentText(), row.mode_combo.currentText()) == (1, "小时", "自然时间")
    assert (dialog.rows["major_report"].limit_spin.value(), dialog.rows["major_report"].unit_combo.currentText()) == (10, "分钟")
    assert dialog.rows["minor_to_major"].unit_combo.currentText() == "天"
    assert dialog.all_day_check.isChecked()
    assert dialog.warn_spin.value() == 20
    assert dialog.clocks_table.item(0, 0).text() == "首次反馈客户"


def test_a_changed_limit_and_mode_are_saved_and_survive_reopening(qtbot, db, db_url, admin, runner):
    dialog = open_dialog(qtbot, db, admin, runner)
    row = dialog.rows["handling_method"]
    row.limit_spin.setValue(2)
    row.mode_combo.setCurrentIndex(row.mode_combo.findData("working"))
    dialog.rows["feedback"].pause_check.setChecked(True)
    press_ok(qtbot, dialog)
    assert dialog.result() == QDialog.DialogCode.Accepted

    rules = deadlines.rules(db)
    assert rules["handling_method"].limit == timedelta(hours=2)
    assert rules["handling_method"].mode is Mode.WORKING
    assert rules["feedback"].pausable
    assert rules["major_report"].limit == timedelta(minutes=10)  # untouched rows stay as they were

    reopened = Database(db_url)
    try:
        again = deadlines.rules(reopened)
        assert again["handling_method"].limit == timedelta(hours=2)
        assert again["handling_method"].mode is Mode.WORKING
    finally:
        reopened.dispose()
    dialog = open_dialog(qtbot, db, admin, runner)
    assert dialog.rows["handling_method"].limit_spin.value() == 2
    assert dialog.rows["handling_method"].mode_combo.currentText() == "工作时间"


def test_working_hours_and_warning_fraction_are_saved(qtbot, db, admin, runner):
    dialog = open_dialog(qtbot, db, admin, runner)
    dialog.all_day_check.setChecked(False)
    assert dialog.day_start_edit.isEnabled()
    dialog.day_start_edit.setTime(QTime(8, 30))
    dialog.day_end_edit.setTime(QTime(17, 30))
    dialog.warn_spin.setValue(30)
    press_ok(qtbot, dialog)
    calendar = deadlines.calendar(db)
    assert (calendar.day_start, calendar.day_end) == (time(8, 30), time(17, 30))
    with db.read() as session:
        assert deadlines.warn_fraction_in(session) == pytest.approx(0.3)


def test_end_before_start_is_shown_beside_the_hours_and_nothing_is_saved(qtbot, db, admin, runner):
    dialog = open_dialog(qtbot, db, admin, runner)
    dialog.all_day_check.setChecked(False)
    dialog.day_start_edit.setTime(QTime(17, 0))
    dialog.day_end_edit.setTime(QTime(9, 0))
    dialog.rows["callback"].limit_spin.setValue(2)
    qtbot.mouseClick(ok_button(dialog), Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert not dialog.work_hours_error.isHidden()
    assert "下班时间必须晚于上班时间" in dialog.work_hours_error.text()
    runner.wait_idle()
    assert deadlines.rules(db)["callback"].limit == timedelta(hours=24)


def test_a_clock_refused_by_the_service_is_named_under_the_table(qtbot, db, admin, runner):
    dialog = open_dialog(qtbot, db, admin, runner)
    dialog._save_failed(ValidationFailed({"clocks.callback.limit_minutes": "时限必须大于 0"}))
    assert not dialog.rules_error_label.isHidden()
    assert dialog.rules_error_label.text() == "「回访」:时限必须大于 0"
    assert dialog.rows["callback"].limit_box.toolTip() == "时限必须大于 0"


def test_untouched_rows_and_hours_are_not_saved(qtbot, db, admin, runner):
    dialog = open_dialog(qtbot, db, admin, runner)
    press_ok(qtbot, dialog)
    assert settings.load(db).clocks == {}
    with db.read() as session:
        assert not session.execute(
            select(HistoryEntry.id).where(HistoryEntry.table_name == "settings", HistoryEntry.action == "update")
        ).first()


def test_one_value_refused_by_the_service_leaves_every_clock_and_the_hours_unchanged(qtbot, db, admin, runner):
    deadlines.set_rule(db, admin, "callback", limit_minutes=12 * 60, mode="calendar", pausable=False)
    before = settings.load(db)
    with db.read() as session:
        history = session.execute(select(func.count(HistoryEntry.id))).scalar_one()
    dialog = open_dialog(qtbot, db, admin, runner)
    dialog.rows["handling_method"].limit_spin.setValue(2)
    dialog.rows["feedback"].pause_check.setChecked(True)
    dialog.rows["callback"].limit_spin.setValue(6)
    dialog.all_day_check.setChecked(False)
    dialog.day_start_edit.setTime(QTime(8, 30))
    dialog.day_end_edit.setTime(QTime(17, 30))
    dialog.warn_spin.setValue(30)
    # a value the editors cannot produce, so that the service is the one to refuse it
    major = dialog.rows["major_report"].mode_combo
    major.addItem("农历", "lunar")
    major.setCurrentIndex(major.count() - 1)

    qtbot.mouseClick(ok_button(dialog), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.rules_error_label.isHidden(), timeout=WAIT)
    assert dialog.isVisible()
    assert dialog.rules_error_label.text() == "「重大投诉上报」:请选择自然时间或工作时间"
    assert dialog.rows["major_report"].limit_box.toolTip() == "请选择自然时间或工作时间"
    assert dialog.rows["handling_method"].limit_box.toolTip() == ""
    assert ok_button(dialog).isEnabled()
    runner.wait_idle()

    assert settings.load(db) == before
    rules = deadlines.rules(db)
    assert rules["handling_method"].limit == timedelta(hours=1)
    assert not rules["feedback"].pausable
    assert rules["callback"].limit == timedelta(hours=12)
    assert rules["major_report"].mode is Mode.CALENDAR
    calendar = deadlines.calendar(db)
    assert (calendar.day_start, calendar.day_end) == (time(0, 0), None)
    with db.read() as session:
        assert deadlines.warn_fraction_in(session) == pytest.approx(0.2)
        assert session.execute(select(func.count(HistoryEntry.id))).scalar_one() == history

    major.setCurrentIndex(major.findData("calendar"))  # corrected: now everything is saved at once
    press_ok(qtbot, dialog)
    rules = deadlines.rules(db)
    assert (rules["handling_method"].limit, rules["feedback"].pausable, rules["callback"].limit) == (
        timedelta(hours=2), True, timedelta(hours=6))
    assert deadlines.calendar(db).day_start == time(8, 30)


def test_a_non_administrator_may_look_but_the_service_refuses_changes(qtbot, db, admin, runner):
    auth.create_user(db, admin, "boss", "李主管", "secret3", "supervisor")
    supervisor = auth.sign_in(db, "boss", "secret3")
    dialog = open_dialog(qtbot, db, supervisor, runner)
    assert not dialog.refusal_label.isHidden()
    assert not ok_button(dialog).isEnabled()
    assert not dialog.rows["handling_method"].limit_spin.isEnabled()
    assert not dialog.add_holiday_button.isEnabled()

    dialog.rows["handling_method"].limit_spin.setValue(5)
    dialog.save()
    qtbot.waitUntil(lambda: "无权" in dialog.error_label.text(), timeout=WAIT)
    assert dialog.isVisible()
    assert deadlines.rules(db)["handling_method"].limit == timedelta(hours=1)


def test_a_make_up_saturday_becomes_a_working_day(qtbot, db, admin, runner):
    assert not deadlines.calendar(db).is_workday(MAKE_UP_SATURDAY)
    dialog = open_dialog(qtbot, db, admin, runner)
    dialog.tabs.setCurrentIndex(1)
    assert dialog.year_spin.value() == 2026
    assert "已内置" in dialog.library_label.text()
    dialog.holiday_date_edit.setDate(QDate(2026, 11, 28))
    dialog.holiday_kind_combo.setCurrentIndex(dialog.holiday_kind_combo.findText("调休上班"))
    dialog.holiday_name_edit.setText("年终盘点调休")  # QTest types only ASCII
    with qtbot.waitSignal(dialog.holidays_changed, timeout=WAIT):
        qtbot.mouseClick(dialog.add_holiday_button, Qt.MouseButton.LeftButton)

    rows = [[dialog.holidays_table.item(r, c).text() for c in range(5)]
            for r in range(dialog.holidays_table.rowCount())]
    assert ["2026-11-28", "星期六", "调休上班", "年终盘点调休", "本站"] in rows
    # the State Council's days are listed too, marked as built in
    assert ["2026-10-01", "星期四", "放假", "国庆节", "内置"] in rows
    assert dialog.holiday_name_edit.text() == ""
    assert deadlines.holidays(db, 2026) == [(MAKE_UP_SATURDAY, True, "年终盘点调休")]
    assert deadlines.calendar(db).is_workday(MAKE_UP_SATURDAY)


def test_removing_a_holiday_asks_first(qtbot, db, admin, runner):
    deadlines.set_holiday(db, admin, date(2026, 12, 31), False, "公司年会")
    dialog = open_dialog(qtbot, db, admin, runner)
    dialog.tabs.setCurrentIndex(1)
    qtbot.waitUntil(lambda: dialog.holidays_table.rowCount() > 1, timeout=WAIT)
    dialog.holidays_table.selectRow(dialog.holidays_table.rowCount() - 1)
    assert dialog.holidays_table.item(dialog.holidays_table.rowCount() - 1, 0).text() == "2026-12-31"

    QTimer.singleShot(0, lambda: dialog.confirm_box.button(QMessageBox.StandardButton.No).click())
    dialog.remove_selected_holiday()
    runner.wait_idle()
    assert len(deadlines.holidays(db, 2026)) == 1
    assert "2026-12-31" in dialog.confirm_box.text()

    QTimer.singleShot(0, lambda: dialog.confirm_box.button(QMessageBox.StandardButton.Yes).click())
    with qtbot.waitSignal(dialog.holidays_changed, timeout=WAIT):
        dialog.remove_selected_holiday()
    assert all(dialog.holidays_table.item(r, 4).text() == "内置" for r in range(dialog.holidays_table.rowCount()))
    assert deadlines.holidays(db, 2026) == []
    assert not deadlines.calendar(db).is_workday(date(2026, 12, 26))  # a plain Saturday again


def test_removing_without_a_selection_says_what_to_do(qtbot, db, admin, runner):
    dialog = open_dialog(qtbot, db, admin, runner)
    dialog.remove_selected_holiday()
    assert dialog.holiday_error_label.text() == "请先在表中选中要删除的日子"


def test_a_built_in_day_cannot_be_removed(qtbot, db, admin, runner):
    dialog = open_dialog(qtbot, db, admin, runner)
    dialog.tabs.setCurrentIndex(1)
    qtbot.waitUntil(lambda: dialog.holidays_table.rowCount() > 1, timeout=WAIT)
    dialog.holidays_table.selectRow(0)
    dialog.remove_selected_holiday()
    assert "内置的日子不能删除" in dialog.holiday_error_label.text()


def test_a_year_the_library_does_not_know_asks_for_manual_entry(qtbot, db, admin, runner):
    dialog = open_dialog(qtbot, db, admin, runner)
    dialog.year_spin.setValue(2099)
    assert "2099 年的法定节假日尚未内置,也未确认" in dialog.library_label.text()
    assert dialog.holiday_date_edit.date().year() == 2099
    assert not dialog.schedule_button.isHidden() and not dialog.confirm_check.isHidden()
    dialog.year_spin.setValue(2026)
    assert dialog.schedule_button.isHidden()


def test_next_years_schedule_is_entered_in_one_dialog_and_confirms_the_year(qtbot, db, admin, runner):
    dialog = open_dialog(qtbot, db, admin, runner)
    dialog.tabs.setCurrentIndex(1)
    dialog.year_spin.setValue(2027)
    schedule = dialog.enter_year_schedule()
    qtbot.addWidget(schedule)
    spring = HOLIDAYS_ROW["春节"]
    schedule.firsts[spring].setDate(QDate(2027, 2, 6))
    assert schedule.lasts[spring].date() == QDate(2027, 2, 6)  # the last day follows the first
    schedule.lasts[spring].setDate(QDate(2027, 2, 13))
    schedule.workdays[spring].setText("02-14, 02-20")
    schedule.firsts[0].setDate(QDate(2027, 1, 1))
    with qtbot.waitSignal(schedule.saved, timeout=WAIT):
        schedule.button_box.button(schedule.button_box.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: dialog.holidays_table.rowCount() == 11, timeout=WAIT)
    days = deadlines.holidays(db, 2027)
    assert (date(2027, 2, 8), False, "春节") in days and (date(2027, 2, 20), True, "春节") in days
    assert len(days) == 1 + 8 + 2
    assert "已确认" in dialog.library_label.text() and dialog.confirm_check.isChecked()
    cal = deadlines.calendar(db)
    assert cal.knows_year(2027) and not cal.is_workday(date(2027, 2, 8)) and cal.is_workday(date(2027, 2, 20))


def test_a_wrong_schedule_says_which_row_and_saves_nothing(qtbot, db, admin, runner):
    dialog = open_dialog(qtbot, db, admin, runner)
    dialog.year_spin.setValue(2027)
    schedule = dialog.enter_year_schedule()
    qtbot.addWidget(schedule)
    schedule.button_box.button(schedule.button_box.StandardButton.Ok).click()
    assert schedule.error_label.text() == "请至少填写一个节日的放假日期"
    spring = HOLIDAYS_ROW["春节"]
    schedule.firsts[spring].setDate(QDate(2027, 2, 6))
    schedule.workdays[spring].setText("02-31")
    schedule.button_box.button(schedule.button_box.StandardButton.Ok).click()
    assert "春节:调休上班日“02-31”看不懂" in schedule.error_label.text()
    schedule.workdays[spring].setText("02-15")
    schedule.button_box.button(schedule.button_box.StandardButton.Ok).click()
    assert "是工作日,调休上班日应是周末" in schedule.error_label.text()
    runner.wait_idle()
    assert deadlines.holidays(db, 2027) == [] and not deadlines.calendar(db).knows_year(2027)


def test_confirming_a_year_by_hand_is_saved(qtbot, db, admin, runner):
    dialog = open_dialog(qtbot, db, admin, runner)
    dialog.year_spin.setValue(2027)
    dialog.confirm_check.click()
    qtbot.waitUntil(lambda: "已确认" in dialog.library_label.text(), timeout=WAIT)
    assert deadlines.calendar(db).knows_year(2027)
    dialog.confirm_check.click()
    qtbot.waitUntil(lambda: "也未确认" in dialog.library_label.text(), timeout=WAIT)
    assert not deadlines.calendar(db).knows_year(2027)


def test_the_whole_day_leaves_usual_office_hours_greyed(qtbot, db, admin, runner):
    dialog = open_dialog(qtbot, db, admin, runner)
    assert dialog.all_day_check.isChecked()
    assert not dialog.day_start_edit.isEnabled()
    assert (dialog.day_start_edit.time().toString("HH:mm"), dialog.day_end_edit.time().toString("HH:mm")) == (
        "08:30", "17:30")


def test_the_letter_clocks_fixed_mode_is_explained_on_screen(qtbot, db, admin, runner):
    dialog = open_dialog(qtbot, db, admin, runner)
    assert not dialog.rows["letter_reply"].mode_combo.isEnabled()
    assert "联系函回复按每封联系函自己的回复期限" in dialog.findChild(QLabel, "units_hint").text()
