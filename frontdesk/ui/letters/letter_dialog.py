"""The work contact letter — 《工作联系函》 Z-QR-025 (SPEC §3), laid out like the paper form.

Top: the sender's part (编号, 发函部门, 经办人, 签发人, 收函部门, 抄送, 发函日期, 事由,
具体内容, 处理要求, 回复期限, the linked complaint), filled in once when the letter is
written.  Below: the receiving department's 回复意见 with its signature, then the
leaders' opinion.  Each block is editable only by the roles the service allows; the
service checks again.  The status and the time left to reply are shown at the top,
amber near the deadline and red once it has passed.
"""

from __future__ import annotations

import tempfile
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDateTime, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from frontdesk.domain import letter as letter_rules
from frontdesk.domain.errors import ValidationFailed
from frontdesk.domain.letter import LetterEntry, LetterInput
from frontdesk.domain.permissions import Role
from frontdesk.domain.sla import ClockState, describe_remaining
from frontdesk.domain.types import ComplaintView, Option
from frontdesk.domain.wallclock import now
from frontdesk.i18n import _
from frontdesk.paths import data_dir
from frontdesk.services import complaints, deadlines, letters, reference
from frontdesk.ui.common.base import AppContext, Dialog, form_title_row
from frontdesk.ui.common.field_errors import FieldErrors, error_label
from frontdesk.ui.common.style import CLOCK_TEXT, GREEN, RED
from frontdesk.ui.common.tasks import show_error
from frontdesk.ui.complaints.customer_finder import HINT_STYLE

FORM_NUMBER = "Z-QR-025"
READ_ONLY_STYLE = (
    'QLineEdit[readOnly="true"], QPlainTextEdit[readOnly="true"] { background: #f6f6f6; color: #202020; }'
)
TIME_FORMAT = "%Y-%m-%d %H:%M"
DEFAULT_SIZE = QSize(860, 820)
REFRESH_MS = 60_000

STATUS_COLOURS = {letter_rules.OVERDUE: RED, letter_rules.REPLIED: GREEN}
CLOCK_COLOURS = CLOCK_TEXT

#: Fields in the order of the paper form: the first one in error gets the focus.
FIELD_ORDER = [
    "from_department_id", "to_department_id", "issuer_name", "copies", "complaint_id", "subject", "body",
    "requirement", "reply_due", "reply_text", "leader_opinion",
]


def _caption(text: str, required: bool = False) -> str:
    return f"{text} <span style='color:{RED}'>*</span>" if required else text


def signature(name: str, at: datetime | None) -> str:
    """``签名:赵建国 2026-11-20 14:05`` under a signed block; blank line while unsigned."""
    if not name or at is None:
        return _("签名:________  日期:________")
    return _("签名:{name} {time}").format(name=name, time=at.strftime(TIME_FORMAT))


def clock_colour(state: ClockState) -> str:
    return CLOCK_COLOURS.get(state.status, "")


def _then_read(action: Any, db: Any, actor: Any, letter_id: int, *args: Any) -> LetterEntry:
    """Runs on the database worker: the action, then the letter with its clock as it now stands."""
    action(db, actor, letter_id, *args)
    return letters.entry(db, actor, letter_id)


def _create_and_read(db: Any, actor: Any, form: LetterInput) -> LetterEntry:
    view = letters.create(db, actor, form)
    return letters.entry(db, actor, view.id)


def complaint_summary(complaint: ComplaintView) -> tuple[str, str]:
    """事由 and 具体内容 of a letter written for ``complaint``."""
    subject = _("关于投诉 {number}({who} {where})的处理").format(
        number=complaint.number, who=complaint.complainant, where=complaint.location_text).replace(" )", ")")
    lines = [
        _("投诉编号:{n}").format(n=complaint.number),
        _("受理时间:{t}").format(t=complaint.received_at.strftime(TIME_FORMAT)),
        _("投诉人:{who}  {where}").format(who=complaint.complainant, where=complaint.location_text).rstrip(),
        _("投诉内容:{c}").format(c=complaint.content),
    ]
    if complaint.demand:
        lines.append(_("客户要求:{d}").format(d=complaint.demand))
    return subject, "\n".join(lines)


