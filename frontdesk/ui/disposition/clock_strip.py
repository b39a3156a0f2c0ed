"""The deadlines of one record as a strip of chips: each clock counts down on its own,
amber near its end and red when missed (SPEC §2.4)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QWidget

from frontdesk.domain.sla import ClockState, describe_remaining
from frontdesk.i18n import _
from frontdesk.ui.common import style

COLUMNS = 3


def latest_clocks(clocks: Sequence[ClockState]) -> list[ClockState]:
    """The latest instance of each clock, open ones first (least time left), then the finished ones."""
    latest: dict[str, ClockState] = {}
    for state in clocks:
        known = latest.get(state.key)
        if known is None or state.started_at >= known.started_at:
            latest[state.key] = state
    # the automatic upgrade only matters while it can still happen
    states = [s for s in latest.values() if s.is_open or s.key != "minor_to_major"]
    return sorted(states, key=lambda s: (not s.is_open, s.remaining if s.is_open else s.limit))


class ClockStrip(QFrame):
    """One chip per clock (its latest instance), with who is responsible and the deadline on hover."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("clocks_frame")
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setHorizontalSpacing(6)
        self._grid.setVerticalSpacing(4)
        for column in range(COLUMNS):
            self._grid.setColumnStretch(column, 1)
        self.labels: dict[str, QLabel] = {}
        self.states: dict[str, ClockState] = {}

    def show_clocks(self, clocks: Sequence[ClockState]) -> None:
        while self._grid.count():
            item = self._grid.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.labels = {}
        self.states = {s.key: s for s in latest_clocks(clocks)}
        for index, state in enumerate(self.states.values()):
            label = QLabel(f"{state.label}  {describe_remaining(state)}", self)
            label.setObjectName(f"clock_{state.key}")
            label.setStyleSheet(style.clock_chip_style(state.status))
            tip = _("负责:{who}").format(who=state.who)
            if state.deadline is not None:
                tip += "\n" + _("期限:{at}").format(at=state.deadline.strftime("%Y-%m-%d %H:%M:%S"))
            label.setToolTip(tip)
            self._grid.addWidget(label, index // COLUMNS, index % COLUMNS)
            self.labels[state.key] = label
        self.setVisible(bool(self.states))
