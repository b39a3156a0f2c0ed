"""The pieces every paper form on screen is made of: the title row, boxed groups of fields with
their captions and messages, text boxes, signature lines, values and buttons.

A form builds its body from these, so a caption, a red message under a field or a signature
line looks and behaves the same on every form.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from frontdesk.i18n import _
from frontdesk.ui.common import style

TIME_FORMAT = "%Y-%m-%d %H:%M"


def form_title_row(title_text: str, form_number: str, parent: QWidget) -> QHBoxLayout:
    """The paper form's title, large and centred, with its form number on the right."""
    title = QLabel(title_text, parent)
    title.setObjectName("form_title")
    title.setAlignment(Qt.AlignmentFlag.AlignCenter)
    font = title.font()
    font.setPointSize(font.pointSize() + 5)
    font.setBold(True)
    title.setFont(font)
    number = QLabel(form_number, parent)
    number.setObjectName("form_number")
    style.as_hint(number)
    number.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    row = QHBoxLayout()
    row.addSpacing(number.sizeHint().width())
    row.addWidget(title, 1)
    row.addWidget(number)
    return row


def error_label(field: str, parent: QWidget | None = None) -> QLabel:
    """The red line shown directly under a field; hidden while the field is fine."""
    label = QLabel(parent)
    label.setObjectName(f"error_{field}")
    label.setWordWrap(True)
    style.as_error(label)
    label.hide()
    return label


class Fields:
    """A form's fields by name: the widget and the red message label under it."""

    def __init__(self) -> None:
        self.widgets: dict[str, QWidget] = {}
        self.messages: dict[str, QLabel] = {}

    def add(self, field: str, widget: QWidget, message: QLabel) -> None:
        self.widgets[field] = widget
        self.messages[field] = message


class FieldGroup(QGroupBox):
    """A boxed group of the paper form: caption, field and its message under it, in columns.

    Every field added here is entered in ``fields``, so the form shows a service's
    messages under the right field and clears one when its field is edited.
    """

    def __init__(self, title: str, name: str, fields: Fields, parent: QWidget | None = None,
                 columns: int = 3, caption_width: int = 0) -> None:
        super().__init__(title, parent)
        self.setObjectName(name)
        self._fields = fields
        self.grid = QGridLayout(self)
        self.grid.setHorizontalSpacing(8)
        self.grid.setVerticalSpacing(3)
        for column in range(columns):
            self.grid.setColumnStretch(column * 2 + 1, 1)
            if caption_width:
                self.grid.setColumnMinimumWidth(column * 2, caption_width)

    def add(
        self, row: int, column: int, caption: str, widget: QWidget, field: str, *, span: int = 1,
        required: bool = False, top: bool = False,
    ) -> QLabel:
        """Caption left of the widget, the widget, and its message directly under it; returns the caption."""
        label = QLabel(style.required_mark(caption, required), self)
        label.setObjectName(f"caption_{field}")
        label.setAlignment(Qt.AlignmentFlag.AlignRight
                           | (Qt.AlignmentFlag.AlignTop if top else Qt.AlignmentFlag.AlignVCenter))
        if top:
            label.setContentsMargins(0, 4, 0, 0)
        label.setBuddy(widget)
        self.grid.addWidget(label, row, column)
        self.grid.addWidget(widget, row, column + 1, 1, span)
        message = error_label(field, self)
        self._fields.add(field, widget, message)
        self.grid.addWidget(message, row + 1, column + 1, 1, span)
        return label

    def add_wide(self, row: int, column: int, widget: QWidget, *, span: int = 1) -> None:
        """A widget with no caption of its own (a hint, a row of buttons)."""
        self.grid.addWidget(widget, row, column, 1, span)