class LetterDialog(FieldErrors, Dialog):
    """Write a new letter (``letter_id=None``), optionally for a complaint, or open a saved one."""

    field_order = FIELD_ORDER

    saved_letter = Signal(object)  # LetterView, after every successful change
    printed = Signal(object)  # Path of the PDF, before the preview opens

    def __init__(
        self, ctx: AppContext, letter_id: int | None = None, complaint_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        self.ctx = ctx
        self.entry: LetterEntry | None = letters.entry(ctx.db, ctx.actor, letter_id) if letter_id else None
        self.complaint: ComplaintView | None = None
        cid = self.entry.view.complaint_id if self.entry else complaint_id
        if cid is not None and self.entry is None:
            self.complaint = complaints.get(ctx.db, ctx.actor, cid)
        self._complaint_id = cid
        self._departments = reference.departments(ctx.db)
        self._default_limit = deadlines.rules(ctx.db)["letter_reply"].limit
        self._busy = False
        self.last_print_path: Path | None = None
        if self.entry is None:
            title, buttons = _("新建工作联系函"), QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        else:
            title = _("工作联系函 {number}").format(number=self.entry.view.number)
            buttons = QDialogButtonBox.StandardButton.Close
        super().__init__(title, "letter_dialog", parent, buttons=buttons, default_size=DEFAULT_SIZE)
        self.setMinimumSize(720, 560)
        self.save_button = self.button_box.button(QDialogButtonBox.StandardButton.Save)
        if self.save_button is not None:
            self.save_button.setText(_("发函"))
            self.save_button.setObjectName("save_button")
            self.save_button.setToolTip(_("保存并发出(Ctrl+S)"))
        self.save_shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self)
        self.print_shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Print), self)
        self.refresh_timer = QTimer(self)
        self.refresh_timer.setInterval(REFRESH_MS)
        self._load()
        self._connect()

    # ------------------------------------------------------------------ building

    def setup_ui(self, layout: QVBoxLayout) -> None:
        self.error_labels: dict[str, QLabel] = {}
        body = QWidget(self)
        body.setObjectName("letter_body")
        column = QVBoxLayout(body)
        column.setContentsMargins(4, 4, 8, 4)
        column.setSpacing(8)
        column.addLayout(self._build_title(body))
        column.addWidget(self._build_header(body))
        column.addWidget(self._build_reply(body))
        column.addWidget(self._build_leader(body))
        self.form_error_label = error_label("form", body)
        column.addWidget(self.form_error_label)
        column.addStretch(1)
        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setWidget(body)
        layout.addWidget(self.scroll, 1)

        actions = QHBoxLayout()
        self.print_button = QPushButton(_("打印"), self)
        self.print_button.setObjectName("print_button")
        self.print_button.setToolTip(_("预览并打印这份联系函(Ctrl+P)"))
        self.print_blank_button = QPushButton(_("打印空白函"), self)
        self.print_blank_button.setObjectName("print_blank_button")
        self.print_blank_button.setToolTip(_("打印空白的《工作联系函》,电脑不能用时手写,之后再补录"))
        self.status_line = QLabel(self)
        self.status_line.setObjectName("status_line")
        self.status_line.setStyleSheet(HINT_STYLE)
        actions.addWidget(self.print_button)
        actions.addWidget(self.print_blank_button)
        actions.addWidget(self.status_line, 1)
        layout.addLayout(actions)

    def _build_title(self, parent: QWidget) -> QVBoxLayout:
        title_row = form_title_row(_("工作联系函"), FORM_NUMBER, parent)

        self.status_label = QLabel(parent)
        self.status_label.setObjectName("status_label")
        self.time_left_label = QLabel(parent)
        self.time_left_label.setObjectName("time_left_label")
        state_row = QHBoxLayout()
        state_row.addWidget(QLabel(_("状态:"), parent))
        state_row.addWidget(self.status_label)
        state_row.addSpacing(24)
        state_row.addWidget(QLabel(_("回复时限:"), parent))
        state_row.addWidget(self.time_left_label)
        state_row.addStretch(1)
        header = QVBoxLayout()
        header.setSpacing(4)
        header.addLayout(title_row)
        header.addLayout(state_row)
        return header

    def _grid_group(self, title: str, parent: QWidget, name: str) -> tuple[QGroupBox, QGridLayout]:
        group = QGroupBox(title, parent)
        group.setObjectName(name)
        grid = QGridLayout(group)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(3)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        grid.setColumnMinimumWidth(0, self.fontMetrics().horizontalAdvance(_("具体内容") + " * ") + 8)
        return group, grid

    def _add_field(
        self, grid: QGridLayout, row: int, column: int, caption: str, widget: QWidget, field: str,
        span: int = 1, required: bool = False, top: bool = False,
    ) -> QLabel:
        """Caption left of the widget, the widget, and its error label directly under it."""
        label = QLabel(_caption(caption, required and self.entry is None), widget.parentWidget())
        label.setAlignment(Qt.AlignmentFlag.AlignRight
                           | (Qt.AlignmentFlag.AlignTop if top else Qt.AlignmentFlag.AlignVCenter))
        if top:
            label.setContentsMargins(0, 4, 0, 0)
        label.setBuddy(widget)
        grid.addWidget(label, row, column)
        grid.addWidget(widget, row, column + 1, 1, span)
        error = error_label(field, widget.parentWidget())
        error.setWordWrap(True)
        self.error_labels[field] = error
        grid.addWidget(error, row + 1, column + 1, 1, span)
        return label

    def _text_box(self, parent: QWidget, name: str, lines: int, placeholder: str = "") -> QPlainTextEdit:
        box = QPlainTextEdit(parent)
        box.setObjectName(name)
        box.setTabChangesFocus(True)
        box.setPlaceholderText(placeholder)
        box.setMinimumHeight(box.fontMetrics().lineSpacing() * lines + 14)
        return box

    def _build_header(self, parent: QWidget) -> QGroupBox:
        group, grid = self._grid_group(_("发函"), parent, "sender_group")
        self.number_label = QLabel(group)
        self.number_label.setObjectName("number_label")
        self.sent_at_label = QLabel(group)
        self.sent_at_label.setObjectName("sent_at_label")
        self.handler_label = QLabel(group)
        self.handler_label.setObjectName("handler_label")
        self.from_department_combo = QComboBox(group)
        self.from_department_combo.setObjectName("from_department_combo")
        self.to_department_combo = QComboBox(group)
        self.to_department_combo.setObjectName("to_department_combo")
        self.to_department_combo.setPlaceholderText(_("请选择"))
        self.issuer_edit = QLineEdit(group)
        self.issuer_edit.setObjectName("issuer_edit")
        self.issuer_edit.setMaxLength(letter_rules.ISSUER_MAX)
        self.issuer_edit.setPlaceholderText(_("签发的负责人"))
        self.copies_edit = QLineEdit(group)
        self.copies_edit.setObjectName("copies_edit")
        self.copies_edit.setMaxLength(letter_rules.COPIES_MAX)
        self.copies_edit.setPlaceholderText(_("例如:上级领导、总经理"))
        self.complaint_label = QLabel(group)
        self.complaint_label.setObjectName("complaint_label")
        self.subject_edit = QLineEdit(group)
        self.subject_edit.setObjectName("subject_edit")
        self.subject_edit.setMaxLength(letter_rules.SUBJECT_MAX)
        self.body_edit = self._text_box(group, "body_edit", 6, _("需要对方了解的情况:时间、地点、经过"))
        self.requirement_edit = self._text_box(group, "requirement_edit", 2, _("希望对方如何处理、何时答复"))
        self.requirement_edit.setFixedHeight(self.requirement_edit.minimumHeight())
        self.reply_due_edit = QDateTimeEdit(group)
        self.reply_due_edit.setObjectName("reply_due_edit")
        self.reply_due_edit.setCalendarPopup(True)
        self.reply_due_edit.setDisplayFormat("yyyy-MM-dd HH:mm")

        self._add_field(grid, 0, 0, _("编号"), self.number_label, "number")
        self._add_field(grid, 0, 2, _("发函日期"), self.sent_at_label, "sent_at")
        self._add_field(grid, 2, 0, _("发函部门"), self.from_department_combo, "from_department_id", required=True)
        self._add_field(grid, 2, 2, _("经办人"), self.handler_label, "handler")
        self._add_field(grid, 4, 0, _("收函部门"), self.to_department_combo, "to_department_id", required=True)
        self._add_field(grid, 4, 2, _("签发人"), self.issuer_edit, "issuer_name", required=True)
        self._add_field(grid, 6, 0, _("抄送"), self.copies_edit, "copies", span=3)
        self._add_field(grid, 8, 0, _("关联投诉"), self.complaint_label, "complaint_id", span=3)
        self._add_field(grid, 10, 0, _("事由"), self.subject_edit, "subject", span=3, required=True)
        self._add_field(grid, 12, 0, _("具体内容"), self.body_edit, "body", span=3, required=True, top=True)
        self._add_field(grid, 14, 0, _("处理要求"), self.requirement_edit, "requirement", span=3, top=True)
        self._add_field(grid, 16, 0, _("回复期限"), self.reply_due_edit, "reply_due", required=True)
        return group

    def _build_reply(self, parent: QWidget) -> QGroupBox:
        group, grid = self._grid_group(_("收函部门回复"), parent, "reply_group")
        self.reply_box = group
        self.received_label = QLabel(group)
        self.received_label.setObjectName("received_label")
        self.receive_button = QPushButton(_("签收"), group)
        self.receive_button.setObjectName("receive_button")
        self.receive_button.setToolTip(_("收函部门确认已收到这份联系函"))
        self.reply_text_edit = self._text_box(group, "reply_text_edit", 3, _("处理情况与结果"))
        self.reply_sign_label = QLabel(group)
        self.reply_sign_label.setObjectName("reply_sign_label")
        self.reply_button = QPushButton(_("回复"), group)
        self.reply_button.setObjectName("reply_button")
        self.reply_button.setToolTip(_("签名并提交回复意见(Ctrl+S)"))
        receipt = QHBoxLayout()
        receipt.addWidget(self.received_label, 1)
        receipt.addWidget(self.receive_button)
        grid.addWidget(QLabel(_("签收"), group), 0, 0, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        grid.addLayout(receipt, 0, 1, 1, 3)
        self._add_field(grid, 2, 0, _("回复意见"), self.reply_text_edit, "reply_text", span=3, top=True)
        sign = QHBoxLayout()
        sign.addStretch(1)
        sign.addWidget(self.reply_sign_label)
        sign.addWidget(self.reply_button)
        grid.addLayout(sign, 4, 1, 1, 3)
        return group

    def _build_leader(self, parent: QWidget) -> QGroupBox:
        group, grid = self._grid_group(_("领导意见"), parent, "leader_group")
        self.leader_box = group
        self.leader_opinion_edit = self._text_box(group, "leader_opinion_edit", 2)
        self.leader_sign_label = QLabel(group)
        self.leader_sign_label.setObjectName("leader_sign_label")
        self.opinion_button = QPushButton(_("领导意见"), group)
        self.opinion_button.setObjectName("opinion_button")
        self.opinion_button.setToolTip(_("签名并保存领导意见"))
        self._add_field(grid, 0, 0, _("意见"), self.leader_opinion_edit, "leader_opinion", span=3, top=True)
        sign = QHBoxLayout()
        sign.addStretch(1)
        sign.addWidget(self.leader_sign_label)
        sign.addWidget(self.opinion_button)
        grid.addLayout(sign, 2, 1, 1, 3)
        return group

    def _connect(self) -> None:
        self.save_shortcut.activated.connect(self.save)
        self.print_shortcut.activated.connect(self.print_letter)
        self.print_button.clicked.connect(self.print_letter)
        self.print_blank_button.clicked.connect(self.print_blank)
        self.receive_button.clicked.connect(self.receive)
        self.reply_button.clicked.connect(self.reply)
        self.opinion_button.clicked.connect(self.give_opinion)
        self.refresh_timer.timeout.connect(self.refresh_clock)
        for field, widget in self._field_widgets().items():
            if isinstance(widget, QLineEdit):
                widget.textEdited.connect(lambda _t, f=field: self._clear_error(f))
            elif isinstance(widget, QPlainTextEdit):
                widget.textChanged.connect(lambda f=field: self._clear_error(f))
            elif isinstance(widget, QComboBox):
                widget.currentIndexChanged.connect(lambda _i, f=field: self._clear_error(f))
            elif isinstance(widget, QDateTimeEdit):
                widget.dateTimeChanged.connect(lambda _d, f=field: self._clear_error(f))

    # ------------------------------------------------------------------ values

    def _fill_departments(self, extra: list[Option]) -> None:
        options = list(self._departments)
        for option in extra:  # a department switched off since keeps showing on the old letter
            if all(o.id != option.id for o in options):
                options.append(option)
        for combo in (self.from_department_combo, self.to_department_combo):
            for option in options:
                combo.addItem(option.name, option.id)

    def _load(self) -> None:
        actor = self.ctx.actor
        if self.entry is None:
            self._fill_departments([])
            self.number_label.setText(_("发函后自动生成"))
            self.number_label.setStyleSheet(HINT_STYLE)
            self.sent_at_label.setText(now().strftime(TIME_FORMAT))
            self.handler_label.setText(actor.display_name)
            home = actor.department_id if actor.department_id is not None else (
                self._departments[0].id if self._departments else None)
            _select(self.from_department_combo, home)
            self.from_department_combo.setEnabled(actor.role != Role.HANDLER)
            self.to_department_combo.setCurrentIndex(-1)
            due = now() + self._default_limit
            due = due.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
            self.reply_due_edit.setMinimumDateTime(QDateTime(now().replace(second=0, microsecond=0)))
            self.reply_due_edit.setDateTime(QDateTime(due))
            if self.complaint is not None:
                subject, body = complaint_summary(self.complaint)
                self.subject_edit.setText(subject)
                self.body_edit.setPlainText(body)
                self.complaint_label.setText(self.complaint.number)
                if self.complaint.department_id is not None and self.complaint.department_id != home:
                    _select(self.to_department_combo, self.complaint.department_id)
            else:
                self.complaint_label.setText(_("(无)"))
                self.complaint_label.setStyleSheet(HINT_STYLE)
            self.status_label.setText(_("新建"))
            self.time_left_label.setText(_("发函后开始计时"))
            self.time_left_label.setStyleSheet(HINT_STYLE)
            self._apply_permissions()
            self.reply_sign_label.setText(signature("", None))
            self.leader_sign_label.setText(signature("", None))
            self.received_label.setText(_("发函后由收函部门签收"))
            self.print_button.setToolTip(_("发函后才能打印;手写请用“打印空白函”"))
            (self.subject_edit if self.complaint is None else self.to_department_combo).setFocus()
            return
        view = self.entry.view
        self._fill_departments([Option(view.from_department_id, view.from_department_name),
                                Option(view.to_department_id, view.to_department_name)])
        for widget in (self.from_department_combo, self.to_department_combo, self.reply_due_edit):
            widget.setEnabled(False)
        for widget in (self.issuer_edit, self.copies_edit, self.subject_edit):
            widget.setReadOnly(True)
        for widget in (self.body_edit, self.requirement_edit):
            widget.setReadOnly(True)
        self.setStyleSheet(READ_ONLY_STYLE)
        self.show_entry(self.entry)
        self.refresh_timer.start()
        first = next((w for w, b in ((self.reply_text_edit, self.reply_button),
                                     (self.leader_opinion_edit, self.opinion_button)) if not b.isHidden()), None)
        if first is not None:
            first.setFocus()
        else:
            self.button_box.setFocus()

    def show_entry(self, entry: LetterEntry) -> None:
        """Show a saved letter as it now stands, with what the signed-in user may still do."""
        self.entry = entry
        view = entry.view
        self.setWindowTitle(_("工作联系函 {number}").format(number=view.number))
        self.number_label.setText(view.number)
        self.number_label.setStyleSheet("font-weight: bold;")
        self.sent_at_label.setText(view.sent_at.strftime(TIME_FORMAT))
        self.handler_label.setText(view.handler_name)
        _select(self.from_department_combo, view.from_department_id)
        _select(self.to_department_combo, view.to_department_id)
        self.issuer_edit.setText(view.issuer_name)
        self.copies_edit.setText(view.copies)
        self.complaint_label.setText(view.complaint_number or _("(无)"))
        self.complaint_label.setStyleSheet("" if view.complaint_number else HINT_STYLE)
        self.subject_edit.setText(view.subject)
        self.subject_edit.setCursorPosition(0)
        self.body_edit.setPlainText(view.body)
        self.requirement_edit.setPlainText(view.requirement)
        self.reply_due_edit.setMinimumDateTime(QDateTime(min(view.reply_due, view.sent_at)))
        self.reply_due_edit.setDateTime(QDateTime(view.reply_due))
        if view.received_at is not None:
            self.received_label.setText(_("已签收:{name} {time}").format(
                name=view.received_by_name, time=view.received_at.strftime(TIME_FORMAT)))
        else:
            self.received_label.setText(_("尚未签收"))
        self.reply_text_edit.setPlainText(view.reply_text)
        self.reply_sign_label.setText(signature(view.replied_by_name, view.replied_at))
        self.leader_opinion_edit.setPlainText(view.leader_opinion)
        self.leader_sign_label.setText(signature(view.leader_name, view.leader_at))
        self._show_clock(entry)
        self._apply_permissions()

    def _show_clock(self, entry: LetterEntry) -> None:
        view, state = entry.view, entry.clock
        colour = STATUS_COLOURS.get(view.status, "")
        self.status_label.setText(letter_rules.STATUS_LABELS.get(view.status, view.status))
        self.status_label.setStyleSheet(f"font-weight: bold; color: {colour};" if colour else "font-weight: bold;")
        deadline = _("期限 {t}").format(t=view.reply_due.strftime(TIME_FORMAT))
        self.time_left_label.setText(f"{describe_remaining(state)}({deadline})")
        colour = clock_colour(state)
        self.time_left_label.setStyleSheet(f"color: {colour};" if colour else "")

    def _apply_permissions(self) -> None:
        view = self.entry.view if self.entry else None
        actor = self.ctx.actor
        answering = view is not None and letter_rules.may_answer(actor, view.to_department_id)
        can_receive = answering and view.received_at is None
        can_reply = answering and view.replied_at is None
        can_opine = view is not None and letter_rules.may_give_opinion(actor)
        self.reply_box.setEnabled(view is not None)
        self.leader_box.setEnabled(view is not None)
        self.receive_button.setVisible(can_receive)
        self.reply_button.setVisible(can_reply)
        self.reply_text_edit.setReadOnly(not can_reply)
        if can_reply and not self.reply_text_edit.toPlainText():
            self.reply_text_edit.setPlaceholderText(_("处理情况与结果;写好后点“回复”"))
        elif not can_reply:
            self.reply_text_edit.setPlaceholderText(
                "" if view and view.replied_at else _("由收函部门填写"))
        self.opinion_button.setVisible(can_opine)
        self.leader_opinion_edit.setReadOnly(not can_opine)
        self.leader_opinion_edit.setPlaceholderText(
            _("写好后点“领导意见”保存") if can_opine else ("" if view and view.leader_at else _("由领导填写")))
        self.print_button.setEnabled(view is not None)
        for edit in (self.reply_text_edit, self.leader_opinion_edit):
            edit.style().unpolish(edit)
            edit.style().polish(edit)

    def form_input(self) -> LetterInput:
        due = self.reply_due_edit.dateTime().toPython()
        return LetterInput(
            from_department_id=self.from_department_combo.currentData(),
            to_department_id=self.to_department_combo.currentData(),
            subject=self.subject_edit.text().strip(),
            body=self.body_edit.toPlainText().strip(),
            reply_due=due.replace(second=0, microsecond=0) if due else None,
            issuer_name=self.issuer_edit.text().strip(),
            copies=self.copies_edit.text().strip(),
            requirement=self.requirement_edit.toPlainText().strip(),
            complaint_id=self._complaint_id,
        )

    # ------------------------------------------------------------------ errors

    def _field_widgets(self) -> dict[str, QWidget]:
        return {
            "from_department_id": self.from_department_combo, "to_department_id": self.to_department_combo,
            "issuer_name": self.issuer_edit, "copies": self.copies_edit, "subject": self.subject_edit,
            "body": self.body_edit, "requirement": self.requirement_edit, "reply_due": self.reply_due_edit,
            "reply_text": self.reply_text_edit, "leader_opinion": self.leader_opinion_edit,
        }

    def _show_error_summary(self, count: int) -> None:
        if count:
            self.status_line.setText(_("有 {n} 处需要修改,见红色提示。").format(n=count))

    # ------------------------------------------------------------------ actions

    def accept(self) -> None:
        """The 发函 button of a new letter."""
        self.save()

    def save(self) -> None:
        """Ctrl+S: send a new letter, or sign the reply / the opinion being written."""
        if self._busy:
            return
        if self.entry is None:
            self._send()
        elif not self.reply_button.isHidden() and self.reply_text_edit.toPlainText().strip():
            self.reply()
        elif not self.opinion_button.isHidden() and self.leader_opinion_edit.toPlainText().strip():
            self.give_opinion()

    def _send(self) -> None:
        form = self.form_input()
        errors = letter_rules.validate_letter(form, now())
        if errors:
            self.show_errors(errors)
            return
        self.show_errors({})
        self._run(_create_and_read, self.ctx.db, self.ctx.actor, form, message=_("正在发函…"),
                  on_done=self._on_sent)

    def _on_sent(self, entry: LetterEntry) -> None:
        self._on_changed(entry)
        super().accept()

    def receive(self) -> None:
        if self.entry is None or self._busy:
            return
        view = self.entry.view
        self._run(_then_read, letters.receive, self.ctx.db, self.ctx.actor, view.id, view.version,
                  message=_("正在签收…"))

    def reply(self) -> None:
        if self.entry is None or self._busy:
            return
        text = self.reply_text_edit.toPlainText().strip()
        if not text:
            self.show_errors({"reply_text": _("请填写回复意见")})
            return
        view = self.entry.view
        self._run(_then_read, letters.reply, self.ctx.db, self.ctx.actor, view.id, text, view.version,
                  message=_("正在提交回复…"))

    def give_opinion(self) -> None:
        if self.entry is None or self._busy:
            return
        text = self.leader_opinion_edit.toPlainText().strip()
        if not text:
            self.show_errors({"leader_opinion": _("请填写领导意见")})
            return
        view = self.entry.view
        self._run(_then_read, letters.leader_opinion, self.ctx.db, self.ctx.actor, view.id, text, view.version,
                  message=_("正在保存领导意见…"))

    def _run(self, fn: Any, *args: Any, message: str, on_done: Any = None) -> None:
        self._set_busy(True, message)
        self.ctx.runner.run_db(fn, *args, on_done=on_done or self._on_changed, on_error=self._on_failed,
                               parent=self)

    def _set_busy(self, busy: bool, message: str = "") -> None:
        self._busy = busy
        for button in (self.save_button, self.receive_button, self.reply_button, self.opinion_button):
            if button is not None:
                button.setEnabled(not busy)
        self.status_line.setText(message)

    def _on_changed(self, entry: LetterEntry) -> None:
        self._set_busy(False)
        self.show_errors({})
        if self.entry is not None:
            self.show_entry(entry)
        else:
            self.entry = entry
        self.status_line.setText(_("已保存。"))
        self.saved_letter.emit(entry.view)

    def _on_failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        if isinstance(exc, ValidationFailed):
            self.show_errors(exc.fields)
        else:
            self.status_line.setText(_("没有保存。"))
            show_error(self, exc)

    def refresh_clock(self) -> None:
        """Every minute: the status and time left as they now stand (typed text is kept)."""
        if self.entry is None or self._busy:
            return
        self.ctx.runner.run_db(letters.entry, self.ctx.db, self.ctx.actor, self.entry.view.id,
                               on_done=self._show_clock, show_errors=False, parent=self)

    # ------------------------------------------------------------------ printing

    def print_letter(self) -> None:
        if self.entry is not None:
            self._print(self.entry.view.id, self.entry.view.number)

    def print_blank(self) -> None:
        self._print(None, _("空白"))

    def _print(self, letter_id: int | None, label: str) -> None:
        folder = data_dir() / "tmp"
        folder.mkdir(parents=True, exist_ok=True)
        handle = tempfile.NamedTemporaryFile(prefix="letter_", suffix=".pdf", dir=folder, delete=False)
        handle.close()
        out = Path(handle.name)
        title = _("工作联系函 {label}").format(label=label)
        self.status_line.setText(_("正在生成打印文件…"))
        self.ctx.runner.run_file(
            letters.print_letter, self.ctx.db, self.ctx.actor, letter_id, out, parent=self,
            on_done=lambda _pages: self._show_preview(out, title),
            on_error=self._on_print_failed,
        )

    def _on_print_failed(self, exc: BaseException) -> None:
        self.status_line.setText(_("没有生成打印文件。"))
        show_error(self, exc)

    def _show_preview(self, out: Path, title: str) -> None:
        self.status_line.clear()
        self.last_print_path = out
        self.printed.emit(out)
        from frontdesk.ui.common.print_preview import PrintPreviewDialog

        dialog = PrintPreviewDialog(out, title, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def done(self, result: int) -> None:
        self.refresh_timer.stop()
        super().done(result)


def _select(combo: QComboBox, value: object) -> None:
    for index in range(combo.count()):
        if combo.itemData(index) == value:
            combo.setCurrentIndex(index)
            return
    combo.setCurrentIndex(-1)
