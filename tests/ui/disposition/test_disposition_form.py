"""The disposition form driven like its users do: each person signs their block in their own window."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from frontdesk.domain import wallclock
from frontdesk.domain.sla import ClockStatus
from frontdesk.domain.types import Actor
from frontdesk.services import auth, complaints, deadlines, disposition, reference
from frontdesk.ui.common.base import AppContext
from frontdesk.ui.common.registry import open_record
from frontdesk.ui.common.style import CLOCK_CHIP as CLOCK_COLOURS
from frontdesk.ui.disposition.disposition_form import DispositionForm

T0 = datetime(2026, 11, 25, 9, 0)
WAIT = 15000


class People:
    def __init__(self, db, admin, clerk) -> None:  # noqa: ANN001
        departments = {d.name: d.id for d in reference.departments(db)}
        self.engineering, self.cleaning = departments["工程部"], departments["保洁部"]
        self.admin, self.clerk = admin, clerk
        self.handler = self._make(db, "gongcheng", "赵工程", "handler", self.engineering)
        self.head = self._make(db, "gcjingli", "钱经理", "handler", self.engineering, True)
        self.manager = self._make(db, "pianqu", "吴片区", "area_manager", None)
        self.supervisor = self._make(db, "zichan", "郑负责人", "supervisor", None)

    def _make(self, db, username, name, role, department_id, is_head=False) -> Actor:  # noqa: ANN001
        user_id = auth.create_user(db, self.admin, username, name, "secret9", role, department_id, is_head)
        return Actor(user_id, username, name, role, department_id, is_head)


@pytest.fixture
def people(db, admin, clerk, monkeypatch) -> People:
    monkeypatch.setattr(auth, "hash_password", lambda password: "not-a-hash")  # nobody signs in here
    return People(db, admin, clerk)



@pytest.fixture
def complaint(db, clerk, make_form):
    wallclock.set_fixed(T0)
    return complaints.register(db, clerk, make_form())


def settle(runner) -> None:  # noqa: ANN001
    runner.wait_idle()
    QApplication.processEvents()


def open_form(qtbot, db, actor, runner, complaint_id: int) -> DispositionForm:  # noqa: ANN001
    form = DispositionForm(AppContext(db, actor, runner, "property", "阳光花园服务站"), complaint_id)
    qtbot.addWidget(form)
    form.show()
    qtbot.waitUntil(lambda: (settle(runner), form.view is not None)[1], timeout=WAIT)
    return form


def wait_for(qtbot, runner, condition) -> None:  # noqa: ANN001
    qtbot.waitUntil(lambda: (settle(runner), condition())[1], timeout=WAIT)


def enter(widget: QWidget, text: str) -> None:
    """Type ``text`` into a line or text box (QTest cannot send Chinese key clicks)."""
    widget.setFocus()
    if hasattr(widget, "insertPlainText"):
        widget.insertPlainText(text)
    else:
        widget.insert(text)


def shown(widget: QWidget) -> bool:
    return widget.isVisibleTo(widget.window())


def test_each_person_signs_their_block(qtbot, db, people, runner, complaint):
    p = people
    # the clerk dispatches to 工程部
    form = open_form(qtbot, db, p.clerk, runner, complaint.id)
    assert form.number_value.text() == complaint.number
    assert shown(form.dispatch_button) and not shown(form.method_button) and not shown(form.supervisor_button)
    form.department_combo.setCurrentIndex(form.department_combo.findData(p.engineering))
    assert form.limit_spin.value() == 60
    enter(form.dispatch_note_edit, "请尽快上门")
    wallclock.set_fixed(T0 + timedelta(minutes=5))
    qtbot.mouseClick(form.dispatch_button, Qt.MouseButton.LeftButton)
    wait_for(qtbot, runner, lambda: form.view.complaint.status == "dispatched")
    assert "工程部" in form.dispatch_info.text()
    assert form.dispatch_signature.text() == "签名:王前台 2026-11-25 09:05"
    assert not shown(form.dispatch_button)

    # the department's handler writes the method in their own window
    wallclock.set_fixed(T0 + timedelta(minutes=30))
    handler_form = open_form(qtbot, db, p.handler, runner, complaint.id)
    assert shown(handler_form.method_button) and not handler_form.method_text.isReadOnly()
    assert not shown(handler_form.head_button)
    assert handler_form.phone_value.text() == "138****5678"
    enter(handler_form.method_text, "更换破损水管")
    qtbot.mouseClick(handler_form.method_button, Qt.MouseButton.LeftButton)
    wait_for(qtbot, runner, lambda: handler_form.view.method_at is not None)
    assert handler_form.method_signature.text() == "签名:赵工程 2026-11-25 09:30"
    # the hour runs on until the department head signs the method
    assert "剩余" in handler_form.clock_labels["handling_method"].text()

    # the head signs
    wallclock.set_fixed(T0 + timedelta(minutes=40))
    head_form = open_form(qtbot, db, p.head, runner, complaint.id)
    assert shown(head_form.head_button)
    qtbot.mouseClick(head_form.head_button, Qt.MouseButton.LeftButton)
    wait_for(qtbot, runner, lambda: head_form.view.head_at is not None)
    assert head_form.head_signature.text() == "签名:钱经理 2026-11-25 09:40"
    assert "按时完成" in head_form.clock_labels["handling_method"].text()

    # the clerk records the result, then the verification
    wallclock.set_fixed(T0 + timedelta(hours=3))
    form.reload()
    wait_for(qtbot, runner, lambda: form.view.head_at is not None)
    assert shown(form.result_button) and form.result_button.text() == "填写并签名"
    enter(form.result_text, "水管已更换,天花板已修补")
    qtbot.mouseClick(form.result_button, Qt.MouseButton.LeftButton)
    wait_for(qtbot, runner, lambda: form.view.complaint.status == "resolved")
    assert form.result_text.isReadOnly() and form.result_text.toPlainText() == "水管已更换,天花板已修补"
    assert shown(form.verification_button)
    # the receiver calls back a minor complaint by phone or WeChat, for themselves
    assert [form.channel_combo.itemText(i) for i in range(form.channel_combo.count())] == ["电话", "微信"]
    assert not shown(form.on_behalf_check)
    enter(form.verification_text, "电话回访,客户满意")
    enter(form.verifier_edit, "李四")
    qtbot.mouseClick(form.verification_button, Qt.MouseButton.LeftButton)
    wait_for(qtbot, runner, lambda: form.view.verification_passed is True)
    assert not shown(form.supervisor_button)  # a clerk cannot sign the supervisor's block

    # the supervisor gives the opinion
    supervisor_form = open_form(qtbot, db, p.supervisor, runner, complaint.id)
    assert shown(supervisor_form.supervisor_button) and not shown(supervisor_form.archive_button)
    enter(supervisor_form.supervisor_text, "同意结案")
    qtbot.mouseClick(supervisor_form.supervisor_button, Qt.MouseButton.LeftButton)
    wait_for(qtbot, runner, lambda: supervisor_form.view.complaint.status == "closed")
    assert supervisor_form.supervisor_signature.text().startswith("签名:郑负责人")

    # and the clerk archives
    form.reload()
    wait_for(qtbot, runner, lambda: form.view.complaint.status == "closed")
    assert shown(form.archive_button)
    with qtbot.waitSignal(form.saved, timeout=WAIT):
        qtbot.mouseClick(form.archive_button, Qt.MouseButton.LeftButton)
        settle(runner)
    assert form.view.complaint.status == "archived"
    assert form.archive_signature.text() == "签名:王前台 2026-11-25 12:00"
    assert form.state_value.text() == "已归档"


def test_refusal_from_the_service_is_shown(qtbot, db, people, runner, complaint):
    """The form lets a handler try; the service still refuses a method for another department."""
    disposition.dispatch(db, people.clerk, complaint.id, people.cleaning, version=None)
    form = open_form(qtbot, db, people.handler, runner, complaint.id)
    assert not shown(form.method_button)  # 工程部's handler may not write 保洁部's method
    errors: list[BaseException] = []

    def attempt() -> None:
        disposition.write_method(db, people.handler, complaint.id, "更换水管", version=None)

    runner.run_db(attempt, on_error=errors.append)
    wait_for(qtbot, runner, lambda: bool(errors))
    assert "被派单部门的处理人" in str(errors[0])


def test_on_the_spot_goes_straight_to_the_result(qtbot, db, people, runner, complaint):
    form = open_form(qtbot, db, people.clerk, runner, complaint.id)
    assert shown(form.on_the_spot_button)
    assert form.result_button.text() == "现场解决并签名"
    qtbot.mouseClick(form.on_the_spot_button, Qt.MouseButton.LeftButton)
    enter(form.result_text, "当场为客户补办门禁卡")
    wallclock.set_fixed(T0 + timedelta(minutes=10))
    qtbot.mouseClick(form.result_button, Qt.MouseButton.LeftButton)
    wait_for(qtbot, runner, lambda: form.view.complaint.status == "resolved")
    assert form.view.on_the_spot and shown(form.on_the_spot_label)
    assert "现场解决" in form.dispatch_info.text()
    assert not shown(form.on_the_spot_button)


def test_feedback_and_escalation_through_their_dialogs(qtbot, db, people, runner, complaint):
    disposition.dispatch(db, people.clerk, complaint.id, people.engineering, version=None)
    form = open_form(qtbot, db, people.clerk, runner, complaint.id)
    assert "剩余" in form.clock_labels["feedback"].text()
    form.feedback_button.click()
    dialog = form.step_dialog
    assert dialog is not None
    dialog.accept()  # nothing written: refused beside the field
    assert dialog.isVisible() and dialog.error_label.text()
    enter(dialog.note_edit, "已告知客户工程部今天上门")
    dialog.accept()
    wait_for(qtbot, runner, lambda: "按时完成" in form.clock_labels["feedback"].text())

    form.escalate_button.click()
    dialog = form.step_dialog
    dialog.choice_combo.setCurrentIndex(dialog.choice_combo.findData(people.cleaning))
    enter(dialog.note_edit, "属保洁范围")
    dialog.accept()
    wait_for(qtbot, runner, lambda: form.view.department_name == "保洁部")
    assert "已升级" in form.state_value.text()
    assert form.view.complaint.escalated


def test_clocks_turn_amber_and_red(qtbot, db, people, runner, make_form):
    wallclock.set_fixed(T0)
    major = complaints.register(db, people.clerk, make_form(grade="major", major_criteria="C"))
    disposition.dispatch(db, people.clerk, major.id, people.engineering, version=None)
    wallclock.set_fixed(T0 + timedelta(minutes=55))
    form = open_form(qtbot, db, people.clerk, runner, major.id)
    handling, report = form.clock_labels["handling_method"], form.clock_labels["major_report"]
    assert "剩余 5分00秒" in handling.text()
    assert "已超时 45分00秒" in report.text()
    assert CLOCK_COLOURS[ClockStatus.WARNING][0] in handling.styleSheet()
    assert CLOCK_COLOURS[ClockStatus.OVERDUE][0] in report.styleSheet()
    wallclock.set_fixed(T0 + timedelta(minutes=61))
    form.refresh_clocks()
    wait_for(qtbot, runner, lambda: "已超时" in form.clock_labels["handling_method"].text())
    assert CLOCK_COLOURS[ClockStatus.OVERDUE][0] in form.clock_labels["handling_method"].styleSheet()


def test_invalid_complaint_opens_no_form(qtbot, db, people, runner, make_form):
    invalid = complaints.register(db, people.clerk, make_form(validity="unreasonable", validity_note="要求超出合同"))
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    ctx = AppContext(db, people.clerk, runner, "property", "阳光花园服务站")
    form = open_record(ctx, "disposition", invalid.id, parent)
    wait_for(qtbot, runner, lambda: parent.findChild(QMessageBox) is not None)
    box = parent.findChild(QMessageBox)
    assert "要求超出合同" in box.text() and "没有处置表" in box.text()
    assert not form.isVisible()
    box.close()


def test_print_opens_the_preview(qtbot, db, people, runner, complaint):
    from frontdesk.ui.common.print_preview import PrintPreviewDialog

    form = open_form(qtbot, db, people.clerk, runner, complaint.id)
    with qtbot.waitSignal(form.printed, timeout=WAIT):
        qtbot.mouseClick(form.print_button, Qt.MouseButton.LeftButton)
        settle(runner)
    assert form.last_print_path.read_bytes().startswith(b"%PDF")
    qtbot.waitUntil(lambda: form.findChild(PrintPreviewDialog) is not None, timeout=WAIT)
    preview = form.findChild(PrintPreviewDialog)
    assert complaint.number in preview.windowTitle()
    preview.close()
    with qtbot.waitSignal(form.printed, timeout=WAIT):
        qtbot.mouseClick(form.print_blank_button, Qt.MouseButton.LeftButton)
        settle(runner)


def test_pause_and_resume_where_the_rule_allows(qtbot, db, people, runner, complaint, make_form):
    form = open_form(qtbot, db, people.clerk, runner, complaint.id)
    assert not shown(form.pause_button)  # no clock may pause by default
    deadlines.set_rule(db, people.admin, "feedback", limit_minutes=24 * 60, mode="calendar", pausable=True)
    form.reload()
    settle(runner)
    assert not shown(form.pause_button)  # a running clock keeps the rule it started with

    later = complaints.register(db, people.clerk, make_form())
    form = open_form(qtbot, db, people.clerk, runner, later.id)
    wait_for(qtbot, runner, lambda: shown(form.pause_button))
    assert not shown(form.resume_button)
    dialog = form.ask_pause()
    assert dialog.choice() == "feedback"
    enter(dialog.note_edit, "客户出差,下周一再联系")
    dialog.accept()
    wait_for(qtbot, runner, lambda: "已暂停" in form.clock_labels["feedback"].text())
    assert shown(form.resume_button) and not shown(form.pause_button)
    wallclock.set_fixed(T0 + timedelta(hours=2))
    form.ask_resume().accept()
    # two hours paused are not counted: the full day is still left
    wait_for(qtbot, runner, lambda: "剩余 1天0小时" in form.clock_labels["feedback"].text())


def test_every_text_of_the_form_stops_at_its_limit_in_the_rules(qtbot, db, people, runner, complaint):
    from frontdesk.domain.disposition import TEXT_RULES

    form = open_form(qtbot, db, people.clerk, runner, complaint.id)
    for field, box in (("method_text", form.method_text), ("result_text", form.result_text),
                       ("verification_text", form.verification_text),
                       ("supervisor_opinion", form.supervisor_text)):
        assert box.limit == TEXT_RULES[field].limit, field
    assert form.verifier_edit.maxLength() == TEXT_RULES["verifier_name"].limit
    assert form.dispatch_note_edit.maxLength() == TEXT_RULES["dispatch_note"].limit
    enter(form.result_text, "已修好" * 1000)  # the clerk solves it on the spot
    assert len(form.result_text.toPlainText()) == TEXT_RULES["result_text"].limit
    enter(form.dispatch_note_edit, "请" * 1000)
    assert len(form.dispatch_note_edit.text()) == TEXT_RULES["dispatch_note"].limit
    form.result_text.clear()  # closing at teardown must not ask about the typing
    form.dispatch_note_edit.clear()


def test_a_step_note_stops_at_its_limit_and_control_characters_are_said_in_the_dialog(
        qtbot, db, people, runner, complaint):
    from frontdesk.domain.disposition import NOTE_MAX

    form = open_form(qtbot, db, people.clerk, runner, complaint.id)
    dialog = form.ask_feedback()
    enter(dialog.note_edit, "已告知" * NOTE_MAX)
    assert len(dialog.note()) == NOTE_MAX
    dialog.note_edit.setPlainText("已电话\x07告知客户")
    dialog.accept()
    assert dialog.isVisible() and "控制字符" in dialog.error_label.text()
    dialog.note_edit.setPlainText("已电话告知客户")
    dialog.accept()
    wait_for(qtbot, runner, lambda: any(s.key == "feedback" and not s.is_open for s in form.view.clocks))


def test_the_area_manager_records_a_minor_callback_only_for_the_receiver(qtbot, db, people, runner, complaint):
    p = people
    disposition.record_result(db, p.clerk, complaint.id, "当场为客户更换门禁卡", None, on_the_spot=True, version=None)
    form = open_form(qtbot, db, p.manager, runner, complaint.id)
    assert shown(form.on_behalf_check) and form.on_behalf_check.text() == "代受理人 王前台录入"
    enter(form.verification_text, "电话回访,客户满意")
    enter(form.verifier_edit, "李四")
    form.channel_combo.setCurrentIndex(form.channel_combo.findData("wechat"))
    qtbot.mouseClick(form.verification_button, Qt.MouseButton.LeftButton)
    wait_for(qtbot, runner, lambda: "应由受理人 王前台回访" in form.fields.messages["verification_for"].text())
    assert form.view.verified_at is None
    form.on_behalf_check.setChecked(True)
    qtbot.mouseClick(form.verification_button, Qt.MouseButton.LeftButton)
    wait_for(qtbot, runner, lambda: form.view.verified_at is not None)
    assert "(代受理人 王前台录入)" in form.verification_signature.text()
    assert (form.view.verification_channel, form.channel_combo.currentText()) == ("wechat", "微信")
    assert not shown(form.on_behalf_check)

