"""Messages in red directly under the fields of a form, the first one in error focused.

A mixin for the form dialogs (the complaint form, the letter): the dialog provides
``error_labels`` (field → label), ``form_error_label`` for messages that belong to no
field, ``scroll`` (the scroll area around the fields), ``field_order`` (the paper form's
order) and ``_field_widgets()``; it may override ``_show_error_summary``.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QScrollArea, QWidget

ERROR_STYLE = "color: #c62828;"


def error_label(field: str, parent: QWidget | None = None) -> QLabel:
    """The red line shown directly under a field; hidden while the field is fine."""
    label = QLabel(parent)
    label.setObjectName(f"error_{field}")
    label.setStyleSheet(ERROR_STYLE)
    label.hide()
    return label


class FieldErrors:
    error_labels: dict[str, QLabel]
    form_error_label: QLabel
    scroll: QScrollArea
    field_order: Sequence[str] = ()

    def _field_widgets(self) -> dict[str, QWidget]:  # pragma: no cover - provided by the dialog
        raise NotImplementedError

    def _show_error_summary(self, count: int) -> None:
        """A line saying how many fields need changing (none by default)."""

    def show_errors(self, errors: dict[str, str]) -> None:
        """Each message under its field; the first field in error (paper order) gets the focus."""
        for field, label in self.error_labels.items():
            message = errors.get(field, "")
            label.setText(message)
            label.setVisible(bool(message))
        homeless = [m for f, m in errors.items() if f not in self.error_labels]
        self.form_error_label.setText("\n".join(homeless))
        self.form_error_label.setVisible(bool(homeless))
        self._show_error_summary(len(errors))
        if not errors:
            return
        widgets = self._field_widgets()
        first = next((f for f in self.field_order if f in errors and f in widgets), None)
        if first is not None:
            widget = widgets[first]
            widget.setFocus(Qt.FocusReason.OtherFocusReason)
            self.scroll.ensureWidgetVisible(self.error_labels.get(first, widget))
            self.scroll.ensureWidgetVisible(widget)
        elif homeless:
            self.scroll.ensureWidgetVisible(self.form_error_label)

    def errors_shown(self) -> dict[str, str]:
        """Field → message currently shown in red (for tests and for the caller)."""
        return {f: label.text() for f, label in self.error_labels.items()
                if label.isVisibleTo(self) and label.text()}  # type: ignore[arg-type]

    def _clear_error(self, field: str) -> None:
        label = self.error_labels.get(field)
        if label is not None and label.isVisibleTo(self):  # type: ignore[arg-type]
            label.hide()
            label.clear()
