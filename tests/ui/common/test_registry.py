"""The registry opens each record kind in its own form, for that record, deleted once closed."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from shiboken6 import isValid

from frontdesk.ui.common.registry import open_record
from frontdesk.ui.complaints.complaint_form import ComplaintForm
from frontdesk.ui.disposition.disposition_form import DispositionForm
from frontdesk.ui.letters.letter_dialog import LetterDialog

from .conftest import WAIT, settle


@pytest.fixture
def window(qtbot) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


@pytest.mark.parametrize(("kind", "form_type", "record"), [
    ("complaint", ComplaintForm, "complaint"),
    ("disposition", DispositionForm, "complaint"),
    ("letter", LetterDialog, "letter"),
])
def test_each_kind_opens_its_form_for_the_record(qtbot, request, people, make_ctx, window, kind, form_type, record):
    record_id = request.getfixturevalue(record).id
    ctx = make_ctx(people.clerk)
    form = open_record(ctx, kind, record_id, window)
    assert type(form) is form_type
    assert form.kind == kind
    assert form.record_id == record_id
    assert form.ctx is ctx
    assert form.parentWidget() is window
    assert form.testAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    assert form.isVisible()
    qtbot.waitUntil(lambda: (settle(ctx.runner), form.data is not None)[1], timeout=WAIT)

    form.close()  # nothing typed: closes at once, and the form is deleted
    settle(ctx.runner)
    qtbot.waitUntil(lambda: not isValid(form), timeout=WAIT)


def test_context_reaches_the_form_a_new_letter_names_its_complaint(qtbot, people, make_ctx, window, complaint):
    ctx = make_ctx(people.clerk)
    form = open_record(ctx, "letter", None, window, complaint_id=complaint.id)
    qtbot.addWidget(form, before_close_func=lambda w: w.done(0))
    assert isinstance(form, LetterDialog) and form.record_id is None
    assert form.context == {"complaint_id": complaint.id}
    qtbot.waitUntil(lambda: (settle(ctx.runner), form.data is not None)[1], timeout=WAIT)
    assert form.complaint_label.text() == complaint.number
    assert complaint.number in form.subject_edit.text()
    assert complaint.number in form.body_edit.toPlainText()
    assert form.form_input().complaint_id == complaint.id


def test_a_new_record_of_each_writable_kind_opens_empty(qtbot, people, make_ctx, window):
    ctx = make_ctx(people.clerk)
    for kind, form_type in (("complaint", ComplaintForm), ("letter", LetterDialog)):
        form = open_record(ctx, kind, None, window)
        qtbot.addWidget(form, before_close_func=lambda w: w.done(0))
        assert type(form) is form_type and form.record_id is None and form.context == {}
        qtbot.waitUntil(lambda f=form: (settle(ctx.runner), f.data is not None)[1], timeout=WAIT)
        assert form.save_button is not None and form.save_button.isVisible()
