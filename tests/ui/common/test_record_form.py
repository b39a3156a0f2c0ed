"""Every form follows one pattern: the complaint, disposition and letter forms are driven alike.

Each test runs against all three forms: loading on the database worker, read-only for a role
that may only read, fitting a 1366×768 screen, the same keys (Esc, Enter, F5, Ctrl+P), reloading
when another window changes the record, and the remembered splitter.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QRect, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QInputMethodEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDialog,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from frontdesk.services import complaints, disposition, letters
from frontdesk.ui.common import record_form, state
from frontdesk.ui.common.print_preview import PrintPreviewDialog
from frontdesk.ui.common.record_form import RecordForm
from frontdesk.ui.common.registry import form_class

from .conftest import WAIT, People, settle

LOADING = "正在读取…"
CHANGED_ELSEWHERE = "其他窗口修改过"


@dataclass(frozen=True)
class Case:
    """One form: which record it shows, who writes in it, and a box that person types into."""

    kind: str
    record: str  # the fixture holding the record
    writer: str  # the person (attribute of People) who may write in it now
    typed: str  # a text box the writer may type into
    history: Callable[..., list]  # the record's history, for the printout's entry


CASES = [
    Case("complaint", "complaint", "clerk", "complainant_edit", complaints.history),
    Case("disposition", "complaint", "clerk", "result_text", disposition.history),  # 现场解决 is open
    Case("letter", "letter", "handler", "reply_text_edit", letters.history),  # 工程部 replies
]
each_form = pytest.mark.parametrize("case", CASES, ids=[c.kind for c in CASES])


def record_of(request: pytest.FixtureRequest, case: Case) -> Any:
    return request.getfixturevalue(case.record)


def type_into(qtbot, widget: QWidget, text: str) -> None:
    """Type like a clerk: ASCII on the keys, Chinese committed by the input method."""
    widget.setFocus()
    for chunk in re.findall(r"[\x20-\x7e]+|[^\x20-\x7e]+", text):
        if chunk.isascii():
            qtbot.keyClicks(widget, chunk)
        else:
            event = QInputMethodEvent()
            event.setCommitString(chunk)
            QApplication.sendEvent(widget, event)


def text_of(widget: QWidget) -> str:
    return widget.toPlainText() if isinstance(widget, QPlainTextEdit) else widget.text()


def focused(form: QWidget) -> QWidget:
    return QApplication.focusWidget() or form


def answer_discard_box(answers: list[str], button: QMessageBox.StandardButton) -> None:
    box = QApplication.activeModalWidget()
    answers.append(box.objectName() if box is not None else "")
    if isinstance(box, QMessageBox):
        box.button(button).click()


def inside(form: QWidget, widget: QWidget) -> bool:
    return form.rect().contains(QRect(widget.mapTo(form, QPoint(0, 0)), widget.size()))


# ---------------------------------------------------------------------------------------- loading


@each_form
def test_shows_a_loading_state_until_its_data_arrives(qtbot, request, people, make_ctx, runner, case):
    record_id = record_of(request, case).id
    gate = threading.Event()
    runner.run_db(gate.wait, WAIT / 1000)  # the database worker is busy with something else
    form = form_class(case.kind)(make_ctx(getattr(people, case.writer)), record_id)
    qtbot.addWidget(form, before_close_func=lambda w: w.done(0))
    form.show()
    qtbot.waitExposed(form)
    QApplication.processEvents()
    assert form.data is None
    assert form.status_line.text() == LOADING
    assert not form.body.isEnabled()
    assert not form.note_label.isVisible()

    gate.set()
    qtbot.waitUntil(lambda: (settle(runner), form.data is not None)[1], timeout=WAIT)
    assert form.status_line.text() == ""
    assert form.body.isEnabled()


# ---------------------------------------------------------------------------------------- read-only


@each_form
def test_an_auditor_reads_only_a_note_says_why_and_no_write_button_shows(request, open_form, people, case):
    form = open_form(case.kind, people.auditor, record_of(request, case).id)
    assert form.is_read_only
    note = form.findChild(QWidget, "read_only_note")
    assert note is form.note_label and note.isVisible()
    assert note.text() == form.read_only_note and "只能查看" in note.text()
    assert form.save_button is None or not form.save_button.isVisible()
    assert not [b.objectName() for b in form.write_buttons() if b.isVisible()]
    # what is left to press only reads: close and print
    pressable = {b.objectName() for b in form.findChildren(QPushButton) if b.isVisible() and b.isEnabled()}
    assert pressable <= {"close_button", "print_button", "print_blank_button"}, pressable
    assert "close_button" in pressable
    editable = [w.objectName() for w in form.body.findChildren(QWidget)
                if isinstance(w, (QLineEdit, QPlainTextEdit)) and w.isVisible() and not w.isReadOnly()]
    assert editable == []


@each_form
def test_a_clerk_gets_no_read_only_note(request, open_form, people, case):
    form = open_form(case.kind, people.clerk, record_of(request, case).id)
    assert not form.is_read_only
    assert form.read_only_note == ""
    assert not form.note_label.isVisible()


# ---------------------------------------------------------------------------------------- size


@each_form
def test_fits_a_counter_screen_with_every_button_inside(qtbot, request, make_ctx, people, case):
    record_id = record_of(request, case).id
    form_type = form_class(case.kind)
    # a size remembered on a bigger screen must not push the buttons off this one
    for name in (form_type.form_name, "complaint_form_edit"):  # a complaint being edited has its own size
        state.save(f"dialog_size.{name}", [1600, 1000])
    form = form_type(make_ctx(getattr(people, case.writer)), record_id)
    qtbot.addWidget(form, before_close_func=lambda w: w.done(0))
    form.show()
    qtbot.waitExposed(form)
    qtbot.waitUntil(lambda: (settle(form.ctx.runner), form.data is not None)[1], timeout=WAIT)
    QApplication.processEvents()

    screen = QGuiApplication.primaryScreen().availableGeometry()
    assert (screen.width(), screen.height()) == (1366, 768)
    assert form.height() + record_form.WINDOW_FRAME_ALLOWANCE <= 768
    assert form.width() <= 1366
    assert screen.contains(form.geometry())  # the window itself on the screen, not just its size
    assert form.button_box.isVisible() and inside(form, form.button_box)
    buttons = [b for b in form.findChildren(QAbstractButton) if b.isVisible()]
    assert any(b is form.close_button for b in buttons)
    for button in buttons:
        if form.body.isAncestorOf(button):
            form.scroll.ensureWidgetVisible(button)  # the body scrolls; its buttons must come into view
            QApplication.processEvents()
        assert inside(form, button), (button.objectName(), button.text())
    assert form.scroll.horizontalScrollBar().maximum() == 0  # nobody scrolls sideways to find a field


# ---------------------------------------------------------------------------------------- keys


@each_form
def test_escape_closes_at_once_when_nothing_is_typed(qtbot, request, open_form, people, case):
    form = open_form(case.kind, getattr(people, case.writer), record_of(request, case).id)
    answers: list[str] = []
    QTimer.singleShot(0, lambda: answer_discard_box(answers, QMessageBox.StandardButton.Cancel))
    qtbot.keyClick(focused(form), Qt.Key.Key_Escape)
    assert not form.isVisible()
    assert form.result() == QDialog.DialogCode.Rejected
    QApplication.processEvents()  # let the timer run: it must find no question
    assert answers == [""]


@each_form
def test_escape_asks_before_throwing_away_typing(qtbot, request, open_form, people, case):
    form = open_form(case.kind, getattr(people, case.writer), record_of(request, case).id)
    box = getattr(form, case.typed)
    type_into(qtbot, box, "已联系客户")
    typed = text_of(box)
    answers: list[str] = []

    QTimer.singleShot(0, lambda: answer_discard_box(answers, QMessageBox.StandardButton.Cancel))
    qtbot.keyClick(box, Qt.Key.Key_Escape)
    assert answers == ["discard_box"]
    assert form.isVisible()
    assert text_of(box) == typed

    QTimer.singleShot(0, lambda: answer_discard_box(answers, QMessageBox.StandardButton.Discard))
    qtbot.keyClick(box, Qt.Key.Key_Escape)
    assert answers == ["discard_box", "discard_box"]
    assert not form.isVisible()


def test_escape_asks_before_throwing_away_a_typed_dispatch_note(qtbot, open_form, people, complaint):
    form = open_form("disposition", people.clerk, complaint.id)
    assert form.dispatch_note_edit.isVisible() and not form.dispatch_note_edit.isReadOnly()
    type_into(qtbot, form.dispatch_note_edit, "请尽快上门")
    answers: list[str] = []
    QTimer.singleShot(0, lambda: answer_discard_box(answers, QMessageBox.StandardButton.Cancel))
    qtbot.keyClick(form.dispatch_note_edit, Qt.Key.Key_Escape)
    QApplication.processEvents()
    assert answers == ["discard_box"]
    assert form.isVisible() and form.dispatch_note_edit.text() == "请尽快上门"



@pytest.mark.parametrize("case", [
    pytest.param(CASES[0], id="complaint"),
    pytest.param(CASES[1], id="disposition"),
    pytest.param(CASES[2], id="letter"),
])
def test_f5_reads_again_and_keeps_what_is_typed(qtbot, request, open_form, people, case):
    form = open_form(case.kind, getattr(people, case.writer), record_of(request, case).id)
    box = getattr(form, case.typed)
    type_into(qtbot, box, "已联系客户")
    typed = text_of(box)
    with qtbot.waitSignal(form.loaded, timeout=WAIT):
        qtbot.keyClick(box, Qt.Key.Key_F5)
    assert text_of(box) == typed
    assert form.is_dirty()


def _enter_in_complaint(qtbot, form: RecordForm, people: People) -> tuple[QLineEdit, Callable[[], bool]]:
    """A changed, valid complaint: Enter would save it if Enter saved."""
    version = form.complaint.version
    type_into(qtbot, form.complainant_edit, "先生")
    return form.complainant_edit, lambda: complaints.get(form.ctx.db, people.clerk, form.record_id).version != version


def _enter_in_disposition(qtbot, form: RecordForm, people: People) -> tuple[QLineEdit, Callable[[], bool]]:
    """A department chosen and a note typed: Enter would dispatch if Enter signed."""
    type_into(qtbot, form.dispatch_note_edit, "请尽快上门")
    return form.dispatch_note_edit, lambda: disposition.get(
        form.ctx.db, people.clerk, form.record_id).dispatched_at is not None


def _enter_in_letter(qtbot, form: RecordForm, people: People) -> tuple[QLineEdit, Callable[[], bool]]:
    """A new letter filled in completely: Enter would send it if Enter saved."""
    combo = form.to_department_combo
    combo.setCurrentIndex(combo.findData(people.departments["工程部"]))
    type_into(qtbot, form.issuer_edit, "刘站长")
    type_into(qtbot, form.body_edit, "3 号楼电梯异响")
    type_into(qtbot, form.subject_edit, "电梯异响")
    return form.subject_edit, lambda: letters.list_letters(form.ctx.db, people.clerk) != []


ENTER = {
    "complaint": ("complaint", _enter_in_complaint),
    "disposition": ("complaint", _enter_in_disposition),
    "letter": (None, _enter_in_letter),
}


@pytest.mark.parametrize("kind", list(ENTER))
def test_enter_in_a_line_edit_neither_closes_nor_saves(qtbot, request, open_form, people, kind):
    record, prepare = ENTER[kind]
    record_id = request.getfixturevalue(record).id if record else None
    form = open_form(kind, people.clerk, record_id)
    edit, written = prepare(qtbot, form, people)
    typed = edit.text()
    saved: list = []
    form.saved.connect(saved.append)
    for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
        qtbot.keyClick(edit, key)
        settle(form.ctx.runner)
    assert form.isVisible()
    assert not form.busy and saved == []
    assert not written()
    assert edit.text() == typed


# ---------------------------------------------------------------------------------------- printing


@each_form
def test_ctrl_p_prints_a_saved_record_and_logs_the_export(qtbot, request, open_form, people, case):
    record_id = record_of(request, case).id
    form = open_form(case.kind, people.clerk, record_id)
    with qtbot.waitSignal(form.printed, timeout=WAIT * 3) as printed:
        qtbot.keyClick(focused(form), Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    path = printed.args[0]
    assert path.suffix == ".pdf" and path.read_bytes().startswith(b"%PDF")
    settle(form.ctx.runner)
    assert any(item.action == "export" for item in case.history(form.ctx.db, people.clerk, record_id))
    qtbot.waitUntil(lambda: form.findChild(PrintPreviewDialog) is not None, timeout=WAIT)
    for preview in form.findChildren(PrintPreviewDialog):
        preview.done(0)


# ---------------------------------------------------------------------------------------- changes elsewhere


def _complaint_elsewhere(db: Any, people: People, record_id: int) -> Callable[[], Any]:
    def work() -> Any:
        view = complaints.get(db, people.clerk, record_id)
        return complaints.update(db, people.clerk, record_id, replace(complaints.as_input(view), note="已回电"),
                                 view.version)
    return work


def _disposition_elsewhere(db: Any, people: People, record_id: int) -> Callable[[], Any]:
    return lambda: disposition.dispatch(db, people.clerk, record_id, people.departments["工程部"], version=None)


def _letter_elsewhere(db: Any, people: People, record_id: int) -> Callable[[], Any]:
    def work() -> Any:
        view = letters.get(db, people.supervisor, record_id)
        return letters.leader_opinion(db, people.supervisor, record_id, "请工程部今日处理", view.version)
    return work


ELSEWHERE: dict[str, Callable[..., Callable[[], Any]]] = {
    "complaint": _complaint_elsewhere, "disposition": _disposition_elsewhere, "letter": _letter_elsewhere,
}
#: What the form shows once it has the other window's change.
SHOWS_CHANGE: dict[str, Callable[[Any], bool]] = {
    "complaint": lambda form: form.note_edit.text() == "已回电",
    "disposition": lambda form: form.state_value.text() == "处理中" and "工程部" in form.dispatch_info.text(),
    "letter": lambda form: form.leader_opinion_edit.toPlainText() == "请工程部今日处理"
    and "吴敏" in form.leader_sign_label.text(),
}


#: A change elsewhere that leaves the typed block open (a dispatch would close the on-the-spot result).
KEEPS_THE_BLOCK_OPEN: dict[str, Callable[..., Callable[[], Any]]] = {
    "disposition": lambda db, people, record_id: lambda: disposition.give_feedback(
        db, people.clerk, record_id, "已电话告知客户处理进度"),
}


def test_typing_in_a_block_closed_by_a_change_elsewhere_is_shown_not_lost(
    qtbot, open_form, people, runner, other_window, complaint,
):
    form = open_form("disposition", people.clerk, complaint.id)
    type_into(qtbot, form.result_text, "当场补办门禁卡")
    with qtbot.waitSignal(runner.changed, timeout=WAIT):
        runner.run_db(_disposition_elsewhere(form.ctx.db, people, complaint.id), parent=other_window)
    qtbot.waitUntil(lambda: "当场补办门禁卡" in form.status_line.text(), timeout=WAIT)
    assert form.result_text.isReadOnly()  # dispatched meanwhile: the result is the department's now
    assert "处理结果" in form.status_line.text()


@pytest.fixture
def other_window(qtbot) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


@each_form
def test_an_unchanged_form_reloads_when_another_window_changes_its_record(
    qtbot, request, open_form, people, runner, other_window, make_form, case,
):
    record_id = record_of(request, case).id
    form = open_form(case.kind, getattr(people, case.writer), record_id)
    loads: list = []
    form.loaded.connect(loads.append)

    # a write to another record leaves this form alone
    with qtbot.waitSignal(runner.changed, timeout=WAIT):
        runner.run_db(complaints.register, form.ctx.db, people.clerk, make_form(complainant="王五"),
                      parent=other_window)
    settle(runner)
    assert loads == []

    with qtbot.waitSignal(form.loaded, timeout=WAIT):
        runner.run_db(ELSEWHERE[case.kind](form.ctx.db, people, record_id), parent=other_window)
    assert SHOWS_CHANGE[case.kind](form)
    assert not form.is_dirty()
    assert CHANGED_ELSEWHERE not in form.status_line.text()


@each_form
def test_a_form_with_typing_keeps_it_and_says_the_record_changed(
    qtbot, request, open_form, people, runner, other_window, case,
):
    record_id = record_of(request, case).id
    form = open_form(case.kind, getattr(people, case.writer), record_id)
    box = getattr(form, case.typed)
    type_into(qtbot, box, "已联系客户")
    typed = text_of(box)
    loads: list = []
    form.loaded.connect(loads.append)

    change = KEEPS_THE_BLOCK_OPEN.get(case.kind, ELSEWHERE[case.kind])
    with qtbot.waitSignal(runner.changed, timeout=WAIT):
        runner.run_db(change(form.ctx.db, people, record_id), parent=other_window)
    qtbot.waitUntil(lambda: CHANGED_ELSEWHERE in form.status_line.text(), timeout=WAIT)
    settle(runner)
    assert len(loads) == 1  # the newest content is read ...
    assert text_of(box) == typed  # ... under what is typed, which stays
    assert form.is_dirty()


SAVED_TYPING: dict[str, Callable[[Any, People, int], bool]] = {
    "complaint": lambda db, people, record_id: complaints.get(db, people.clerk, record_id).complainant
    == "李四已联系客户",
    "letter": lambda db, people, record_id: letters.get(db, people.handler, record_id).reply_text == "已联系客户",
}

ELSEWHERE_KEPT: dict[str, Callable[[Any, People, int], bool]] = {
    "complaint": lambda db, people, record_id: complaints.get(db, people.clerk, record_id).note == "已回电",
    "letter": lambda db, people, record_id: letters.get(db, people.handler, record_id).leader_opinion
    == "请工程部今日处理",
}


@pytest.mark.parametrize("case", [CASES[0], CASES[2]], ids=["complaint", "letter"])
def test_typing_kept_through_a_change_elsewhere_can_still_be_saved(
    qtbot, request, open_form, people, runner, other_window, case,
):
    record_id = record_of(request, case).id
    form = open_form(case.kind, getattr(people, case.writer), record_id)
    type_into(qtbot, getattr(form, case.typed), "已联系客户")
    with qtbot.waitSignal(runner.changed, timeout=WAIT):
        runner.run_db(ELSEWHERE[case.kind](form.ctx.db, people, record_id), parent=other_window)
    qtbot.waitUntil(lambda: CHANGED_ELSEWHERE in form.status_line.text(), timeout=WAIT)

    qtbot.keyClick(getattr(form, case.typed), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: (settle(runner), not form.busy)[1], timeout=WAIT)
    assert [box.text() for box in form.findChildren(QMessageBox) if box.isVisible()] == []
    assert SAVED_TYPING[case.kind](form.ctx.db, people, record_id)  # the typing is saved ...
    assert ELSEWHERE_KEPT[case.kind](form.ctx.db, people, record_id)  # ... on top of the other window's change


# ---------------------------------------------------------------------------------------- splitter


def test_the_complaint_forms_splitter_is_remembered(qtbot, open_form, people, complaint):
    form = open_form("complaint", people.clerk, complaint.id)
    splitter = form.splitter
    assert splitter is not None and splitter.objectName() == "form_splitter"
    total = sum(splitter.sizes())
    wanted = [total - 420, 420] if splitter.sizes()[1] != 420 else [total - 480, 480]
    splitter.setSizes(wanted)
    QApplication.processEvents()
    assert splitter.sizes() == wanted
    qtbot.keyClick(focused(form), Qt.Key.Key_Escape)
    assert not form.isVisible()
    assert state.load("splitter.complaint_form_edit")

    again = open_form("complaint", people.clerk, complaint.id)
    QApplication.processEvents()
    assert again.splitter.sizes() == wanted
