"""The letter dialog and the letters page on a real temporary database, driven with qtbot."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest
from PySide6.QtCore import QDateTime, Qt
from PySide6.QtGui import QColor, QInputMethodEvent
from PySide6.QtWidgets import QApplication

from frontdesk.domain import wallclock
from frontdesk.domain.letter import LetterInput
from frontdesk.services import auth, complaints, letters, reference
from frontdesk.ui.common.base import AppContext
from frontdesk.ui.common.print_preview import PrintPreviewDialog
from frontdesk.ui.common.style import AMBER, RED
from frontdesk.ui.letters.letter_dialog import LetterDialog
from frontdesk.ui.letters.letters_page import STATUS, TIME_LEFT, LettersPage

NOW = datetime(2026, 11, 20, 9, 0)
WAIT = 10000



@pytest.fixture
def depts(db, admin) -> dict[str, int]:
    return {o.name: o.id for o in reference.departments(db)}


@pytest.fixture
def people(db, admin, depts):
    def make(username, name, role, dept=None):
        auth.create_user(db, admin, username, name, "secret9", role, depts.get(dept) if dept else None)
        return auth.sign_in(db, username, "secret9")

    wallclock.set_fixed(NOW)
    return {
        "clerk": make("desk", "王前台", "clerk", "服务站"),
        "eng": make("eng", "赵建国", "handler", "工程部"),
        "supervisor": make("boss", "吴敏", "supervisor", "资产管理部"),
    }


def ctx(db, actor, runner) -> AppContext:
    return AppContext(db=db, actor=actor, runner=runner, profile="property", site_name="阳光花园服务站")


def send(db, people, depts, **changes):
    values = dict(
        from_department_id=depts["服务站"], to_department_id=depts["工程部"], subject="电梯异响",
        body="3 号楼电梯运行时有异响,请检查。", reply_due=NOW + timedelta(days=1), issuer_name="刘站长",
    )
    values.update(changes)
    return letters.create(db, people["clerk"], LetterInput(**values))


def loaded(qtbot, dialog):
    """Wait until the form has read its data on the database worker."""
    qtbot.waitUntil(lambda: dialog.data is not None, timeout=WAIT)
    return dialog


def show(qtbot, widget):
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow, timeout=WAIT)
    return loaded(qtbot, widget)


def type_into(qtbot, widget, text: str) -> None:
    """Type like a clerk: ASCII on the keys, Chinese committed by the input method."""
    widget.setFocus()
    for chunk in re.findall(r"[\x20-\x7e]+|[^\x20-\x7e]+", text):
        if chunk.isascii():
            qtbot.keyClicks(widget, chunk)
        else:
            event = QInputMethodEvent()
            event.setCommitString(chunk)
            QApplication.sendEvent(widget, event)


def save_with_keys(qtbot, dialog) -> None:
    qtbot.keyClick(QApplication.focusWidget() or dialog, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)


def pick(combo, value) -> None:
    combo.setCurrentIndex(combo.findData(value))


def test_create_a_letter_from_the_dialog(qtbot, db, people, depts, runner):
    dialog = show(qtbot, LetterDialog(ctx(db, people["clerk"], runner)))
    assert dialog.number_label.text() == "发函后自动生成"
    assert dialog.handler_label.text() == "王前台"
    assert dialog.from_department_combo.currentData() == depts["服务站"]
    assert dialog.reply_button.isHidden() and dialog.opinion_button.isHidden()

    # nothing typed: each problem beside its field, nothing written
    save_with_keys(qtbot, dialog)
    shown = dialog.errors_shown()
    assert {"to_department_id", "issuer_name", "subject", "body"} <= set(shown)
    assert dialog.focusWidget() is dialog.to_department_combo  # the first field in error, in paper order
    assert letters.list_letters(db, people["clerk"]) == []

    pick(dialog.to_department_combo, depts["工程部"])
    type_into(qtbot, dialog.issuer_edit, "刘站长")
    type_into(qtbot, dialog.copies_edit, "上级领导、总经理")
    type_into(qtbot, dialog.subject_edit, "电梯异响")
    type_into(qtbot, dialog.body_edit, "3 号楼电梯运行时有异响")
    type_into(qtbot, dialog.requirement_edit, "明日回复")
    dialog.reply_due_edit.setDateTime(QDateTime(NOW + timedelta(days=2)))
    assert "to_department_id" not in dialog.errors_shown()
    with qtbot.waitSignal(dialog.saved, timeout=WAIT) as saved:
        save_with_keys(qtbot, dialog)
    view = saved.args[0].view
    assert view.number.endswith("-202611-001")
    assert (view.to_department_name, view.issuer_name, view.copies) == ("工程部", "刘站长", "上级领导、总经理")
    assert view.reply_due == NOW + timedelta(days=2) and view.status == "sent"
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=WAIT)


def test_reply_deadline_in_the_past_is_shown_beside_the_field(qtbot, db, people, depts, runner):
    dialog = LetterDialog(ctx(db, people["clerk"], runner))
    qtbot.addWidget(dialog)
    loaded(qtbot, dialog)
    pick(dialog.to_department_combo, depts["工程部"])
    dialog.issuer_edit.setText("刘站长")
    dialog.subject_edit.setText("电梯异响")
    dialog.body_edit.setPlainText("异响")
    wallclock.set_fixed(NOW + timedelta(days=5))  # the deadline chosen has passed meanwhile
    dialog.save()
    assert "回复期限" in dialog.errors_shown()["reply_due"]
    assert letters.list_letters(db, people["clerk"]) == []


def test_the_receiving_handler_signs_for_and_replies(qtbot, db, people, depts, runner):
    sent = send(db, people, depts)
    wallclock.set_fixed(NOW + timedelta(hours=2))
    dialog = show(qtbot, LetterDialog(ctx(db, people["eng"], runner), sent.id))
    assert dialog.status_label.text() == "已发函"
    assert not dialog.receive_button.isHidden() and not dialog.reply_button.isHidden()
    assert dialog.opinion_button.isHidden() and dialog.leader_opinion_edit.isReadOnly()
    assert dialog.subject_edit.isReadOnly() and not dialog.to_department_combo.isEnabled()

    with qtbot.waitSignal(dialog.saved, timeout=WAIT):
        qtbot.mouseClick(dialog.receive_button, Qt.MouseButton.LeftButton)
    assert dialog.status_label.text() == "已签收"
    assert "赵建国" in dialog.received_label.text() and dialog.receive_button.isHidden()

    wallclock.set_fixed(NOW + timedelta(hours=3))
    type_into(qtbot, dialog.reply_text_edit, "已检修曳引机,异响消除")
    with qtbot.waitSignal(dialog.saved, timeout=WAIT):
        save_with_keys(qtbot, dialog)
    assert dialog.status_label.text() == "已回复"
    assert dialog.reply_sign_label.text() == "签名:赵建国 2026-11-20 12:00"
    assert dialog.reply_text_edit.isReadOnly() and dialog.reply_button.isHidden()
    assert dialog.time_left_label.text().startswith("按时完成")
    assert letters.get(db, people["clerk"], sent.id).reply_text == "已检修曳引机,异响消除"


def test_only_the_roles_allowed_can_write_each_block(qtbot, db, people, depts, runner):
    sent = send(db, people, depts)
    clerk_view = LetterDialog(ctx(db, people["clerk"], runner), sent.id)
    qtbot.addWidget(clerk_view)
    loaded(qtbot, clerk_view)
    assert clerk_view.reply_button.isHidden() and clerk_view.reply_text_edit.isReadOnly()
    assert clerk_view.opinion_button.isHidden()
    boss_view = LetterDialog(ctx(db, people["supervisor"], runner), sent.id)
    qtbot.addWidget(boss_view)
    loaded(qtbot, boss_view)
    assert boss_view.reply_button.isHidden()
    assert not boss_view.opinion_button.isHidden()
    type_into(qtbot, boss_view.leader_opinion_edit, "请尽快处理")
    with qtbot.waitSignal(boss_view.saved, timeout=WAIT):
        qtbot.mouseClick(boss_view.opinion_button, Qt.MouseButton.LeftButton)
    assert boss_view.leader_sign_label.text().startswith("签名:吴敏")
    # signed: closed to every leader, the one who signed included
    assert boss_view.opinion_button.isHidden() and boss_view.leader_opinion_edit.isReadOnly()


def test_overdue_letter_shows_red(qtbot, db, people, depts, runner):
    sent = send(db, people, depts, reply_due=NOW + timedelta(hours=1))
    wallclock.set_fixed(NOW + timedelta(hours=1, seconds=1))
    dialog = LetterDialog(ctx(db, people["eng"], runner), sent.id)
    qtbot.addWidget(dialog)
    loaded(qtbot, dialog)
    assert dialog.status_label.text() == "已超期"
    assert RED in dialog.status_label.styleSheet() and RED in dialog.time_left_label.styleSheet()
    assert dialog.time_left_label.text().startswith("已超时")


def test_letter_for_a_complaint_is_prefilled(qtbot, db, people, depts, runner, make_form):
    complaint = complaints.register(db, people["clerk"], make_form(department_id=depts["工程部"]))
    dialog = LetterDialog(ctx(db, people["clerk"], runner), None, complaint_id=complaint.id)
    qtbot.addWidget(dialog)
    loaded(qtbot, dialog)
    assert complaint.number in dialog.subject_edit.text()
    body = dialog.body_edit.toPlainText()
    assert complaint.number in body and complaint.content in body and complaint.demand in body
    assert dialog.complaint_label.text() == complaint.number
    assert dialog.to_department_combo.currentData() == depts["工程部"]
    dialog.issuer_edit.setText("刘站长")
    with qtbot.waitSignal(dialog.saved, timeout=WAIT) as saved:
        dialog.save()
    assert saved.args[0].view.complaint_number == complaint.number
    assert any(h.field == "letter" for h in complaints.history(db, people["clerk"], complaint.id))


def test_page_lists_states_and_counts_what_awaits_our_reply(qtbot, db, people, depts, runner):
    overdue = send(db, people, depts, subject="超期的函", reply_due=NOW + timedelta(hours=1))
    near = send(db, people, depts, subject="快到期的函", reply_due=NOW + timedelta(hours=10))
    replied = send(db, people, depts, subject="已回复的函", reply_due=NOW + timedelta(days=2))
    letters.reply(db, people["eng"], replied.id, "已处理", replied.version)
    wallclock.set_fixed(NOW + timedelta(hours=9))

    page = LettersPage(ctx(db, people["eng"], runner))
    qtbot.addWidget(page)
    page.resize(1100, 500)
    page.show()
    with qtbot.waitSignal(page.count_changed, timeout=WAIT) as counted:
        pass
    qtbot.waitUntil(lambda: page.model.rowCount() == 3, timeout=WAIT)
    assert counted.args == [2]
    model = page.model
    ids = [model.row(r).view.id for r in range(3)]
    assert ids == [overdue.id, near.id, replied.id]  # earliest reply deadline first
    statuses = [model.index(r, STATUS).data() for r in range(3)]
    assert statuses == ["已超期", "已发函", "已回复"]
    assert model.index(0, STATUS).data(Qt.ItemDataRole.ForegroundRole) == QColor(RED)
    assert model.index(1, TIME_LEFT).data(Qt.ItemDataRole.ForegroundRole) == QColor(AMBER)
    assert model.index(1, TIME_LEFT).data().startswith("剩余 1小时")

    page.status_combo.setCurrentIndex(page.status_combo.findData("overdue"))
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=WAIT)
    assert page.model.row(0).view.id == overdue.id

    # the page re-reads itself: after the next deadline passes, F5 shows it overdue too
    page.status_combo.setCurrentIndex(0)
    qtbot.waitUntil(lambda: page.model.rowCount() == 3, timeout=WAIT)
    wallclock.set_fixed(NOW + timedelta(hours=11))
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: page.model.index(1, STATUS).data() == "已超期", timeout=WAIT)


def test_page_opens_a_letter_and_reloads_after_a_reply(qtbot, db, people, depts, runner):
    sent = send(db, people, depts)
    page = LettersPage(ctx(db, people["eng"], runner))
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=WAIT)
    dialog = loaded(qtbot, page.open_letter(sent.id))
    dialog.reply_text_edit.setPlainText("已处理")
    with qtbot.waitSignal(page.count_changed, timeout=WAIT) as counted:
        qtbot.mouseClick(dialog.reply_button, Qt.MouseButton.LeftButton)
    assert counted.args == [0]
    qtbot.waitUntil(lambda: page.model.index(0, STATUS).data() == "已回复", timeout=WAIT)
    dialog.close()


def test_new_letter_needs_a_role_that_may_write(qtbot, db, admin, runner):
    page = LettersPage(ctx(db, admin, runner))
    qtbot.addWidget(page)
    assert not page.new_button.isEnabled()
    assert page.new_letter() is None


def test_print_builds_the_pdf_and_opens_the_preview(qtbot, db, people, depts, runner):
    sent = send(db, people, depts)
    dialog = LetterDialog(ctx(db, people["clerk"], runner), sent.id)
    qtbot.addWidget(dialog)
    loaded(qtbot, dialog)
    with qtbot.waitSignal(dialog.printed, timeout=WAIT * 3) as printed:
        qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
    assert printed.args[0].stat().st_size > 0
    assert any(h.action == "export" and h.field == "letter_pdf" for h in letters.history(db, people["clerk"], sent.id))
    with qtbot.waitSignal(dialog.printed, timeout=WAIT * 3) as blank:
        qtbot.mouseClick(dialog.print_blank_button, Qt.MouseButton.LeftButton)
    assert blank.args[0].stat().st_size > 0
    qtbot.waitUntil(lambda: len(dialog.findChildren(PrintPreviewDialog)) == 2, timeout=WAIT)
    for preview in dialog.findChildren(PrintPreviewDialog):
        assert preview.pages and len(preview.pages) >= 1
        preview.done(0)