class LimitedTextEdit(QPlainTextEdit):
    """A text box that holds at most ``limit`` characters, the limit of its field in the rules.

    What is typed or pasted beyond the limit is not taken (the rest of a paste is cut), and
    once the text nears the limit a line at the box's foot says how many characters are
    left.  A saved text longer than the limit (from before there was one) is shown whole,
    with the line saying how many to remove: the service will refuse it until then.
    """

    #: The counter shows once no more than this part of the limit is left.
    NEAR = 0.2

    def __init__(self, limit: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.limit = limit
        self._loading = False
        self._typed: tuple[int, int] | None = None  # (position, characters added) of the last edit
        self.counter = QLabel(self)
        self.counter.setObjectName("counter")
        self.counter.hide()
        self.document().contentsChange.connect(self._noted)
        self.textChanged.connect(self._keep_to_limit)

    def length(self) -> int:
        """Characters in the box, as the limit counts them."""
        return self.document().characterCount() - 1

    def setPlainText(self, text: str) -> None:  # noqa: N802 - Qt name; a record shown is kept whole
        self._loading = True
        try:
            super().setPlainText(text)
        finally:
            self._loading = False
        self._show_count()

    def setReadOnly(self, read_only: bool) -> None:  # noqa: N802 - Qt name
        super().setReadOnly(read_only)
        self._show_count()

    def resizeEvent(self, event: object) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._place_counter()

    def _noted(self, position: int, _removed: int, added: int) -> None:
        if not self._loading and added:
            self._typed = (position, added)

    def _keep_to_limit(self) -> None:
        typed, self._typed = self._typed, None
        excess = self.length() - self.limit
        if typed is not None and excess > 0:
            position, added = typed
            end = min(position + added, self.length())
            start = max(position, end - excess)
            cursor = QTextCursor(self.document())
            cursor.setPosition(start)
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            cursor.removeSelectedText()  # changes the text again: this runs once more, with nothing typed
            return
        self._show_count()

    def _show_count(self) -> None:
        left = self.limit - self.length()
        show = not self.isReadOnly() and left <= self.limit * self.NEAR
        if show:
            if left < 0:
                self.counter.setText(_("超出 {n} 字,请删减").format(n=-left))
                style.as_error(self.counter)
            else:
                self.counter.setText(_("还可输入 {n} 字").format(n=left))
                style.as_hint(self.counter)
            self.counter.adjustSize()
        self.setViewportMargins(0, 0, 0, self.counter.sizeHint().height() if show else 0)
        self.counter.setVisible(show)
        self._place_counter()

    def _place_counter(self) -> None:
        frame = self.frameWidth()
        bar = self.verticalScrollBar()
        right = self.width() - frame - (bar.width() if bar.isVisible() else 0) - 4
        self.counter.move(right - self.counter.width(), self.height() - frame - self.counter.height())


def text_box(name: str, lines: int, placeholder: str = "", parent: QWidget | None = None, *,
             fixed: bool = False, limit: int | None = None) -> QPlainTextEdit:
    """A box for several lines of text; Tab moves on to the next field.

    With ``limit`` (the field's limit in its rules module) the box holds no more than that
    and says how much is left near the end (:class:`LimitedTextEdit`).
    """
    box = LimitedTextEdit(limit, parent) if limit is not None else QPlainTextEdit(parent)
    box.setObjectName(name)
    if isinstance(box, LimitedTextEdit):
        box.counter.setObjectName(f"{name}_counter")
    box.setTabChangesFocus(True)
    box.setPlaceholderText(placeholder)
    height = box.fontMetrics().lineSpacing() * lines + 14
    if fixed:
        box.setFixedHeight(height)
    else:
        box.setMinimumHeight(height)
    return box


def value_label(name: str, *, wrap: bool = False, parent: QWidget | None = None) -> QLabel:
    """A value shown, not edited (a number, a name, a time); selectable for copying."""
    label = QLabel(parent)
    label.setObjectName(name)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setWordWrap(wrap)
    return label


def action_button(text: str, name: str, tip: str = "", parent: QWidget | None = None) -> QPushButton:
    """A button that acts on the form; Enter in a field never presses it by accident."""
    button = QPushButton(text, parent)
    button.setObjectName(name)
    button.setAutoDefault(False)
    if tip:
        button.setToolTip(tip)
    return button


def signature_text(name: str, at: datetime | None) -> str:
    """``签名:赵建国 2026-11-20 14:05`` under a signed block; a line to sign while unsigned."""
    if not name or at is None:
        return _("签名:________  日期:________")
    return _("签名:{name} {time}").format(name=name, time=at.strftime(TIME_FORMAT))


def signature_label(name: str, parent: QWidget | None = None) -> QLabel:
    """The electronic sign-off under a block (see :func:`signature_text`)."""
    label = QLabel(signature_text("", None), parent)
    label.setObjectName(name)
    style.as_signature(label)
    return label


def labelled_combo(row: QHBoxLayout, caption: str, name: str, choices: Iterable[tuple[str, object]],
                   parent: QWidget | None = None) -> QComboBox:
    """A caption and a choice list side by side in a row of filters; the caption (named ``<name>_label``)
    is the list's buddy."""
    combo = QComboBox(parent)
    combo.setObjectName(name)
    for text, value in choices:
        combo.addItem(text, value)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
    label = QLabel(caption, parent)
    label.setObjectName(f"{name}_label")
    label.setBuddy(combo)
    row.addWidget(label)
    row.addWidget(combo)
    return combo


def select(combo: QComboBox, value: object) -> None:
    """Choose the item whose data is ``value``; none when there is no such item."""
    for index in range(combo.count()):
        if combo.itemData(index) == value:
            combo.setCurrentIndex(index)
            return
    combo.setCurrentIndex(-1)
