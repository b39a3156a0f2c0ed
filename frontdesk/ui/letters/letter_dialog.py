"""The work contact letter — 《工作联系函》 Z-QR-025 (SPEC §3), laid out like the paper form.

Top: the sender's part (编号, 发函部门, 经办人, 签发人, 收函部门, 抄送, 发函日期, 事由,
具体内容, 处理要求, 回复期限, the linked complaint), filled in once when the letter is
written.  Below: the receiving department's 回复意见 with its signature, then the
leaders' opinion.  Each block is editable only by the roles the permission table allows;
the service checks again.  The status and the time left to reply are shown at the top,
amber near the deadline and red once it has passed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from PySide6.QtCore import QDateTime, QSize
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QDateTimeEdit,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from frontdesk.domain import letter as letter_rules
from frontdesk.domain.changes import LETTER
from frontdesk.domain.letter import LetterEntry, LetterInput
from frontdesk.domain.permissions import Perm, is_scoped
from frontdesk.domain.sla import describe_remaining
from frontdesk.domain.types import ComplaintView, Option
from frontdesk.domain.wallclock import now
from frontdesk.i18n import _
from frontdesk.services import complaints, deadlines, letters, reference
from frontdesk.ui.common import style
from frontdesk.ui.common.printing import print_with_preview
from frontdesk.ui.common.record_form import RecordForm
from frontdesk.ui.common.widgets import (
    TIME_FORMAT,
    FieldGroup,
    action_button,
    form_title_row,
    select,
    signature_label,
    signature_text,
    text_box,
    value_label,
)

FORM_NUMBER = "Z-QR-025"

STATUS_COLOURS = {letter_rules.OVERDUE: style.RED, letter_rules.REPLIED: style.GREEN}

#: Fields in the order of the paper form: the first one in error gets the focus.
FIELD_ORDER = [
    "from_department_id", "to_department_id", "issuer_name", "copies", "complaint_id", "subject", "body",
    "requirement", "reply_due", "reply_text", "leader_opinion",
]


@dataclass(frozen=True)
class LetterData:
    """A saved letter with its clock, or what a new one starts from."""

    entry: LetterEntry | None
    complaint: ComplaintView | None  # the complaint a new letter is written about
    departments: list[Option]
    default_limit: timedelta


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


def _then_read(db: Any, actor: Any, action: Any, letter_id: int, *args: Any) -> LetterEntry:
    """Runs on the database worker: the action, then the letter with its clock as it now stands."""
    action(db, actor, letter_id, *args)
    return letters.entry(db, actor, letter_id)


def _create_and_read(db: Any, actor: Any, form: LetterInput) -> LetterEntry:
    view = letters.create(db, actor, form)
    return letters.entry(db, actor, view.id)


class LetterDialog(RecordForm):
    """Write a new letter (``record_id=None``, optionally ``complaint_id=``), or open a saved one."""

    kind = "letter"
    record_kind = LETTER
    form_name = "letter_dialog"
    default_size = QSize(860, 700)
    field_order = FIELD_ORDER
    refresh_ms = 60_000

    @staticmethod
    def load(db: Any, actor: Any, record_id: int | None, context: dict[str, Any]) -> LetterData:
        entry = letters.entry(db, actor, record_id) if record_id is not None else None
        complaint_id = context.get("complaint_id")
        complaint = complaints.get(db, actor, complaint_id) if entry is None and complaint_id else None
        return LetterData(entry, complaint, reference.departments(db), deadlines.rules(db)["letter_reply"].limit)

    def title_for(self, data: LetterData | None) -> str:
        if data is not None and data.entry is not None:
            return _("工作联系函 {number}").format(number=data.entry.view.number)
        return _("新建工作联系函") if self.record_id is None else _("工作联系函")

    def buttons(self) -> QDialogButtonBox.StandardButton:
        if self.record_id is None:
            return QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        return QDialogButtonBox.StandardButton.Close

    def read_only_reason(self, data: LetterData) -> str:
        actor = self.ctx.actor
        if letter_rules.may_write(actor) or self.ctx.can(Perm.LETTER_ANSWER) or letter_rules.may_give_opinion(actor):
            return ""
        return _("您的角色只能查看联系函,不能发函、回复或签署意见。")

    def write_buttons(self) -> list[QAbstractButton]:
        return [*super().write_buttons(), self.receive_button, self.reply_button, self.opinion_button]

    def first_focus(self) -> QWidget | None:
        if self.entry is None:
            return self.subject_edit if self.data.complaint is None else self.to_department_combo
        return next((w for w, b in ((self.reply_text_edit, self.reply_button),
                                    (self.leader_opinion_edit, self.opinion_button)) if not b.isHidden()),
                    self.button_box)

    def is_dirty(self) -> bool:
        if self.data is None:
            return False
        if self.entry is None:
            return self.form_input() != self._initial
        view = self.entry.view
        return any(not button.isHidden() and edit.toPlainText().strip() != value for edit, button, value in (
            (self.reply_text_edit, self.reply_button, view.reply_text),
            (self.leader_opinion_edit, self.opinion_button, view.leader_opinion)))

    def rebase(self, old: LetterData, new: LetterData) -> None:
        """The newest letter, with the reply or opinion being written kept while its block is still open."""
        if new.entry is None:
            return  # a new letter: nothing elsewhere can change what is typed
        typed = {edit: edit.toPlainText() for edit in (self.reply_text_edit, self.leader_opinion_edit)
                 if not edit.isReadOnly()}
        self.show_data(new)
        for edit, text in typed.items():
            if not edit.isReadOnly():
                edit.setPlainText(text)

    @property
    def entry(self) -> LetterEntry | None:
        return self.data.entry if self.data is not None else None

    # ------------------------------------------------------------------ building

    def build_body(self, body: QVBoxLayout) -> None:
        parent = body.parentWidget()
        caption_width = self.fontMetrics().horizontalAdvance(_("具体内容") + " * ") + 8
        body.addLayout(self._build_title(parent))
        body.addWidget(self._build_header(parent, caption_width))
        body.addWidget(self._build_reply(parent, caption_width))
        body.addWidget(self._build_leader(parent, caption_width))

    def build_actions(self, row: QHBoxLayout) -> None:
        self.print_button = action_button(_("打印"), "print_button", _("预览并打印这份联系函(Ctrl+P)"), self)
        self.print_blank_button = action_button(
            _("打印空白函"), "print_blank_button", _("打印空白的《工作联系函》,电脑不能用时手写,之后再补录"), self)
        row.addWidget(self.print_button)
        row.addWidget(self.print_blank_button)

    def _build_title(self, parent: QWidget) -> QVBoxLayout:
        self.status_label = value_label("status_label", parent=parent)
        self.time_left_label = value_label("time_left_label", parent=parent)
        state_row = QHBoxLayout()
        state_row.addWidget(QLabel(_("状态:"), parent))
        state_row.addWidget(self.status_label)
        state_row.addSpacing(24)
        state_row.addWidget(QLabel(_("回复时限:"), parent))
        state_row.addWidget(self.time_left_label)
        state_row.addStretch(1)
        header = QVBoxLayout()
        header.setSpacing(4)
        header.addLayout(form_title_row(_("工作联系函"), FORM_NUMBER, parent))
        header.addLayout(state_row)
        return header

    def _build_header(self, parent: QWidget, caption_width: int) -> FieldGroup:
        group = FieldGroup(_("发函"), "sender_group", self.fields, parent, columns=2, caption_width=caption_width)
        self.number_label = value_label("number_label", parent=group)
        self.sent_at_label = value_label("sent_at_label", parent=group)
        self.handler_label = value_label("handler_label", parent=group)
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
        self.complaint_label = value_label("complaint_label", parent=group)
        self.subject_edit = QLineEdit(group)
        self.subject_edit.setObjectName("subject_edit")
        self.subject_edit.setMaxLength(letter_rules.SUBJECT_MAX)
        self.body_edit = text_box("body_edit", 6, _("需要对方了解的情况:时间、地点、经过"), group)
        self.requirement_edit = text_box("requirement_edit", 2, _("希望对方如何处理、何时答复"), group, fixed=True)
        self.reply_due_edit = QDateTimeEdit(group)
        self.reply_due_edit.setObjectName("reply_due_edit")
        self.reply_due_edit.setCalendarPopup(True)
        self.reply_due_edit.setDisplayFormat("yyyy-MM-dd HH:mm")

        new = self.record_id is None
        group.add(0, 0, _("编号"), self.number_label, "number")
        group.add(0, 2, _("发函日期"), self.sent_at_label, "sent_at")
        group.add(2, 0, _("发函部门"), self.from_department_combo, "from_department_id", required=new)
        group.add(2, 2, _("经办人"), self.handler_label, "handler")
        group.add(4, 0, _("收函部门"), self.to_department_combo, "to_department_id", required=new)
        group.add(4, 2, _("签发人"), self.issuer_edit, "issuer_name", required=new)
        group.add(6, 0, _("抄送"), self.copies_edit, "copies", span=3)
        group.add(8, 0, _("关联投诉"), self.complaint_label, "complaint_id", span=3)
        group.add(10, 0, _("事由"), self.subject_edit, "subject", span=3, required=new)
        group.add(12, 0, _("具体内容"), self.body_edit, "body", span=3, required=new, top=True)
        group.add(14, 0, _("处理要求"), self.requirement_edit, "requirement", span=3, top=True)
        group.add(16, 0, _("回复期限"), self.reply_due_edit, "reply_due", required=new)
        return group

    def _build_reply(self, parent: QWidget, caption_width: int) -> FieldGroup:
        group = FieldGroup(_("收函部门回复"), "reply_group", self.fields, parent, columns=2,
                           caption_width=caption_width)
        self.reply_box = group
        self.received_label = value_label("received_label", parent=group)
        self.receive_button = action_button(_("签收"), "receive_button", _("收函部门确认已收到这份联系函"), group)
        self.reply_text_edit = text_box("reply_text_edit", 3, _("处理情况与结果"), group)
        self.reply_sign_label = signature_label("reply_sign_label", group)
        self.reply_button = action_button(_("回复"), "reply_button", _("签名并提交回复意见(Ctrl+S)"), group)
        receipt = QWidget(group)
        receipt_row = QHBoxLayout(receipt)
        receipt_row.setContentsMargins(0, 0, 0, 0)
        receipt_row.addWidget(self.received_label, 1)
        receipt_row.addWidget(self.receive_button)
        group.add(0, 0, _("签收"), receipt, "received")
        group.add(2, 0, _("回复意见"), self.reply_text_edit, "reply_text", span=3, top=True)
        group.add_wide(4, 1, _signature_row(group, self.reply_sign_label, self.reply_button), span=3)
        return group

    def _build_leader(self, parent: QWidget, caption_width: int) -> FieldGroup:
        group = FieldGroup(_("领导意见"), "leader_group", self.fields, parent, columns=2,
                           caption_width=caption_width)
        self.leader_box = group
        self.leader_opinion_edit = text_box("leader_opinion_edit", 2, "", group)
        self.leader_sign_label = signature_label("leader_sign_label", group)
        self.opinion_button = action_button(_("领导意见"), "opinion_button", _("签名并保存领导意见"), group)
        group.add(0, 0, _("意见"), self.leader_opinion_edit, "leader_opinion", span=3, top=True)
        group.add_wide(2, 1, _signature_row(group, self.leader_sign_label, self.opinion_button), span=3)
        return group

    def connect_signals(self) -> None:
        if self.save_button is not None:
            self.save_button.setText(_("发函"))
            self.save_button.setToolTip(_("保存并发出(Ctrl+S)"))
        self.print_button.clicked.connect(self.print_record)
        self.print_blank_button.clicked.connect(self.print_blank)
        self.receive_button.clicked.connect(self.receive)
        self.reply_button.clicked.connect(self.reply)
        self.opinion_button.clicked.connect(self.give_opinion)
        self.reply_due_edit.dateTimeChanged.connect(lambda _value: self.clear_error("reply_due"))

    # ------------------------------------------------------------------ values

    def show_data(self, data: LetterData) -> None:
        if data.entry is None:
            self._show_new(data)
        else:
            self._show_entry(data)

    def _fill_departments(self, options: list[Option]) -> None:
        for combo in (self.from_department_combo, self.to_department_combo):
            combo.blockSignals(True)
            combo.clear()
            for option in options:
                combo.addItem(option.name, option.id)
            combo.blockSignals(False)

    def _show_new(self, data: LetterData) -> None:
        actor = self.ctx.actor
        self._fill_departments(data.departments)
        self.number_label.setText(_("发函后自动生成"))
        style.as_hint(self.number_label)
        self.sent_at_label.setText(now().strftime(TIME_FORMAT))
        self.handler_label.setText(actor.display_name)
        home = actor.department_id if actor.department_id is not None else (
            data.departments[0].id if data.departments else None)
        select(self.from_department_combo, home)
        self.from_department_combo.setEnabled(not is_scoped(actor.role, Perm.LETTER_WRITE))
        self.to_department_combo.setCurrentIndex(-1)
        due = now() + data.default_limit
        due = due.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
        self.reply_due_edit.setMinimumDateTime(QDateTime(now().replace(second=0, microsecond=0)))
        self.reply_due_edit.setDateTime(QDateTime(due))
        if data.complaint is not None:
            subject, body = complaint_summary(data.complaint)
            self.subject_edit.setText(subject)
            self.body_edit.setPlainText(body)
            self.complaint_label.setText(data.complaint.number)
            if data.complaint.department_id is not None and data.complaint.department_id != home:
                select(self.to_department_combo, data.complaint.department_id)
        else:
            self.complaint_label.setText(_("(无)"))
            style.as_hint(self.complaint_label)
        self.status_label.setText(_("新建"))
        self.time_left_label.setText(_("发函后开始计时"))
        style.as_hint(self.time_left_label)
        self.reply_sign_label.setText(signature_text("", None))
        self.leader_sign_label.setText(signature_text("", None))
        self.received_label.setText(_("发函后由收函部门签收"))
        self.print_button.setEnabled(False)
        self.print_button.setToolTip(_("发函后才能打印;手写请用“打印空白函”"))
        self.reply_box.setEnabled(False)
        self.leader_box.setEnabled(False)
        for button in (self.receive_button, self.reply_button, self.opinion_button):
            button.hide()
        self._initial = self.form_input()

    def _show_entry(self, data: LetterData) -> None:
        view = data.entry.view
        self._fill_departments([*data.departments,
                                *(o for o in (Option(view.from_department_id, view.from_department_name),
                                              Option(view.to_department_id, view.to_department_name))
                                  if all(d.id != o.id for d in data.departments))])
        for widget in (self.from_department_combo, self.to_department_combo, self.reply_due_edit):
            widget.setEnabled(False)
        for widget in (self.issuer_edit, self.copies_edit, self.subject_edit, self.body_edit, self.requirement_edit):
            widget.setReadOnly(True)
            widget.style().polish(widget)
        self.number_label.setText(view.number)
        style.coloured(self.number_label, "", bold=True)
        self.sent_at_label.setText(view.sent_at.strftime(TIME_FORMAT))
        self.handler_label.setText(view.handler_name)
        select(self.from_department_combo, view.from_department_id)
        select(self.to_department_combo, view.to_department_id)
        self.issuer_edit.setText(view.issuer_name)
        self.copies_edit.setText(view.copies)
        self.complaint_label.setText(view.complaint_number or _("(无)"))
        style.coloured(self.complaint_label, "" if view.complaint_number else style.HINT)
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
        self.reply_sign_label.setText(signature_text(view.replied_by_name, view.replied_at))
        self.leader_opinion_edit.setPlainText(view.leader_opinion)
        self.leader_sign_label.setText(signature_text(view.leader_name, view.leader_at))
        self.print_button.setEnabled(True)
        self.print_button.setToolTip(_("预览并打印这份联系函(Ctrl+P)"))
        self.show_clock(data.entry)
        self._apply_permissions(view)

    def show_clock(self, entry: LetterEntry) -> None:
        view, state = entry.view, entry.clock
        self.status_label.setText(letter_rules.STATUS_LABELS.get(view.status, view.status))
        style.coloured(self.status_label, STATUS_COLOURS.get(view.status, ""), bold=True)
        deadline = _("期限 {t}").format(t=view.reply_due.strftime(TIME_FORMAT))
        self.time_left_label.setText(f"{describe_remaining(state)}({deadline})")
        style.coloured(self.time_left_label, style.CLOCK_TEXT.get(state.status, ""))

    def _apply_permissions(self, view: Any) -> None:
        actor = self.ctx.actor
        answering = letter_rules.may_answer(actor, view.to_department_id)
        can_reply = answering and view.replied_at is None
        can_opine = letter_rules.may_give_opinion(actor) and view.leader_at is None  # signed once, then kept
        self.receive_button.setVisible(answering and view.received_at is None)
        self.reply_button.setVisible(can_reply)
        self.reply_text_edit.setReadOnly(not can_reply)
        self.reply_text_edit.setPlaceholderText(
            _("处理情况与结果;写好后点“回复”") if can_reply else ("" if view.replied_at else _("由收函部门填写")))
        self.opinion_button.setVisible(can_opine)
        self.leader_opinion_edit.setReadOnly(not can_opine)
        self.leader_opinion_edit.setPlaceholderText(
            _("写好后点“领导意见”保存") if can_opine else ("" if view.leader_at else _("由领导填写")))
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
            complaint_id=self.data.complaint.id if self.data is not None and self.data.complaint else None,
        )

    # ------------------------------------------------------------------ actions

    def save(self) -> None:
        """Ctrl+S: send a new letter, or sign the reply / the opinion being written."""
        if self.busy or self.data is None or self.is_read_only:
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
        self.run_write(_create_and_read, form, message=_("正在发函…"), on_done=lambda _entry: self.close_saved())

    def receive(self) -> None:
        if self.entry is not None:
            view = self.entry.view
            self.run_write(_then_read, letters.receive, view.id, view.version, message=_("正在签收…"),
                           on_done=self._changed)

    def reply(self) -> None:
        self._sign("reply_text", self.reply_text_edit.toPlainText(), letters.reply, _("正在提交回复…"))

    def give_opinion(self) -> None:
        self._sign("leader_opinion", self.leader_opinion_edit.toPlainText(), letters.leader_opinion,
                   _("正在保存领导意见…"))

    def _sign(self, field: str, text: str, action: Any, message: str) -> None:
        if self.entry is None:
            return
        errors = letter_rules.validate_text(field, text)
        if errors:
            self.show_errors(errors)
            return
        view = self.entry.view
        self.run_write(_then_read, action, view.id, text.strip(), view.version, message=message,
                       on_done=self._changed)

    def _changed(self, entry: LetterEntry) -> None:
        self.data = LetterData(entry, None, self.data.departments, self.data.default_limit)
        self.show_data(self.data)
        self.status_line.setText(_("已保存。"))

    def tick(self) -> None:
        """Every minute: the status and time left as they now stand (typed text is kept)."""
        if self.entry is not None and not self.busy:
            self.ctx.runner.run_db(letters.entry, self.ctx.db, self.ctx.actor, self.entry.view.id,
                                   on_done=self.show_clock, show_errors=False, parent=self)

    # ------------------------------------------------------------------ printing

    def print_record(self) -> None:
        if self.entry is not None:
            self._print(self.entry.view.id, self.entry.view.number)

    def print_blank(self) -> None:
        self._print(None, _("空白"))

    def _print(self, letter_id: int | None, label: str) -> None:
        print_with_preview(self.ctx, self, letters.printout, letter_id,
                           title=_("工作联系函 {label}").format(label=label), on_printed=self.printed.emit)


def _signature_row(parent: QWidget, signature: QLabel, button: QAbstractButton) -> QWidget:
    row = QWidget(parent)
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addStretch(1)
    layout.addWidget(signature)
    layout.addWidget(button)
    return row
