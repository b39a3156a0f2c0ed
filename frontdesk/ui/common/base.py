"""Shared pieces of every window: the application context and a base dialog."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QVBoxLayout, QWidget

from frontdesk.db.engine import Database
from frontdesk.domain.permissions import Perm, can
from frontdesk.domain.types import Actor
from frontdesk.i18n import _
from frontdesk.ui.common import state
from frontdesk.ui.common.tasks import TaskRunner


@dataclass
class AppContext:
    """What every page and dialog needs: the database, the signed-in user, the runner."""

    db: Database
    actor: Actor
    runner: TaskRunner
    profile: str = "property"
    site_name: str = ""

    def can(self, perm: Perm) -> bool:
        return can(self.actor.role, perm)


class Dialog(QDialog):
    """A dialog with a title, an OK/Cancel button box wired up, and a remembered size.

    Subclasses build their widgets in ``setup_ui(layout)`` and validate in ``accept``.
    """

    def __init__(
        self, title: str, name: str, parent: QWidget | None = None,
        buttons: QDialogButtonBox.StandardButton = (
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        ),
        default_size: QSize | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setObjectName(name)
        self._state_key = f"dialog_size.{name}"
        layout = QVBoxLayout(self)
        self.setup_ui(layout)
        self.button_box = QDialogButtonBox(buttons, self)
        ok = self.button_box.button(QDialogButtonBox.StandardButton.Ok)
        if ok is not None:
            ok.setText(_("确定"))
        cancel = self.button_box.button(QDialogButtonBox.StandardButton.Cancel)
        if cancel is not None:
            cancel.setText(_("取消"))
        close = self.button_box.button(QDialogButtonBox.StandardButton.Close)
        if close is not None:
            close.setText(_("关闭"))
        layout.addWidget(self.button_box)
        self.button_box.accepted.connect(self.accept)
        self.button_box.rejected.connect(self.reject)
        size = state.load(self._state_key)
        if size:
            self.resize(QSize(*size))
        elif default_size is not None:
            self.resize(default_size)

    def setup_ui(self, layout: QVBoxLayout) -> None:  # pragma: no cover - overridden
        pass

    def done(self, result: int) -> None:
        state.save(self._state_key, [self.width(), self.height()])
        super().done(result)

