"""The complaint form (ZC-QR-027) driven like a clerk drives it: keys, clicks, a real database."""

from __future__ import annotations

import re
from datetime import datetime

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox
from sqlalchemy import text

from frontdesk.domain import wallclock
from frontdesk.domain.types import CustomerInput, RegisterFilter
from frontdesk.domain.vocab import MAJOR_CRITERIA, Status
from frontdesk.services import auth, complaints, customers, reference, register
from frontdesk.ui.common.base import AppContext
from frontdesk.ui.common.tasks import TaskRunner
from frontdesk.ui.complaints.complaint_form import ComplaintForm
from frontdesk.ui.shell.app import application

WAIT = 5000


@pytest.fixture
def ctx(qapp, db, clerk):
    application()
    context = AppContext(db=db, actor=clerk, runner=TaskRunner(), profile="property", site_name="x")
    yield context
    context.runner.wait_idle()


@pytest.fixture
def open_form(qtbot, ctx):
    def open_(complaint=None, context: AppContext | None = None) -> ComplaintForm:
        form = ComplaintForm(context or ctx, complaint.id if complaint is not None else None)
        # closing at teardown must not stop on the "close without saving?" question
        qtbot.addWidget(form, before_close_func=lambda w: w.done(0))
        form.show()
        qtbot.waitExposed(form)
        qtbot.waitUntil(lambda: form.data is not None, timeout=WAIT)
        form.activateWindow()
        qtbot.waitUntil(form.isActiveWindow, timeout=WAIT)
        return form

    return open_


def count(db, admin) -> int:
    return register.count(db, admin, RegisterFilter())


def type_into(qtbot, widget, text: str) -> None:
    """Type like a clerk: ASCII on the keys, Chinese committed by the input method."""
    for chunk in re.findall(r"[\x20-\x7e]+|[^\x20-\x7e]+", text):
        if chunk.isascii():
            qtbot.keyClicks(widget, chunk)
        else:
            event = QInputMethodEvent()
            event.setCommitString(chunk)
            QApplication.sendEvent(widget, event)


def focused():
    return QApplication.focusWidget()


def tab(qtbot) -> None:
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)


def save_with_keys(qtbot, form: ComplaintForm) -> None:
    qtbot.keyClick(focused() or form, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)


def error(form: ComplaintForm, field: str) -> QLabel:
    label = form.findChild(QLabel, f"error_{field}")
    assert label is not None, field
    return label


def ctx_runner_idle(form: ComplaintForm) -> None:
    form.ctx.runner.wait_idle()
    QApplication.processEvents()


def fill_valid(qtbot, form: ComplaintForm) -> None:
    type_into(qtbot, form.complainant_edit, "李四")
    type_into(qtbot, form.phone_edit, "13812345678")
    form.category_combo.setCurrentIndex(0)
    type_into(qtbot, form.content_edit, "楼上漏水,天花板渗水")


