"""Record kind → the form that shows it: the one way every list, the board, the history panel
and the to-do lists open a record.

A form module is imported the first time one of its records is opened, so start-up stays
quick and no feature imports another: the registry names each form by its module path.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from frontdesk.ui.common.base import AppContext

if TYPE_CHECKING:
    from frontdesk.ui.common.record_form import RecordForm

#: kind → "module:Class".  A new form adds its line here (docs/architecture.md, "How to add a form").
FORMS: dict[str, str] = {
    "complaint": "frontdesk.ui.complaints.complaint_form:ComplaintForm",
    "disposition": "frontdesk.ui.disposition.disposition_form:DispositionForm",
    "letter": "frontdesk.ui.letters.letter_dialog:LetterDialog",
}


def form_class(kind: str) -> type[RecordForm]:
    module, _sep, name = FORMS[kind].partition(":")
    return getattr(import_module(module), name)  # type: ignore[no-any-return]


def open_record(ctx: AppContext, kind: str, record_id: int | None = None, parent: QWidget | None = None,
                **context: Any) -> RecordForm:
    """Open the form of ``kind`` for ``record_id`` (``None``: a new record, ``context`` pre-fills it)."""
    form = form_class(kind)(ctx, record_id, parent, **context)
    form.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    form.open()
    return form
