"""Find a customer in the archive by a few characters of name, phone or room, or create one on the spot.

Typing restarts a short timer; only when it fires does a search run, on the task
runner, never on the UI thread.  Each search carries a sequence number, so a slow
answer to an earlier keystroke never replaces the answer to a later one.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QStringListModel, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCompleter,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from frontdesk.db.engine import Database
from frontdesk.domain import customer as customer_rules
from frontdesk.domain.types import Actor, CustomerInput, CustomerMatch
from frontdesk.domain.vocab import Profile, term
from frontdesk.i18n import _
from frontdesk.services import customers
from frontdesk.ui.common import style
from frontdesk.ui.common.base import AppContext
from frontdesk.ui.common.tasks import error_text
from frontdesk.ui.common.widgets import error_label

SEARCH_DELAY_MS = 250


def _search(db: Database, actor: Actor, seq: int, text: str) -> tuple[int, str, list[CustomerMatch]]:
    """Runs on the database worker; the sequence number travels with the answer."""
    return seq, text, customers.search(db, actor, text)


class CustomerFinder(QWidget):
    """Search box with suggestions, plus a "新建客户" switch that reveals fields for a new customer."""

    customer_chosen = Signal(object)  # CustomerMatch
    customer_cleared = Signal()
    new_customer_edited = Signal(object)  # CustomerInput | None
    suggestions_shown = Signal(int)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, allow_new: bool = True) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._seq = 0
        self._matches: list[CustomerMatch] = []
        self._chosen: CustomerMatch | None = None
        self.dealership = ctx.profile == Profile.DEALERSHIP

        self.search_edit = QLineEdit(self)
        self.search_edit.setObjectName("customer_search")
        self.search_edit.setPlaceholderText(
            _("输入姓名、电话或{location}的几个字查找客户档案").format(location=term(ctx.profile, "location"))
        )
        self.search_edit.setClearButtonEnabled(True)
        self.new_customer_button = QPushButton(_("新建客户(&N)"), self)
        self.new_customer_button.setObjectName("new_customer_button")
        self.new_customer_button.setCheckable(True)
        self.new_customer_button.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.new_customer_button.setAutoDefault(False)
        self.new_customer_button.setToolTip(_("档案中没有这位客户时,在这里直接建档(Alt+N)"))
        self.new_customer_button.setVisible(allow_new)
        self.status_label = QLabel(self)
        self.status_label.setObjectName("customer_status")
        style.as_hint(self.status_label)

        self.model = QStringListModel(self)
        self.completer = QCompleter(self.model, self)
        self.completer.setWidget(self.search_edit)
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer.setMaxVisibleItems(10)
        self.completer.popup().setObjectName("customer_suggestions")

        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(SEARCH_DELAY_MS)

        self.new_customer_box = QWidget(self)
        self.new_customer_box.setObjectName("new_customer_box")
        self._build_new_customer_box()
        self.new_customer_box.hide()
        self.error_labels["customer_id"] = error_label("customer_id", self)  # a customer since removed

        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.search_edit, 1)
        top.addWidget(self.new_customer_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addWidget(self.status_label)
        layout.addWidget(self.error_labels["customer_id"])
        layout.addWidget(self.new_customer_box)
        self._show_status("")

        self.search_edit.textEdited.connect(self._on_text_edited)
        self.search_edit.returnPressed.connect(self._search_now)
        self.timer.timeout.connect(self._search_now)
        self.completer.activated[QModelIndex].connect(self._on_activated)
        self.new_customer_button.toggled.connect(self._on_new_toggled)
        for edit in self.new_fields.values():
            edit.textEdited.connect(self._on_new_edited)

    def _build_new_customer_box(self) -> None:
        box = self.new_customer_box
        self.new_fields: dict[str, QLineEdit] = {}
        self.error_labels: dict[str, QLabel] = {}

        def field(key: str, placeholder: str = "") -> QLineEdit:
            edit = QLineEdit(box)
            edit.setObjectName(f"new_customer_{key}")
            edit.setPlaceholderText(placeholder)
            edit.setMaxLength(customer_rules.TEXT_RULES[key].limit)
            self.new_fields[key] = edit
            return edit

        grid = QGridLayout(box)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(2)
        grid.addWidget(QLabel(_("姓名"), box), 0, 0)
        grid.addWidget(field("name"), 0, 1)
        grid.addWidget(QLabel(_("电话"), box), 0, 2)
        grid.addWidget(field("phone"), 0, 3)
        for key in ("name", "phone"):
            self.error_labels[f"customer_{key}"] = error_label(f"customer_{key}", box)
        grid.addWidget(self.error_labels["customer_name"], 1, 1)
        grid.addWidget(self.error_labels["customer_phone"], 1, 3)
        location_row = QHBoxLayout()
        location_row.setSpacing(8)
        if self.dealership:
            parts = [("plate", _("车牌号"), _("如 粤B12345")), ("model", _("车型"), "")]
        else:
            parts = [("building", _("楼栋"), ""), ("unit", _("单元"), ""), ("room", _("房号"), "")]
        for key, caption, placeholder in parts:
            location_row.addWidget(QLabel(caption, box))
            location_row.addWidget(field(key, placeholder), 1)
        grid.addWidget(QLabel(_("车辆") if self.dealership else _("房屋"), box), 2, 0)
        grid.addLayout(location_row, 2, 1, 1, 3)
        location_messages = QVBoxLayout()
        location_messages.setSpacing(0)
        for key, _caption, _placeholder in parts:
            self.error_labels[f"customer_{key}"] = error_label(f"customer_{key}", box)
            location_messages.addWidget(self.error_labels[f"customer_{key}"])
        grid.addLayout(location_messages, 3, 1, 1, 3)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)

    # ------------------------------------------------------------------ public

    def chosen(self) -> CustomerMatch | None:
        return self._chosen

    def set_chosen(self, match: CustomerMatch | None) -> None:
        """Show an already linked customer (editing a saved complaint) without emitting."""
        self._chosen = match
        if match is None:
            self._show_status("")
        else:
            self.search_edit.setText(match.display)
            self._show_status(_("已关联客户档案:{who}").format(who=match.display))

    def creating_new(self) -> bool:
        return self.new_customer_button.isChecked()

    def current_new_customer(self) -> CustomerInput | None:
        """The customer to create with the complaint, or None when the switch is off."""
        if not self.creating_new():
            return None
        values = {key: edit.text().strip() for key, edit in self.new_fields.items()}
        return CustomerInput(**values)

    def clear(self) -> None:
        self._seq += 1  # any answer still on its way is now stale
        self.timer.stop()
        self._chosen = None
        self._matches = []
        self.model.setStringList([])
        self.completer.popup().hide()
        self.search_edit.clear()
        for edit in self.new_fields.values():
            edit.clear()
        self.new_customer_button.setChecked(False)
        self.show_errors({})
        self._show_status("")

    def focus_order(self) -> list[QWidget]:
        """The widgets a keyboard user passes through, top to bottom (hidden ones are skipped by Qt)."""
        return [self.search_edit, *self.new_fields.values()]

    def field_widget(self, field: str) -> QWidget | None:
        """The input behind an error key such as ``customer_name`` (``customer_id``: the search box)."""
        if field == "customer_id":
            return self.search_edit
        return self.new_fields.get(field.removeprefix("customer_"))

    def show_errors(self, errors: dict[str, str]) -> None:
        for field, label in self.error_labels.items():
            message = errors.get(field, "")
            label.setText(message)
            label.setVisible(bool(message))

    def suggestions(self) -> list[str]:
        return self.model.stringList()

    # ------------------------------------------------------------------ search

    def _on_text_edited(self, _text: str) -> None:
        if self._chosen is not None:
            self._chosen = None
            self._show_status("")
            self.customer_cleared.emit()
        self.timer.start()  # restarts on every keystroke

    def _search_now(self) -> None:
        self.timer.stop()
        text = self.search_edit.text().strip()
        self._seq += 1
        if not text or self._chosen is not None:
            self._matches = []
            self.model.setStringList([])
            self.completer.popup().hide()
            return
        self.ctx.runner.run_db(
            _search, self.ctx.db, self.ctx.actor, self._seq, text,
            on_done=self._on_results, on_error=self._on_search_failed, parent=self,
        )

    def _on_results(self, answer: tuple[int, str, list[CustomerMatch]]) -> None:
        seq, text, matches = answer
        if seq != self._seq or text != self.search_edit.text().strip():
            return  # an answer to an earlier keystroke
        self._matches = list(matches)
        self.model.setStringList([m.display for m in self._matches])
        if self._matches:
            self._show_status(_("找到 {n} 位客户,按 ↓ 选择,回车确认").format(n=len(self._matches)))
            self.completer.complete()
        else:
            self.completer.popup().hide()
            self._show_status(_("档案中没有匹配的客户;可按 Alt+N 新建客户,或直接填写投诉人和电话"))
        self.suggestions_shown.emit(len(self._matches))

    def _on_search_failed(self, exc: BaseException) -> None:
        self._show_status(_("查找客户失败:{error}").format(error=error_text(exc)))

    def _on_activated(self, index: QModelIndex) -> None:
        row = index.row()
        if 0 <= row < len(self._matches):
            self.choose(self._matches[row])

    def choose(self, match: CustomerMatch) -> None:
        self._seq += 1
        self.timer.stop()
        self.completer.popup().hide()
        if self.new_customer_button.isChecked():
            self.new_customer_button.setChecked(False)
        self.set_chosen(match)
        self.customer_chosen.emit(match)

    # ------------------------------------------------------------------ new customer

    def _on_new_toggled(self, on: bool) -> None:
        self.new_customer_box.setVisible(on)
        if on:
            if self._chosen is not None:
                self._chosen = None
                self.customer_cleared.emit()
            self.completer.popup().hide()
            typed = self.search_edit.text().strip()
            if typed and not self.new_fields["name"].text() and not self.new_fields["phone"].text():
                key = "phone" if any(ch.isdigit() for ch in typed) else "name"
                self.new_fields[key].setText(typed)
            self._show_status(_("将随投诉一并新建客户档案"))
            self.new_fields["name"].setFocus(Qt.FocusReason.ShortcutFocusReason)
            self.new_customer_edited.emit(self.current_new_customer())
        else:
            self.show_errors({})
            self._show_status("")
            self.new_customer_edited.emit(None)

    def _on_new_edited(self, _text: str) -> None:
        for key, label in self.error_labels.items():
            if self.sender() is self.field_widget(key):
                label.hide()
        self.new_customer_edited.emit(self.current_new_customer())

    def _show_status(self, text: str) -> None:
        self.status_label.setText(text)
        self.status_label.setVisible(bool(text))