def test_keyboard_only_registration_follows_the_paper_form(qtbot, open_form, db, admin, clerk):
    wallclock.set_fixed(datetime(2026, 11, 23, 10, 0))
    form = open_form()
    categories = reference.categories(db)
    departments = reference.departments(db)

    assert form.number_label.text() == "保存后自动生成"
    assert form.receiver_label.text() == clerk.display_name
    assert focused() is form.finder.search_edit  # 来电 is already chosen; start with the customer
    qtbot.keyClick(focused(), Qt.Key.Key_Backtab)
    assert focused() is form.channel_combo
    qtbot.keyClick(focused(), Qt.Key.Key_Down)  # 来电 → 来访
    tab(qtbot)
    assert focused() is form.finder.search_edit
    tab(qtbot)
    assert focused() is form.complainant_edit
    type_into(qtbot, focused(), "张三")
    tab(qtbot)
    assert focused() is form.phone_edit
    type_into(qtbot, focused(), "13900001111")
    tab(qtbot)
    assert focused() is form.location_edit
    type_into(qtbot, focused(), "5-1-302")
    tab(qtbot)
    assert focused() is form.category_combo
    qtbot.keyClick(focused(), Qt.Key.Key_Down)
    tab(qtbot)
    assert focused() is form.department_combo
    qtbot.keyClick(focused(), Qt.Key.Key_Down)
    tab(qtbot)
    assert focused() is form.target_edit
    type_into(qtbot, focused(), "夜班保安")
    tab(qtbot)
    assert focused() is form.content_edit
    type_into(qtbot, focused(), "夜间巡逻车噪音太大")
    tab(qtbot)  # moves on, no tab character in the text
    assert focused() is form.demand_edit
    type_into(qtbot, focused(), "改走外圈道路")
    tab(qtbot)
    assert focused() is form.validity_combo
    tab(qtbot)  # 解释说明 is disabled while 有效
    assert focused() is form.grade_combo
    tab(qtbot)  # the A–D criteria are disabled while 轻微
    assert focused() is form.note_edit
    type_into(qtbot, focused(), "电话登记")
    tab(qtbot)
    assert focused() is form.save_button
    save_with_keys(qtbot, form)

    qtbot.waitUntil(lambda: form.saved_view is not None, timeout=WAIT)
    assert form.result() == ComplaintForm.DialogCode.Accepted
    saved = complaints.get(db, clerk, form.saved_view.id)
    assert saved.number == "TS-202611-0001"
    assert saved.received_at == datetime(2026, 11, 23, 10, 0)
    assert (saved.channel, saved.complainant, saved.phone) == ("visit", "张三", "13900001111")
    assert saved.location_text == "5-1-302"
    assert saved.category_id == categories[0].id
    assert saved.department_id == departments[0].id
    assert (saved.target, saved.content, saved.demand) == ("夜班保安", "夜间巡逻车噪音太大", "改走外圈道路")
    assert (saved.validity, saved.grade, saved.note) == ("valid", "minor", "电话登记")
    assert count(db, admin) == 1


def test_search_waits_for_typing_to_pause(qtbot, open_form, ctx):
    form = open_form()
    type_into(qtbot, form.finder.search_edit, "1381")
    assert ctx.runner.active_count() == 0  # no query from inside a keystroke
    assert form.finder.timer.isActive()


def test_an_answer_to_an_earlier_keystroke_is_ignored(qtbot, open_form, db, clerk):
    customers.create(db, clerk, CustomerInput(name="李四", phone="13812345678"))
    customers.create(db, clerk, CustomerInput(name="王五", phone="13900002222"))
    form = open_form()
    finder = form.finder
    shown: list[int] = []
    finder.suggestions_shown.connect(shown.append)
    type_into(qtbot, finder.search_edit, "1")
    qtbot.keyClick(finder.search_edit, Qt.Key.Key_Return)  # search now for "1": both match
    type_into(qtbot, finder.search_edit, "3812")
    qtbot.keyClick(finder.search_edit, Qt.Key.Key_Return)  # and for "13812": one matches
    ctx_runner_idle(form)
    qtbot.waitUntil(lambda: shown != [], timeout=WAIT)
    ctx_runner_idle(form)
    assert shown == [1]
    assert len(finder.suggestions()) == 1 and "李四" in finder.suggestions()[0]


def test_customer_found_by_four_digits_fills_the_form(qtbot, open_form, db, clerk):
    customers.create(db, clerk, CustomerInput(name="李四", phone="13812345678", building="3", unit="2", room="1201"))
    customers.create(db, clerk, CustomerInput(name="王五", phone="13900002222", building="9", unit="1", room="101"))
    form = open_form()
    finder = form.finder

    type_into(qtbot, finder.search_edit, "5678")
    qtbot.waitUntil(lambda: finder.suggestions() != [], timeout=WAIT)
    assert len(finder.suggestions()) == 1
    assert "李四" in finder.suggestions()[0]
    popup = finder.completer.popup()
    assert popup.isVisible()
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)

    qtbot.waitUntil(lambda: form.complainant_edit.text() == "李四", timeout=WAIT)
    assert form.phone_edit.text() == "13812345678"
    assert form.location_edit.text() == "3-2-1201"
    assert finder.chosen() is not None and finder.chosen().name == "李四"
    assert focused() is form.complainant_edit  # ready to go on with Tab
    values = form.form_input()
    assert values.customer_id == finder.chosen().customer_id
    assert values.location_id == finder.chosen().location_id

    form.complainant_edit.setText("李四的家人")  # still editable
    form.category_combo.setCurrentIndex(0)
    type_into(qtbot, form.content_edit, "电梯故障")
    save_with_keys(qtbot, form)
    qtbot.waitUntil(lambda: form.saved_view is not None, timeout=WAIT)
    assert form.saved_view.customer_id == finder.chosen().customer_id
    assert form.saved_view.complainant == "李四的家人"


