"""The one pattern every form follows (see docs/architecture.md, "How to add a form").

A :class:`RecordForm` is opened through the registry (:func:`frontdesk.ui.common.registry.open_record`)
with a record id (or none, for a new record).  It then

- loads its data on the database worker (:meth:`RecordForm.load`, Qt-free) while it shows
  "正在读取…", and shows it with :meth:`RecordForm.show_data`;
- turns read-only, with a note saying why, when the signed-in role may only read it;
- keeps its body in one scroll area, in a splitter with a side panel where it has one, and
  keeps its height within the screen so that a 1366×768 display shows its buttons;
- remembers its size and splitter position;
- answers the same keys everywhere: Ctrl+S saves or signs, Ctrl+P prints, Esc closes and
  asks first when something typed is not saved; Enter in a field never closes or saves it;
- writes through :meth:`RecordForm.run_write` (busy state, messages under the fields,
  :attr:`RecordForm.saved`), and reloads when another window changes its record (the task
  runner's change broadcast); a reload while something typed is not saved keeps the typing
  on top of the newest content (:meth:`RecordForm.rebase`), so it can still be saved.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from typing import Any, ClassVar

from PySide6.QtCore import QByteArray, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QKeyEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from frontdesk.domain.changes import Changes
from frontdesk.domain.errors import ValidationFailed
from frontdesk.i18n import _
from frontdesk.ui.common import state, style
from frontdesk.ui.common.base import AppContext, Dialog
from frontdesk.ui.common.tasks import show_error
from frontdesk.ui.common.widgets import Fields, error_label

#: Room kept above a window for its title bar and frame, and beside it for its borders, which
#: the window manager adds.
WINDOW_FRAME_ALLOWANCE = 40
WINDOW_SIDE_ALLOWANCE = 16
#: The smallest a form may be made (it scrolls below that).
MINIMUM_SIZE = QSize(640, 420)


class RecordForm(Dialog):
    """Base of every form; see the module's docstring for what it gives and what a form provides."""

    #: The registry's name for this form, and the record kind whose changes refresh it.
    kind: ClassVar[str] = ""
    record_kind: ClassVar[str] = ""
    #: Object name of the dialog; the key of its remembered size and splitter position.
    form_name: ClassVar[str] = "record_form"
    default_size: ClassVar[QSize] = QSize(900, 700)
    #: Fields in the order of the paper form: the first one in error gets the focus.
    field_order: ClassVar[Sequence[str]] = ()
    #: How often :meth:`tick` updates what time changes (the clocks); 0: never.
    refresh_ms: ClassVar[int] = 0

    #: After each of the form's own writes, with what the service returned.
    saved = Signal(object)
    #: After each load, with the data shown.
    loaded = Signal(object)
    #: A printout has been built (its path), before its preview opens.
    printed = Signal(object)

    def __init__(self, ctx: AppContext, record_id: int | None = None, parent: QWidget | None = None,
                 **context: Any) -> None:
        self.ctx = ctx
        self.record_id = record_id
        self.context = context
        self.data: Any = None
        self.busy = False
        self.read_only_note = ""
        self.fields = Fields()
        self._generation = 0
        self._loading = False
        self._save_after_load = False
        self._changed_elsewhere = False
        super().__init__(self.title_for(None), self.form_name, parent, buttons=self.buttons(),
                         default_size=self.default_size)
        self.setMinimumSize(MINIMUM_SIZE)
        self.setStyleSheet(style.EDITOR_STYLE)  # a field that may not be changed looks it
        self.save_button = self.button_box.button(QDialogButtonBox.StandardButton.Save)
        if self.save_button is not None:
            self.save_button.setObjectName("save_button")
            self.save_button.setText(_("保存"))
            self.save_button.setToolTip(_("保存(Ctrl+S)"))
        self.close_button = (self.button_box.button(QDialogButtonBox.StandardButton.Cancel)
                             or self.button_box.button(QDialogButtonBox.StandardButton.Close))
        if self.close_button is not None:
            self.close_button.setObjectName("close_button")
        self.layout().removeWidget(self.button_box)
        self.actions_row.addWidget(self.button_box)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self, self._save_when_read)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Print), self, self.print_record)
        QShortcut(QKeySequence("F5"), self, self.reload)
        self.refresh_timer = QTimer(self)
        self.refresh_timer.setInterval(self.refresh_ms or 60_000)
        self.refresh_timer.timeout.connect(self.tick)
        ctx.runner.changed.connect(self._on_changes)
        self._connect_fields()
        self.connect_signals()
        self.reload()

    # ------------------------------------------------------------------ what a form provides

    def title_for(self, data: Any) -> str:
        """The window title for ``data`` (``None`` while loading)."""
        return ""

    def buttons(self) -> QDialogButtonBox.StandardButton:
        """Save and Cancel for a new record, Close for one that is signed block by block."""
        if self.record_id is None:
            return QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        return QDialogButtonBox.StandardButton.Close

    @staticmethod
    def load(db: Any, actor: Any, record_id: int | None, context: dict[str, Any]) -> Any:
        """Read what the form shows; runs on the database worker, so no widget here."""
        raise NotImplementedError

    def build_body(self, body: QVBoxLayout) -> None:
        """The paper form's fields, top to bottom (inside the scroll area)."""
        raise NotImplementedError

    def build_side(self) -> QWidget | None:
        """A panel beside the body (the history), or ``None``."""
        return None

    def build_actions(self, row: QHBoxLayout) -> None:
        """Buttons in the bottom row, left of the status line (print, print blank …)."""

    def connect_signals(self) -> None:
        """Connect the form's own widgets (called once, after everything is built)."""

    def show_data(self, data: Any) -> None:
        """Fill the widgets from ``data``."""
        raise NotImplementedError

    def read_only_reason(self, data: Any) -> str:
        """Why the signed-in user may only read this form (``""``: they may change something)."""
        return ""

    def write_buttons(self) -> list[QAbstractButton]:
        """The buttons that change the record: hidden when the form is read-only."""
        return [b for b in (self.save_button,) if b is not None]

    def is_dirty(self) -> bool:
        """Whether something typed is not saved yet."""
        return False

    def save(self) -> None:
        """Ctrl+S: save, or sign the block being written."""

    def print_record(self) -> None:
        """Ctrl+P: print with a preview."""

    def first_focus(self) -> QWidget | None:
        """Where the cursor goes once the data is shown."""
        return None

    def tick(self) -> None:
        """Every :attr:`refresh_ms`: show the clocks as they now stand (what is typed stays)."""

    def rebase(self, old: Any, new: Any) -> None:
        """Show ``new`` while keeping what the user typed since ``old`` was shown (a reload while
        the form is dirty); the default suits a form whose :meth:`show_data` keeps typing."""
        self.show_data(new)

    def refresh_on(self, changes: Changes) -> bool:
        """Whether a write elsewhere changed what this form shows."""
        return self.record_id is not None and changes.touches(self.record_kind, self.record_id)

    # ------------------------------------------------------------------ building

    def setup_ui(self, layout: QVBoxLayout) -> None:
        self.note_label = style.as_note(QLabel(self))
        self.note_label.setObjectName("read_only_note")
        self.note_label.setWordWrap(True)
        self.note_label.hide()
        layout.addWidget(self.note_label)

        self.body = QWidget(self)
        self.body.setObjectName("form_body")
        column = QVBoxLayout(self.body)
        column.setContentsMargins(4, 4, 8, 4)
        column.setSpacing(8)
        self.build_body(column)
        self.form_error_label = error_label("form", self.body)
        column.addWidget(self.form_error_label)
        column.addStretch(1)
        self.scroll = QScrollArea(self)
        self.scroll.setObjectName("form_scroll")
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setWidget(self.body)
        side = self.build_side()
        self.splitter: QSplitter | None = None
        if side is None:
            layout.addWidget(self.scroll, 1)
        else:
            self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
            self.splitter.setObjectName("form_splitter")
            self.splitter.addWidget(self.scroll)
            self.splitter.addWidget(side)
            self.splitter.setStretchFactor(0, 3)
            self.splitter.setStretchFactor(1, 2)
            self.splitter.setChildrenCollapsible(False)
            saved = state.load(f"splitter.{self.form_name}")
            if saved:
                self.splitter.restoreState(QByteArray.fromHex(saved.encode("ascii")))
            else:  # the side panel gets about a third
                width = self.default_size.width()
                self.splitter.setSizes([width * 2 // 3, width - width * 2 // 3])
            layout.addWidget(self.splitter, 1)

        self.actions_row = QHBoxLayout()
        self.build_actions(self.actions_row)
        self.status_line = style.as_hint(QLabel(self))
        self.status_line.setObjectName("status_line")
        self.status_line.setWordWrap(True)
        self.actions_row.addWidget(self.status_line, 1)
        layout.addLayout(self.actions_row)

    def _connect_fields(self) -> None:
        """A field's red message goes away as soon as the field is edited."""
        for field, widget in self.fields.widgets.items():
            clear = partial(self._edited, field)
            if isinstance(widget, QLineEdit):
                widget.textEdited.connect(clear)
            elif isinstance(widget, QPlainTextEdit):
                widget.textChanged.connect(clear)
            elif isinstance(widget, QComboBox):
                widget.currentIndexChanged.connect(clear)
            elif isinstance(widget, QAbstractButton):
                widget.toggled.connect(clear)
            elif isinstance(widget, QAbstractSpinBox):
                widget.editingFinished.connect(clear)

    def _edited(self, field: str, *_args: object) -> None:
        self.clear_error(field)

    # ------------------------------------------------------------------ loading

    def reload(self) -> None:
        """Read the record again on the database worker; what is typed in open blocks stays."""
        self._generation += 1
        generation = self._generation
        self._loading = True
        if self.data is None:
            self.body.setEnabled(False)
            self.status_line.setText(_("正在读取…"))
        self.ctx.runner.run_db(
            self.load, self.ctx.db, self.ctx.actor, self.record_id, self.context,
            on_done=lambda data: self._loaded(generation, data), on_error=self._load_failed, parent=self,
        )

    def _loaded(self, generation: int, data: Any) -> None:
        if generation != self._generation:
            return  # a newer load is on its way
        self._loading = False
        first = self.data is None
        old, typing = self.data, not first and not self.is_read_only and self.is_dirty()
        self.data = data
        self.setWindowTitle(self.title_for(data))
        if typing:
            if self._changed_elsewhere:
                self.status_line.setText(_("这条记录刚被其他窗口修改过,已读入最新内容;您填写的内容保留,保存时以最新内容为基础。"))
            self.rebase(old, data)  # may say more
        else:
            self.show_data(data)
        self._changed_elsewhere = False
        self._apply_read_only(self.read_only_reason(data))
        self.body.setEnabled(True)
        if first:
            self.status_line.clear()
            if self.refresh_ms:
                self.refresh_timer.start()
            widget = self.first_focus()
            if widget is not None:
                widget.setFocus(Qt.FocusReason.OtherFocusReason)
        self.loaded.emit(data)
        if self._save_after_load:
            self._save_after_load = False
            self.save()

    def _save_when_read(self) -> None:
        """Ctrl+S and the Save button: save now, or as soon as a reload on its way has been shown."""
        if self._loading and self.data is not None:
            self._save_after_load = True
        else:
            self.save()

    def _load_failed(self, exc: BaseException) -> None:
        self._loading = False
        self._save_after_load = False
        if self.data is None:  # nothing to show (the record is gone, or has no such form)
            parent = self.parentWidget()
            self.busy = False
            super().reject()
            show_error(parent, exc)
        else:
            self.status_line.setText(_("没有读到最新内容:") + str(getattr(exc, "message", exc)))

    def _apply_read_only(self, reason: str) -> None:
        self.read_only_note = reason
        self.note_label.setText(reason)
        self.note_label.setVisible(bool(reason))
        if not reason:
            return
        for widget in self.body.findChildren(QWidget):
            if isinstance(widget, (QLineEdit, QPlainTextEdit)):
                widget.setReadOnly(True)
                widget.style().unpolish(widget)
                widget.style().polish(widget)
            elif isinstance(widget, (QComboBox, QAbstractSpinBox, QCheckBox)):
                widget.setEnabled(False)
        for button in self.write_buttons():
            button.hide()
        if self.close_button is not None:
            self.close_button.setText(_("关闭"))

    @property
    def is_read_only(self) -> bool:
        return bool(self.read_only_note)

    def _on_changes(self, changes: Changes, origin: object) -> None:
        if origin is self or self.data is None or self.busy or not self.isVisible() or not self.refresh_on(changes):
            return
        self._changed_elsewhere = True
        self.reload()

    # ------------------------------------------------------------------ writing

    def run_write(self, fn: Callable[..., Any], *args: Any, message: str,
                  on_done: Callable[[Any], None] | None = None, **kwargs: Any) -> None:
        """Run the use case ``fn(db, actor, *args, **kwargs)`` on the database worker, busy meanwhile.

        On success the messages under the fields go, :attr:`saved` fires and ``on_done`` gets
        the result; a refusal shows its messages under the fields, anything else in a dialog.
        """
        if self.busy:
            return
        self.set_busy(True, message)

        def work(db: Any, actor: Any) -> Any:
            return fn(db, actor, *args, **kwargs)

        self.ctx.runner.run_db(work, self.ctx.db, self.ctx.actor, on_done=self._written(on_done),
                               on_error=self._write_failed, parent=self)

    def _written(self, on_done: Callable[[Any], None] | None) -> Callable[[Any], None]:
        def done(result: Any) -> None:
            self.set_busy(False)
            self.show_errors({})
            self.saved.emit(result)
            if on_done is not None:
                on_done(result)
        return done

    def _write_failed(self, exc: BaseException) -> None:
        self.set_busy(False)
        if isinstance(exc, ValidationFailed):
            self.show_errors(exc.fields)
        else:
            self.status_line.setText(_("没有保存。"))
            show_error(self, exc)

    def set_busy(self, busy: bool, message: str = "") -> None:
        self.busy = busy
        for button in self.write_buttons():
            button.setEnabled(not busy)
        self.status_line.setText(message)

    # ------------------------------------------------------------------ messages under the fields

    def show_errors(self, errors: dict[str, str]) -> None:
        """Each message under its field; the first field in error (paper order) gets the focus."""
        for field, label in self.fields.messages.items():
            message = errors.get(field, "")
            label.setText(message)
            label.setVisible(bool(message))
        homeless = [m for f, m in errors.items() if f not in self.fields.messages]
        self.form_error_label.setText("\n".join(homeless))
        self.form_error_label.setVisible(bool(homeless))
        if errors:
            self.status_line.setText(_("有 {n} 处需要修改,见红色提示;改好后再保存。").format(n=len(errors)))
        if not errors:
            return
        order = [*self.field_order, *self.fields.widgets]
        first = next((f for f in order if f in errors and f in self.fields.widgets), None)
        if first is not None:
            widget = self.fields.widgets[first]
            widget.setFocus(Qt.FocusReason.OtherFocusReason)
            self.scroll.ensureWidgetVisible(self.fields.messages[first])
            self.scroll.ensureWidgetVisible(widget)
        elif homeless:
            self.scroll.ensureWidgetVisible(self.form_error_label)

    def errors_shown(self) -> dict[str, str]:
        """Field → message currently shown in red (for tests and for the caller)."""
        return {f: label.text() for f, label in self.fields.messages.items()
                if label.isVisibleTo(self) and label.text()}

    def clear_error(self, field: str) -> None:
        label = self.fields.messages.get(field)
        if label is not None and label.isVisibleTo(self):
            label.hide()
            label.clear()

    # ------------------------------------------------------------------ closing, keys, size

    def accept(self) -> None:
        """The Save button (and Ctrl+S): the form decides when it may close."""
        self._save_when_read()

    def close_saved(self) -> None:
        """Close after a successful save."""
        super().accept()

    def reject(self) -> None:
        """Esc, Cancel, Close or the window's close box: ask first if something typed is not saved."""
        if self.busy:
            return  # the answer is on its way; closing now would hide it
        if not self.is_read_only and self.is_dirty() and not self._confirm_discard():
            return
        super().reject()

    def _confirm_discard(self) -> bool:
        box = QMessageBox(
            QMessageBox.Icon.Question, _("不保存就关闭?"), _("表上填写的内容还没有保存。不保存就关闭吗?"),
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel, self,
        )
        box.setObjectName("discard_box")
        box.button(QMessageBox.StandardButton.Discard).setText(_("不保存,关闭"))
        box.button(QMessageBox.StandardButton.Cancel).setText(_("继续填写"))
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        return box.exec() == QMessageBox.StandardButton.Discard

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        # Enter in a field must not save a half-filled form or close it; Ctrl+S or a button does.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not isinstance(
            self.focusWidget(), QAbstractButton
        ):
            event.accept()
            return
        super().keyPressEvent(event)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        fit_to_screen(self)

    def done(self, result: int) -> None:
        self.refresh_timer.stop()
        if self.splitter is not None:
            state.save(f"splitter.{self.form_name}", bytes(self.splitter.saveState().toHex()).decode("ascii"))
        super().done(result)


def fit_to_screen(window: QWidget) -> None:
    """Keep ``window`` and its title bar within the screen's free area (a 1366×768 counter PC)."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        return
    area = screen.availableGeometry()
    height_limit = area.height() - WINDOW_FRAME_ALLOWANCE
    width_limit = area.width() - max(window.frameGeometry().width() - window.width(), WINDOW_SIDE_ALLOWANCE)
    window.setMinimumSize(min(window.minimumWidth(), width_limit), min(window.minimumHeight(), height_limit))
    if window.height() > height_limit or window.width() > width_limit:
        window.resize(min(window.width(), width_limit), min(window.height(), height_limit))
    frame = window.frameGeometry()
    x = min(max(frame.x(), area.x()), area.right() - frame.width() + 1)
    y = min(max(frame.y(), area.y()), area.bottom() - min(frame.height(), area.height()) + 1)
    if (x, y) != (frame.x(), frame.y()):
        window.move(x, y)
