"""A short note for one step of the disposition form (首次反馈, 上报, 升级, 暂停), with a choice
where the step needs one."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from frontdesk.domain.text import TextRule, text_problem
from frontdesk.i18n import _
from frontdesk.ui.common import style
from frontdesk.ui.common.base import Dialog
from frontdesk.ui.common.widgets import text_box


class StepDialog(Dialog):
    """Asks for the note (required unless ``note_required=False``); the form runs the step."""

    def __init__(
        self, title: str, note_label: str, parent: QWidget | None = None, *,
        choices: list[tuple[str, object]] | None = None, choice_label: str = "", note_required: bool = True,
        rule: TextRule | None = None,
    ) -> None:
        self._rule = rule  # the note's limit and name in the disposition rules
        self._choices = choices
        self._choice_label = choice_label
        self._note_label = note_label
        self.note_required = note_required
        super().__init__(title, "disposition_step", parent, default_size=QSize(460, 260))

    def setup_ui(self, layout: QVBoxLayout) -> None:
        form = QFormLayout()
        self.choice_combo = QComboBox(self)
        self.choice_combo.setObjectName("choice_combo")
        if self._choices is not None:
            for text, value in self._choices:
                self.choice_combo.addItem(text, value)
            form.addRow(self._choice_label, self.choice_combo)
        else:
            self.choice_combo.hide()
        self.note_edit = text_box("note_edit", 3, "", self, limit=self._rule.limit if self._rule else None)
        form.addRow(self._note_label, self.note_edit)
        layout.addLayout(form)
        self.error_label = style.as_error(QLabel(self))
        self.error_label.setObjectName("error_note")
        layout.addWidget(self.error_label)

    def note(self) -> str:
        return self.note_edit.toPlainText().strip()

    def choice(self) -> object:
        return self.choice_combo.currentData()

    def accept(self) -> None:
        problem = text_problem(self.note(), self._rule) if self._rule is not None else ""
        if self.note_required and not self.note():
            problem = _("请填写{what}").format(what=self._note_label)
        if problem:
            self.error_label.setText(problem)
            self.note_edit.setFocus()
            return
        super().accept()