def test_new_customer_created_inline_with_the_complaint(qtbot, open_form, db, admin, clerk):
    form = open_form()
    assert not form.finder.new_customer_box.isVisible()
    qtbot.keyClick(form.finder.search_edit, Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(form.finder.new_customer_box.isVisible, timeout=WAIT)
    fields = form.finder.new_fields
    qtbot.waitUntil(lambda: focused() is fields["name"], timeout=WAIT)
    type_into(qtbot, focused(), "赵六")
    for key, typed in (("phone", "13700003333"), ("building", "7"), ("unit", "1"), ("room", "101")):
        tab(qtbot)
        assert focused() is fields[key]
        type_into(qtbot, focused(), typed)
    tab(qtbot)
    assert focused() is form.complainant_edit
    # what was typed for the customer is carried into the complaint
    assert form.complainant_edit.text() == "赵六"
    assert form.phone_edit.text() == "13700003333"
    assert form.location_edit.text() == "7-1-101"
    form.category_combo.setCurrentIndex(1)
    type_into(qtbot, form.content_edit, "绿化带无人修剪")
    save_with_keys(qtbot, form)

    qtbot.waitUntil(lambda: form.saved_view is not None, timeout=WAIT)
    found = customers.search(db, clerk, "赵六")
    assert len(found) == 1
    assert found[0].phone == "13700003333"
    assert found[0].location_label == "7-1-101"
    assert form.saved_view.customer_id == found[0].customer_id
    assert form.saved_view.location_id == found[0].location_id
    assert count(db, admin) == 1


def test_new_customer_without_phone_is_refused_beside_the_field(qtbot, open_form, db, admin):
    form = open_form()
    form.finder.new_customer_button.click()
    type_into(qtbot, form.finder.new_fields["name"], "赵六")
    type_into(qtbot, form.phone_edit, "13700003333")
    form.category_combo.setCurrentIndex(0)
    type_into(qtbot, form.content_edit, "绿化带无人修剪")
    save_with_keys(qtbot, form)
    assert error(form, "customer_phone").isVisible()
    assert error(form, "customer_phone").text() == "请填写客户电话"
    assert focused() is form.finder.new_fields["phone"]
    ctx_runner_idle(form)
    assert count(db, admin) == 0


def test_half_filled_form_shows_errors_and_writes_nothing(qtbot, open_form, db, admin):
    form = open_form()
    type_into(qtbot, form.complainant_edit, "李四")
    save_with_keys(qtbot, form)

    shown = form.errors_shown()
    assert set(shown) == {"phone", "category_id", "content"}
    for field in ("phone", "category_id", "content"):
        assert error(form, field).isVisible()
    assert error(form, "phone").text() == "请填写联系电话,回访时需要"
    assert not error(form, "complainant").isVisible()
    assert focused() is form.phone_edit  # the first bad field, in paper order
    assert form.isVisible() and form.saved_view is None
    ctx_runner_idle(form)
    assert count(db, admin) == 0

    type_into(qtbot, form.phone_edit, "1")  # typing in a field clears its message
    assert not error(form, "phone").isVisible()


def test_invalid_without_explanation_is_refused(qtbot, open_form, db, admin, clerk):
    form = open_form()
    fill_valid(qtbot, form)
    assert not form.validity_note_edit.isEnabled()
    form.validity_combo.setFocus()
    qtbot.keyClick(form.validity_combo, Qt.Key.Key_Down)  # 有效 → 无效
    assert form.validity_combo.currentText() == "无效"
    assert form.validity_note_edit.isEnabled()
    tab(qtbot)
    assert focused() is form.validity_note_edit  # now part of the keyboard path
    save_with_keys(qtbot, form)

    assert form.errors_shown() == {"validity_note": "无效或无理投诉须写明向客户所作的解释"}
    assert focused() is form.validity_note_edit
    ctx_runner_idle(form)
    assert count(db, admin) == 0

    type_into(qtbot, form.validity_note_edit, "已向客户说明:外墙清洗不在物业合同范围内")
    save_with_keys(qtbot, form)
    qtbot.waitUntil(lambda: form.saved_view is not None, timeout=WAIT)
    saved = complaints.get(db, clerk, form.saved_view.id)
    assert saved.validity == "invalid"
    assert saved.validity_note == "已向客户说明:外墙清洗不在物业合同范围内"
    assert saved.status == Status.CLOSED


def test_major_without_criteria_is_refused(qtbot, open_form, db, admin, clerk):
    form = open_form()
    fill_valid(qtbot, form)
    assert not form.criteria_boxes["A"].isEnabled()
    form.grade_combo.setCurrentIndex(form.grade_combo.findData("major"))
    assert all(box.isEnabled() for box in form.criteria_boxes.values())
    form.grade_combo.setFocus()
    tab(qtbot)
    assert focused() is form.criteria_boxes["A"]
    assert form.criteria_boxes["B"].text() == f"B. {MAJOR_CRITERIA['B']}"
    save_with_keys(qtbot, form)

    assert form.errors_shown() == {"major_criteria": "重大投诉须勾选至少一项判定依据(A–D)"}
    ctx_runner_idle(form)
    assert count(db, admin) == 0

    qtbot.mouseClick(form.criteria_boxes["B"], Qt.MouseButton.LeftButton)
    assert not error(form, "major_criteria").isVisible()
    save_with_keys(qtbot, form)
    qtbot.waitUntil(lambda: form.saved_view is not None, timeout=WAIT)
    saved = complaints.get(db, clerk, form.saved_view.id)
    assert (saved.grade, saved.major_criteria) == ("major", "B")
    assert MAJOR_CRITERIA["B"] in saved.grade_reason


def test_errors_found_by_the_service_are_shown_beside_the_field(qtbot, open_form, db, admin):
    form = open_form()
    fill_valid(qtbot, form)
    with db.write() as session:  # the category was removed on another PC meanwhile
        session.execute(text("DELETE FROM categories WHERE id = :id"), {"id": form.category_combo.currentData()})
    save_with_keys(qtbot, form)
    qtbot.waitUntil(lambda: error(form, "category_id").isVisible(), timeout=WAIT)
    assert error(form, "category_id").text() == "投诉类别不存在,请重新选择"
    assert form.isVisible() and form.saved_view is None
    assert form.save_button.isEnabled()
    assert count(db, admin) == 0


def test_editing_writes_history_shown_beside_the_form(qtbot, open_form, db, clerk, make_form):
    view = complaints.register(db, clerk, make_form(content="楼上漏水"))
    form = open_form(view)
    assert form.number_label.text() == view.number
    assert form.content_edit.toPlainText() == "楼上漏水"
    assert form.history_panel is not None and form.history_panel.isVisible()
    qtbot.waitUntil(lambda: form.history_panel.rows() != [], timeout=WAIT)
    assert [row[2] for row in form.history_panel.rows()] == ["登记"]

    form.content_edit.selectAll()
    type_into(qtbot, form.content_edit, "楼上漏水,已两天")
    form.department_combo.setCurrentIndex(2)
    save_with_keys(qtbot, form)
    qtbot.waitUntil(lambda: form.saved_view is not None, timeout=WAIT)
    assert form.saved_view.version == view.version + 1

    again = open_form(complaints.get(db, clerk, view.id))
    qtbot.waitUntil(lambda: len(again.history_panel.rows()) == 3, timeout=WAIT)
    rows = again.history_panel.rows()
    by_field = {row[2]: row for row in rows}
    assert by_field["投诉内容"][3] == "楼上漏水 → 楼上漏水,已两天"
    department = reference.departments(db)[1].name
    assert by_field["被投诉部门"][3] == f"(空) → {department}"
    assert by_field["投诉内容"][1] == clerk.display_name  # 王前台, not the login name
    assert rows[-1][2] == "登记"  # newest first


def test_an_archived_complaint_opens_read_only(qtbot, open_form, db, clerk, make_form):
    view = complaints.register(db, clerk, make_form(content="楼上漏水"))
    with db.write() as session:
        session.execute(text("UPDATE complaints SET status = 'archived' WHERE id = :i"), {"i": view.id})
    form = open_form(view)
    assert form.is_read_only
    assert "已归档" in form.read_only_note
    assert not form.save_button.isEnabled() or not form.save_button.isVisible()


def test_handler_gets_a_permission_message_not_a_crash(qtbot, open_form, db, admin):
    department_id = reference.departments(db)[0].id
    auth.create_user(db, admin, "handler", "赵工程", "secret3", "handler", department_id=department_id)
    handler = auth.sign_in(db, "handler", "secret3")
    context = AppContext(db=db, actor=handler, runner=TaskRunner(), profile="property", site_name="x")
    form = open_form(context=context)
    fill_valid(qtbot, form)
    save_with_keys(qtbot, form)

    def message_box() -> QMessageBox | None:
        boxes = [b for b in form.findChildren(QMessageBox) if b.isVisible()]
        return boxes[0] if boxes else None

    qtbot.waitUntil(lambda: message_box() is not None, timeout=WAIT)
    assert "无权" in message_box().text()
    message_box().close()
    assert form.isVisible() and form.saved_view is None
    assert form.save_button.isEnabled()
    assert count(db, admin) == 0
    context.runner.wait_idle()


def test_escape_asks_before_throwing_away_typing(qtbot, open_form):
    form = open_form()
    qtbot.keyClick(form.finder.search_edit, Qt.Key.Key_Escape)
    assert not form.isVisible()  # nothing typed: closes at once

    form = open_form()
    type_into(qtbot, form.complainant_edit, "李四")
    answers = []

    def answer(button: QMessageBox.StandardButton) -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        answers.append(box.text())
        box.button(button).click()

    QTimer.singleShot(0, lambda: answer(QMessageBox.StandardButton.Cancel))
    qtbot.keyClick(form.complainant_edit, Qt.Key.Key_Escape)
    assert answers and "不保存" in answers[0]
    assert form.isVisible()
    assert form.complainant_edit.text() == "李四"

    QTimer.singleShot(0, lambda: answer(QMessageBox.StandardButton.Discard))
    qtbot.keyClick(form.complainant_edit, Qt.Key.Key_Escape)
    assert not form.isVisible()


def test_a_mistaken_edit_is_undone_from_the_history(qtbot, open_form, db, clerk, make_form, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    view = complaints.register(db, clerk, make_form(content="楼上漏水"))
    view = complaints.update(db, clerk, view.id, complaints._replace(complaints.as_input(view), content="误填"),
                             view.version)
    form = open_form(view)
    panel = form.history_panel
    assert panel.revert_button.isVisible() and not panel.revert_button.isEnabled()
    qtbot.waitUntil(lambda: len(panel.rows()) == 2, timeout=WAIT)
    panel.history_list.setCurrentItem(panel.history_list.topLevelItem(1))  # 登记: not an edit
    assert not panel.revert_button.isEnabled()
    panel.history_list.setCurrentItem(panel.history_list.topLevelItem(0))  # the content edit
    assert panel.revert_button.isEnabled()

    monkeypatch.setattr(QMessageBox, "question", lambda *args, **kwargs: QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(form.saved, timeout=WAIT):
        qtbot.mouseClick(panel.revert_button, Qt.MouseButton.LeftButton)
    assert form.content_edit.toPlainText() == "楼上漏水"
    assert complaints.get(db, clerk, view.id).content == "楼上漏水"
    assert not form.is_dirty()
    qtbot.waitUntil(lambda: len(panel.rows()) == 3, timeout=WAIT)
    assert panel.rows()[0][2] == "撤销·投诉内容"
