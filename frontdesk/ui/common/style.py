"""The look of every screen in one place: the colours of errors, hints, signatures and deadlines.

Screens never write a colour themselves; they call the helpers below (``as_hint(label)``)
or use the named colours, so a red is the same red everywhere.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from frontdesk.domain.sla import ClockStatus

#: Text colours.
ERROR = "#c62828"  # a field's message, a refusal, a missed deadline
HINT = "#666666"  # a line that explains, a number or time not yet known
SIGNATURE = "#1a4f8b"  # an electronic sign-off under a block
AMBER = "#a35b00"  # a deadline near its end
RED = ERROR  # a deadline missed
GREEN = "#2e7d32"  # a deadline met, a check passed
WORKDAY, DAY_OFF = "#000080", "#800000"  # a day in the holiday table: worked (调休上班), or off

#: Backgrounds.
READ_ONLY_BACKGROUND = "#f6f6f6"
EDITABLE_BORDER = "#6b8fb8"
NOTE_BACKGROUND, NOTE_TEXT = "#fff4d6", "#5c3d00"  # a standing note: read-only form, refused change
NAVIGATION_BACKGROUND, NAVIGATION_LINE = "#f4f5f7", "#d0d0d0"
NAVIGATION_SELECTED, NAVIGATION_SELECTED_TEXT = "#dce6f5", "#10264a"
PREVIEW_BACKGROUND = "#808080"

#: Text colour of a clock's state in lists, labels and navigation badges.
CLOCK_TEXT: dict[ClockStatus, str] = {
    ClockStatus.WARNING: AMBER, ClockStatus.OVERDUE: RED, ClockStatus.MISSED: RED, ClockStatus.MET: GREEN,
}

#: Table rows (background, text): pale, so that the text stays readable.
CLOCK_ROW: dict[ClockStatus, tuple[str, str]] = {
    ClockStatus.WARNING: ("#ffe2a0", "#4d3200"),
    ClockStatus.OVERDUE: ("#f7b9b9", "#6e0000"),
    ClockStatus.PAUSED: ("#e3e3e3", "#4a4a4a"),
}

#: A single clock shown on its own (the strip on a form): (background, text), every state.
CLOCK_CHIP: dict[ClockStatus, tuple[str, str]] = {
    ClockStatus.RUNNING: ("#e8f1e8", "#1b5e20"),
    ClockStatus.WARNING: ("#ffc107", "#3e2700"),
    ClockStatus.OVERDUE: ("#d32f2f", "#ffffff"),
    ClockStatus.PAUSED: ("#e0e0e0", "#424242"),
    ClockStatus.MET: ("#f5f5f5", GREEN),
    ClockStatus.MISSED: ("#fbe9e7", "#b71c1c"),
    ClockStatus.CANCELLED: ("#f5f5f5", HINT),
}


def text_style(colour: str = "", *, bold: bool = False) -> str:
    parts = [f"color: {colour};" if colour else "", "font-weight: bold;" if bold else ""]
    return " ".join(p for p in parts if p)


def as_hint(widget: QWidget) -> QWidget:
    widget.setStyleSheet(text_style(HINT))
    return widget


def as_error(widget: QWidget) -> QWidget:
    widget.setStyleSheet(text_style(ERROR))
    return widget


def as_signature(widget: QWidget) -> QWidget:
    widget.setStyleSheet(text_style(SIGNATURE))
    return widget


def as_note(widget: QWidget) -> QWidget:
    """A standing note on a form: why it is read-only, why a change was refused."""
    widget.setStyleSheet(f"background: {NOTE_BACKGROUND}; color: {NOTE_TEXT}; padding: 6px; border-radius: 3px;")
    return widget


def coloured(widget: QWidget, colour: str, *, bold: bool = False) -> QWidget:
    """Text in ``colour`` (none: the default), bold if asked."""
    widget.setStyleSheet(text_style(colour, bold=bold))
    return widget


def clock_chip_style(status: ClockStatus) -> str:
    background, text = CLOCK_CHIP[status]
    return (f"background: {background}; color: {text}; border: 1px solid #bbb; border-radius: 3px;"
            " padding: 3px 6px;")


def required_mark(text: str, required: bool = True) -> str:
    """A field's caption, with a red star when the field must be filled."""
    return f"{text} <span style='color:{ERROR}'>*</span>" if required else text


NAVIGATION_STYLE = (
    f"QListWidget {{ border: none; border-right: 1px solid {NAVIGATION_LINE}; background: {NAVIGATION_BACKGROUND};"
    " padding-top: 6px; }"
    "QListWidget::item { padding: 8px 10px; }"
    f"QListWidget::item:selected {{ background: {NAVIGATION_SELECTED}; color: {NAVIGATION_SELECTED_TEXT}; }}"
)

EDITOR_STYLE = (
    f'QLineEdit[readOnly="true"], QPlainTextEdit[readOnly="true"] {{ background: {READ_ONLY_BACKGROUND}; }}'
)
