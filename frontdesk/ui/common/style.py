"""The colours of deadlines, one set for every screen: amber near the end, red when missed."""

from __future__ import annotations

from frontdesk.domain.sla import ClockStatus

AMBER = "#a35b00"
RED = "#c62828"
GREEN = "#2e7d32"

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
}
