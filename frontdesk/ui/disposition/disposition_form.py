"""《客户投诉处置表》 ZC-QR-028 on screen: the complaint header and its blocks, top to bottom.

Each block shows its text and electronic signature (签名:name time).  A block is
editable, with its own sign button, only when the signed-in user may fill it now —
the same question the service asks (:func:`frontdesk.domain.disposition.can_fill`);
the service checks again when the button is pressed.  The clocks strip at the top
counts down every deadline of the complaint, amber near the end and red when missed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from PySide6.QtCore import QDate, QDateTime, QSize, Qt, QTime
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from frontdesk.domain import wallclock
from frontdesk.domain.changes import COMPLAINT
from frontdesk.domain.disposition import (
    ARCHIVE,
    CALLBACK_CHANNELS,
    CHANNELS_BY_GRADE,
    DISPATCH,
    ESCALATE,
    FEEDBACK,
    HEAD,
    LIMIT_MAX_MINUTES,
    METHOD,
    ON_THE_SPOT,
    REPORT_MAJOR,
    RESULT,
    SUPERVISOR,
    TEXT_RULES,
    VERIFICATION,
    can_fill,
    may_fill_any,
)
from frontdesk.domain.permissions import Perm
from frontdesk.domain.sla import ClockRule, ClockState, ClockStatus
from frontdesk.domain.types import DispositionView, Option
from frontdesk.domain.vocab import CHANNEL_LABELS, GRADE_LABELS, STATUS_LABELS, Grade, Status, term
from frontdesk.i18n import N_, _
from frontdesk.services import deadlines, disposition, reference
from frontdesk.ui.common import style
from frontdesk.ui.common.printing import print_with_preview
from frontdesk.ui.common.record_form import RecordForm
from frontdesk.ui.common.widgets import (
    TIME_FORMAT,
    action_button,
    error_label,
    form_title_row,
    signature_label,
    signature_text,
    text_box,
    value_label,
)
from frontdesk.ui.disposition.clock_strip import ClockStrip
from frontdesk.ui.disposition.step_dialog import StepDialog

FORM_NUMBER = "ZC-QR-028"
EDITABLE_STYLE = f"QPlainTextEdit {{ background: #ffffff; border: 1px solid {style.EDITABLE_BORDER}; }}"
READ_ONLY_STYLE = f"QPlainTextEdit {{ background: {style.READ_ONLY_BACKGROUND}; }}"
BLOCK_STYLE = "QGroupBox { font-weight: bold; } QGroupBox * { font-weight: normal; }"
#: The text boxes of the blocks, by attribute, with the block's name.
TEXT_BLOCKS = (("method_text", N_("处理方法")), ("result_text", N_("处理结果")),
               ("verification_text", N_("验证、回访结果")), ("supervisor_text", N_("负责人意见")))


@dataclass(frozen=True)
class DispositionData:
    view: DispositionView
    departments: list[Option]  # where it may be dispatched or escalated
    rules: dict[str, ClockRule]  # the clocks in force (the default 处理时限, which may pause)


def _qt_datetime(value: datetime) -> QDateTime:
    return QDateTime(QDate(value.year, value.month, value.day), QTime(value.hour, value.minute))


class DispositionForm(RecordForm):
    """The disposition form of one complaint (``record_id`` is the complaint's id)."""

    kind = "disposition"
    record_kind = COMPLAINT
    form_name = "disposition_form"
    default_size = QSize(900, 700)
    refresh_ms = 30_000

    def __init__(self, ctx: Any, record_id: int | None = None, parent: QWidget | None = None,
                 **context: Any) -> None:
        self.step_dialog: StepDialog | None = None
        self.last_print_path = None
        super().__init__(ctx, record_id, parent, **context)

    # ------------------------------------------------------------------ the pattern's hooks

    @staticmethod
    def load(db: Any, actor: Any, record_id: int | None, context: dict[str, Any]) -> DispositionData:
        return DispositionData(disposition.get(db, actor, record_id), reference.departments(db), deadlines.rules(db))

    def title_for(self, data: DispositionData | None) -> str:
        if data is None:
            return _("客户投诉处置表")
        return _("客户投诉处置表 - {number}").format(number=data.view.complaint.number)

    def read_only_reason(self, data: DispositionData) -> str:
        if may_fill_any(self.ctx.actor):
            return ""
        return _("您的角色只能查看处置表,不能填写或签名。")

    def write_buttons(self) -> list[QAbstractButton]:
        return [self.feedback_button, self.report_major_button, self.escalate_button, self.on_the_spot_button,
                self.pause_button, self.resume_button, self.dispatch_button, self.method_button, self.head_button,
                self.result_button, self.verification_button, self.supervisor_button, self.archive_button]

    def first_focus(self) -> QWidget | None:
        editable = [e for e in (self.method_text, self.result_text, self.verification_text, self.supervisor_text)
                    if not e.isReadOnly()]
        return editable[0] if editable else self.close_button

    def is_dirty(self) -> bool:
        if self.view is None:
            return False
        blocks = any(not edit.isReadOnly() and edit.toPlainText().strip() != value.strip() for edit, value in (
            (self.method_text, self.view.method_text), (self.result_text, self.view.result_text),
            (self.verification_text, self.view.verification_text),
            (self.supervisor_text, self.view.supervisor_opinion),
        ))
        note = self.dispatch_editor.isVisibleTo(self) and bool(self.dispatch_note_edit.text().strip())
        verifier = not self.verifier_edit.isReadOnly() and self.verifier_edit.text().strip() != self.view.verifier_name
        return blocks or note or verifier

    @property
    def view(self) -> DispositionView | None:
        return self.data.view if self.data is not None else None

    @property
    def clock_labels(self) -> dict[str, QLabel]:
        return self.clock_strip.labels

    # ------------------------------------------------------------------ building

    def build_body(self, body: QVBoxLayout) -> None:
        parent = body.parentWidget()
        body.addLayout(form_title_row(_("客户投诉处置表"), FORM_NUMBER, parent))
        self.clock_strip = ClockStrip(parent)
        body.addWidget(self.clock_strip)
        body.addLayout(self._step_buttons(parent))
        body.addWidget(self._header_box(parent))
        body.addWidget(self._dispatch_box(parent))
        body.addWidget(self._method_box(parent))
        body.addWidget(self._result_box(parent))
        body.addWidget(self._verification_box(parent))
        body.addWidget(self._supervisor_box(parent))
        body.addWidget(self._archive_box(parent))

    def build_actions(self, row: QHBoxLayout) -> None:
        self.print_button = action_button(_("打印"), "print_button", _("打印本处置表,先预览(Ctrl+P)"), self)
        self.print_blank_button = action_button(_("打印空白表"), "print_blank_button",
                                                _("打印空白处置表,停电或电脑故障时手工填写"), self)
        row.addWidget(self.print_button)
        row.addWidget(self.print_blank_button)

    def _step_buttons(self, parent: QWidget) -> QHBoxLayout:
        self.feedback_button = action_button(_("首次反馈"), "feedback_button", _("登记已给客户的首次反馈(24 小时内)"), parent)
        self.report_major_button = action_button(_("上报重大"), "report_major_button",
                                                 _("重大投诉 10 分钟内上报资产管理部负责人"), parent)
        self.escalate_button = action_button(_("升级"), "escalate_button", _("转给其他部门或上级,服务站继续跟踪"), parent)
        self.on_the_spot_button = action_button(_("现场解决"), "on_the_spot_button", _("当场解决的投诉直接填写处理结果"),
                                                parent)
        self.pause_button = action_button(_("暂停时限"), "pause_button", _("等待客户时暂停时限(须管理员允许)"), parent)
        self.resume_button = action_button(_("恢复时限"), "resume_button", "", parent)
        row = QHBoxLayout()
        for button in (self.feedback_button, self.report_major_button, self.escalate_button,
                       self.on_the_spot_button, self.pause_button, self.resume_button):
            row.addWidget(button)
        self.next_step_label = style.as_hint(value_label("next_step_label", wrap=True, parent=parent))
        row.addWidget(self.next_step_label, 1)
        return row

    def _block(self, title: str, name: str, parent: QWidget) -> tuple[QGroupBox, QVBoxLayout]:
        box = QGroupBox(title, parent)
        box.setObjectName(name)
        box.setStyleSheet(BLOCK_STYLE)
        layout = QVBoxLayout(box)
        layout.setSpacing(6)
        return box, layout

    def _text_field(self, field: str, layout: QVBoxLayout, box: QWidget, lines: int = 3) -> QPlainTextEdit:
        """A block's text box, holding no more than its rule allows, with its red message under it."""
        edit = text_box(field, lines, "", box, fixed=True, limit=TEXT_RULES[field].limit)
        message = error_label(field, box)
        self.fields.add(field, edit, message)
        layout.addWidget(edit)
        layout.addWidget(message)
        return edit

    def _sign_row(self, layout: QVBoxLayout, box: QWidget, signature: str, button: QAbstractButton | None,
                  caption: str = "") -> QLabel:
        """The block's signature line, with the button that signs it on the right."""
        row = QHBoxLayout()
        if caption:
            row.addWidget(QLabel(caption, box))
        label = signature_label(signature, box)
        row.addWidget(label)
        row.addStretch(1)
        if button is not None:
            row.addWidget(button)
        layout.addLayout(row)
        return label

    def _header_box(self, parent: QWidget) -> QGroupBox:
        box, outer = self._block(_("一、投诉信息"), "header_box", parent)
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        self.number_value = value_label("number_value", parent=box)
        self.date_value = value_label("date_value", parent=box)
        self.complainant_value = value_label("complainant_value", parent=box)
        self.phone_value = value_label("phone_value", parent=box)
        self.location_value = value_label("location_value", parent=box)
        self.grade_value = value_label("grade_value", wrap=True, parent=box)
        self.channel_value = value_label("channel_value", parent=box)
        self.state_value = value_label("state_value", parent=box)
        cells = [
            (_("编号"), self.number_value), (_("日期"), self.date_value),
            (_("投诉人"), self.complainant_value), (_("联系方式"), self.phone_value),
            (term(self.ctx.profile, "location"), self.location_value), (_("投诉渠道"), self.channel_value),
            (_("级别"), self.grade_value), (_("状态"), self.state_value),
        ]
        for index, (caption, value) in enumerate(cells):
            row, column = divmod(index, 2)
            grid.addWidget(style.as_hint(QLabel(caption + ":", box)), row, column * 2, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(value, row, column * 2 + 1)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        outer.addLayout(grid)
        self.content_value = value_label("content_value", wrap=True, parent=box)
        self.demand_value = value_label("demand_value", wrap=True, parent=box)
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        for caption, value in ((_("投诉内容"), self.content_value), (_("客户要求"), self.demand_value)):
            form.addRow(style.as_hint(QLabel(caption + ":", box)), value)
        outer.addLayout(form)
        return box

    def _dispatch_box(self, parent: QWidget) -> QGroupBox:
        box, outer = self._block(_("二、派单"), "dispatch_box", parent)
        self.dispatch_info = value_label("dispatch_info", wrap=True, parent=box)
        outer.addWidget(self.dispatch_info)
        self.dispatch_editor = QWidget(box)
        form = QFormLayout(self.dispatch_editor)
        form.setContentsMargins(0, 0, 0, 0)
        self.department_combo = QComboBox(self.dispatch_editor)
        self.department_combo.setObjectName("department_combo")
        self.department_combo.setMinimumWidth(160)
        self.limit_spin = QSpinBox(self.dispatch_editor)
        self.limit_spin.setObjectName("limit_spin")
        self.limit_spin.setRange(1, LIMIT_MAX_MINUTES)
        self.limit_spin.setSuffix(_(" 分钟"))
        self.limit_spin.setMinimumWidth(120)
        self.dispatch_note_edit = QLineEdit(self.dispatch_editor)
        self.dispatch_note_edit.setObjectName("dispatch_note_edit")
        self.dispatch_note_edit.setPlaceholderText(_("给部门的说明(可不填)"))
        self.dispatch_note_edit.setMaxLength(TEXT_RULES["dispatch_note"].limit)
        row = QHBoxLayout()
        row.addWidget(self.department_combo)
        row.addWidget(QLabel(_("处理时限"), self.dispatch_editor))
        row.addWidget(self.limit_spin)
        row.addStretch(1)
        form.addRow(_("派往部门"), row)
        form.addRow(_("说明"), self.dispatch_note_edit)
        messages = QVBoxLayout()
        for field, widget in (("department_id", self.department_combo), ("limit_minutes", self.limit_spin),
                              ("dispatch_note", self.dispatch_note_edit)):
            message = error_label(field, self.dispatch_editor)
            self.fields.add(field, widget, message)
            messages.addWidget(message)
        form.addRow("", messages)
        outer.addWidget(self.dispatch_editor)
        self.dispatch_button = action_button(_("派单并签名"), "dispatch_button", _("把处置表派给所选部门"), box)
        self.dispatch_signature = self._sign_row(outer, box, "dispatch_signature", self.dispatch_button)
        return box

    def _method_box(self, parent: QWidget) -> QGroupBox:
        box, outer = self._block(_("三、处理方法"), "method_box", parent)
        self.method_hint = style.as_hint(value_label("method_hint", wrap=True, parent=box))
        outer.addWidget(self.method_hint)
        self.method_text = self._text_field("method_text", outer, box)
        self.method_button = action_button(_("填写并签名"), "method_button", _("保存处理方法并以本人名义签名"), box)
        self.method_signature = self._sign_row(outer, box, "method_signature", self.method_button)
        self.head_button = action_button(_("负责人签字"), "head_button", _("部门负责人确认处理方法"), box)
        self.head_signature = self._sign_row(outer, box, "head_signature", self.head_button, _("部门负责人"))
        return box

    def _result_box(self, parent: QWidget) -> QGroupBox:
        box, outer = self._block(_("四、处理结果"), "result_box", parent)
        self.result_text = self._text_field("result_text", outer, box)
        row = QHBoxLayout()
        row.addWidget(QLabel(_("完成时间"), box))
        self.completed_edit = QDateTimeEdit(box)
        self.completed_edit.setObjectName("completed_edit")
        self.completed_edit.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.completed_edit.setCalendarPopup(True)
        self.completed_edit.setMinimumWidth(150)
        row.addWidget(self.completed_edit)
        self.on_the_spot_label = QLabel(_("(现场解决)"), box)
        self.on_the_spot_label.setObjectName("on_the_spot_label")
        row.addWidget(self.on_the_spot_label)
        row.addStretch(1)
        outer.addLayout(row)
        message = error_label("completed_at", box)
        self.fields.add("completed_at", self.completed_edit, message)
        outer.addWidget(message)
        self.result_button = action_button(_("填写并签名"), "result_button", _("保存处理结果并签名"), box)
        self.result_signature = self._sign_row(outer, box, "result_signature", self.result_button)
        return box

    def _verification_box(self, parent: QWidget) -> QGroupBox:
        box, outer = self._block(_("五、验证、回访结果"), "verification_box", parent)
        self.verification_text = self._text_field("verification_text", outer, box)
        row = QHBoxLayout()
        row.addWidget(QLabel(_("验证人"), box))
        self.verifier_edit = QLineEdit(box)
        self.verifier_edit.setObjectName("verifier_edit")
        self.verifier_edit.setPlaceholderText(_("回访人或投诉人"))
        self.verifier_edit.setMaxLength(TEXT_RULES["verifier_name"].limit)
        self.verifier_edit.setMaximumWidth(180)
        row.addWidget(self.verifier_edit)
        row.addSpacing(12)
        row.addWidget(QLabel(_("结论"), box))
        self.passed_combo = QComboBox(box)
        self.passed_combo.setObjectName("passed_combo")
        self.passed_combo.addItem(_("通过,客户认可"), True)
        self.passed_combo.addItem(_("未通过,退回重新处理"), False)
        self.passed_combo.setMinimumWidth(max(
            self.passed_combo.fontMetrics().horizontalAdvance(self.passed_combo.itemText(i))
            for i in range(self.passed_combo.count())) + 48)
        row.addWidget(self.passed_combo)
        row.addStretch(1)
        outer.addLayout(row)
        message = error_label("verifier_name", box)
        self.fields.add("verifier_name", self.verifier_edit, message)
        outer.addWidget(message)
        # how the customer was called back, by grade; someone not its owner records it for them
        way = QHBoxLayout()
        way_label = QLabel(_("回访方式"), box)
        way.addWidget(way_label)
        self.channel_combo = QComboBox(box)
        self.channel_combo.setObjectName("channel_combo")
        way_label.setBuddy(self.channel_combo)
        self.channel_combo.setMinimumWidth(self.channel_combo.fontMetrics().horizontalAdvance("上门面谈") + 48)
        way.addWidget(self.channel_combo)
        way.addSpacing(12)
        self.on_behalf_check = QCheckBox(box)
        self.on_behalf_check.setObjectName("on_behalf_check")
        way.addWidget(self.on_behalf_check)
        way.addStretch(1)
        outer.addLayout(way)
        for name, widget in (("verification_channel", self.channel_combo), ("verification_for", self.on_behalf_check)):
            message = error_label(name, box)
            self.fields.add(name, widget, message)
            outer.addWidget(message)
        self.verification_button = action_button(_("填写并签名"), "verification_button",
                                                  _("保存验证、回访结果并签名"), box)
        self.verification_signature = self._sign_row(outer, box, "verification_signature", self.verification_button)
        return box

    def _supervisor_box(self, parent: QWidget) -> QGroupBox:
        box, outer = self._block(_("六、资产管理部负责人意见"), "supervisor_box", parent)
        self.supervisor_text = self._text_field("supervisor_opinion", outer, box, lines=2)
        self.supervisor_text.setObjectName("supervisor_text")
        self.supervisor_button = action_button(_("签署意见"), "supervisor_button", _("签署意见后投诉结案"), box)
        self.supervisor_signature = self._sign_row(outer, box, "supervisor_signature", self.supervisor_button)
        return box

    def _archive_box(self, parent: QWidget) -> QGroupBox:
        box, outer = self._block(_("七、归档"), "archive_box", parent)
        self.archive_button = action_button(_("归档"), "archive_button", _("服务站归档本处置表"), box)
        self.archive_signature = self._sign_row(outer, box, "archive_signature", self.archive_button)
        return box

    def connect_signals(self) -> None:
        self.feedback_button.clicked.connect(self.ask_feedback)
        self.report_major_button.clicked.connect(self.ask_report_major)
        self.escalate_button.clicked.connect(self.ask_escalate)
        self.on_the_spot_button.clicked.connect(self._focus_result)
        self.pause_button.clicked.connect(self.ask_pause)
        self.resume_button.clicked.connect(self.ask_resume)
        self.print_button.clicked.connect(self.print_record)
        self.print_blank_button.clicked.connect(self.print_blank)
        self.dispatch_button.clicked.connect(self.dispatch)
        self.method_button.clicked.connect(self.write_method)
        self.head_button.clicked.connect(self.sign_method)
        self.result_button.clicked.connect(self.record_result)
        self.verification_button.clicked.connect(self.record_verification)
        self.supervisor_button.clicked.connect(self.sign_opinion)
        self.archive_button.clicked.connect(self.archive)

    # ------------------------------------------------------------------ showing

    def show_data(self, data: DispositionData) -> None:
        """Show the form: texts, signatures, which blocks this user may fill now, the clocks."""
        self._fill_departments(data)
        view = data.view
        actor = self.ctx.actor
        c = view.complaint
        self.number_value.setText(c.number)
        self.date_value.setText(c.received_at.strftime(TIME_FORMAT))
        self.complainant_value.setText(c.complainant)
        self.phone_value.setText(c.phone)
        self.location_value.setText(c.location_text or "-")
        self.channel_value.setText(CHANNEL_LABELS.get(c.channel, c.channel))
        grade = GRADE_LABELS.get(c.grade, c.grade)
        if c.grade == Grade.MAJOR and c.major_criteria:
            grade += _("({criteria})").format(criteria=c.major_criteria)
        self.grade_value.setText(grade)
        self.grade_value.setToolTip(c.grade_reason)
        state = STATUS_LABELS.get(c.status, c.status)
        if c.escalated:
            state += _(" · 已升级")
        self.state_value.setText(state)
        self.content_value.setText(c.content)
        self.demand_value.setText(c.demand or "-")

        # 2. dispatch
        dispatching = can_fill(actor, DISPATCH, view)
        self.dispatch_editor.setVisible(dispatching)
        self.dispatch_button.setVisible(dispatching)
        if view.dispatched_at is not None:
            lines = [_("派往部门:{department}    派单时间:{at}    处理时限:{limit} 分钟").format(
                department=view.department_name, at=view.dispatched_at.strftime(TIME_FORMAT),
                limit=view.handling_limit_minutes or "-")]
            if view.dispatch_note:
                lines.append(_("说明:{note}").format(note=view.dispatch_note))
            self.dispatch_info.setText("\n".join(lines))
        elif view.on_the_spot:
            self.dispatch_info.setText(_("现场解决,未派单"))
        else:
            self.dispatch_info.setText(_("尚未派单") if not dispatching else _("选择处理部门和时限后派单:"))
        self.dispatch_signature.setText(signature_text(view.dispatcher_name, view.dispatched_at))
        self.dispatch_signature.setVisible(not view.on_the_spot)

        # 3. handling method
        self._show_text(self.method_text, view.method_text, can_fill(actor, METHOD, view))
        self.method_button.setVisible(can_fill(actor, METHOD, view))
        self.method_signature.setText(signature_text(view.method_by_name, view.method_at))
        self.head_signature.setText(signature_text(view.head_name, view.head_at))
        self.head_button.setVisible(can_fill(actor, HEAD, view))
        if view.department_name and view.method_at is None and c.status == Status.DISPATCHED:
            self.method_hint.setText(_("待 {department} 填写处理方法").format(department=view.department_name))
        elif view.method_at is not None and view.head_at is None and c.status == Status.DISPATCHED:
            self.method_hint.setText(_("待 {department} 负责人签字").format(department=view.department_name))
        else:
            self.method_hint.setText("")
        self.method_hint.setVisible(bool(self.method_hint.text()))

        # 4. result
        on_the_spot = can_fill(actor, ON_THE_SPOT, view)
        result = on_the_spot or can_fill(actor, RESULT, view)
        self._show_text(self.result_text, view.result_text, result)
        self.result_button.setVisible(result)
        self.result_button.setText(_("现场解决并签名") if on_the_spot else _("填写并签名"))
        self.completed_edit.setEnabled(result)
        moment = view.completed_at or (wallclock.now() if result else None)
        if moment is not None:
            self.completed_edit.setDateTime(_qt_datetime(moment))
        else:
            self.completed_edit.setSpecialValueText(" ")
            self.completed_edit.setDateTime(self.completed_edit.minimumDateTime())
        self.on_the_spot_label.setVisible(view.on_the_spot)
        self.result_signature.setText(signature_text(view.result_by_name, view.result_at))

        # 5. verification
        verifying = can_fill(actor, VERIFICATION, view)
        self._show_text(self.verification_text, view.verification_text, verifying)
        if not verifying or not self.verifier_edit.text():
            self.verifier_edit.setText(view.verifier_name)
        self.verifier_edit.setReadOnly(not verifying)
        self.verifier_edit.setPlaceholderText(_("回访人或投诉人") if verifying else "")
        self.passed_combo.setEnabled(verifying)
        if view.verification_passed is not None:
            self.passed_combo.setCurrentIndex(0 if view.verification_passed else 1)
        if verifying:
            self.passed_combo.setCurrentIndex(0)
        self.verification_button.setVisible(verifying)
        self._show_callback_way(view, verifying)
        verified = signature_text(view.verified_by_name, view.verified_at)
        if view.verification_for and view.verified_at is not None:
            verified += _("  (代{owner}录入)").format(owner=view.verification_for)
        if view.verification_passed is False:
            verified += _("  (未通过,已退回重新处理)")
        self.verification_signature.setText(verified)

        # 6. supervisor, 7. archive
        self._show_text(self.supervisor_text, view.supervisor_opinion, can_fill(actor, SUPERVISOR, view))
        self.supervisor_button.setVisible(can_fill(actor, SUPERVISOR, view))
        self.supervisor_signature.setText(signature_text(view.supervisor_name, view.supervisor_at))
        self.archive_signature.setText(signature_text(view.archived_by_name, view.archived_at))
        self.archive_button.setVisible(can_fill(actor, ARCHIVE, view))

        # the steps
        feedback_given = any(s.key == "feedback" and not s.is_open for s in view.clocks)
        self.feedback_button.setVisible(can_fill(actor, FEEDBACK, view) and not feedback_given)
        self.report_major_button.setVisible(can_fill(actor, REPORT_MAJOR, view))
        self.escalate_button.setVisible(can_fill(actor, ESCALATE, view))
        self.on_the_spot_button.setVisible(on_the_spot)
        self.show_clocks(list(view.clocks))
        self.next_step_label.setText(self._next_step_text(view))

    def rebase(self, old: DispositionData, new: DispositionData) -> None:
        """The newest form; typing in a block still open stays (show_data keeps it), and typing in a
        block that closed meanwhile is shown in the status line, so it is not lost unseen."""
        typed = [(name, label, getattr(self, name).toPlainText().strip()) for name, label in TEXT_BLOCKS
                 if not getattr(self, name).isReadOnly() and getattr(self, name).toPlainText().strip()]
        self.show_data(new)
        lost = [(_(label), text) for name, label, text in typed if getattr(self, name).isReadOnly()]
        if lost:
            self.status_line.setText(_("这条投诉刚被其他窗口改过,{blocks}现在不能由您填写;您填写的内容没有保存:{text}").format(
                blocks="、".join(label for label, _text in lost), text=";".join(text for _label, text in lost)))

    def _fill_departments(self, data: DispositionData) -> None:
        first = self.department_combo.count() == 0
        current = self.department_combo.currentData()
        if current is None:
            current = data.view.complaint.department_id  # the department complained about, if any
        self.department_combo.clear()
        for option in data.departments:
            self.department_combo.addItem(option.name, option.id)
        index = self.department_combo.findData(current)
        self.department_combo.setCurrentIndex(max(0, index))
        rule = data.rules.get("handling_method")
        if rule is not None and first:
            self.limit_spin.setValue(max(1, int(rule.limit.total_seconds() // 60)))

    def _show_text(self, edit: QPlainTextEdit, text: str, editable: bool) -> None:
        if not editable or not edit.toPlainText().strip() or edit.isReadOnly():
            edit.setPlainText(text)
        edit.setReadOnly(not editable)
        edit.setStyleSheet(EDITABLE_STYLE if editable else READ_ONLY_STYLE)
        edit.setPlaceholderText(_("在此填写") if editable else "")

    def _next_step_text(self, view: DispositionView) -> str:
        status = view.complaint.status
        if status == Status.ARCHIVED:
            return _("已归档。")
        if status == Status.CLOSED:
            return _("已结案,待服务站归档。")
        if status == Status.RESOLVED:
            return (_("待资产管理部负责人签署意见。") if view.verification_passed
                    else _("待服务站验证、回访(24 小时内)。"))
        if status == Status.DISPATCHED:
            return _("处理中:{department}。").format(department=view.department_name)
        return _("待派单;当场解决的请点“现场解决”。")

    def show_clocks(self, clocks: list[ClockState]) -> None:
        self.clock_strip.show_clocks(clocks)
        pausing = self.ctx.can(Perm.CLOCK_PAUSE) and self.view is not None and not self.is_read_only
        self.pause_button.setVisible(pausing and bool(self._pausable()))
        self.resume_button.setVisible(pausing and bool(self._paused()))

    def _pausable(self) -> list[ClockState]:
        return [s for s in self.clock_strip.states.values()
                if s.is_open and s.status is not ClockStatus.PAUSED and s.pausable]

    def _paused(self) -> list[ClockState]:
        return [s for s in self.clock_strip.states.values() if s.status is ClockStatus.PAUSED]

    def tick(self) -> None:
        """Every 30 s: re-evaluate the clocks only (what the user is typing stays)."""
        self.refresh_clocks()

    def refresh_clocks(self) -> None:
        self.ctx.runner.run_db(deadlines.complaint_clocks, self.ctx.db, self.ctx.actor, self.record_id,
                               on_done=self.show_clocks, show_errors=False, parent=self)

    # ------------------------------------------------------------------ steps

    def _step(self, fn: Callable[..., DispositionView], *args: Any, **kwargs: Any) -> None:
        self.run_write(fn, self.record_id, *args, message=_("正在签名…"), on_done=self._stepped, **kwargs)

    def _stepped(self, view: DispositionView) -> None:
        for edit in (self.method_text, self.result_text, self.verification_text, self.supervisor_text):
            edit.clear()
        self.verifier_edit.clear()
        self.dispatch_note_edit.clear()
        self.data = DispositionData(view, self.data.departments, self.data.rules)
        self.show_data(self.data)
        self.status_line.setText(_("已签名。"))

    def _version(self) -> int | None:
        return self.view.version if self.view is not None else None

    def save(self) -> None:
        """Ctrl+S: sign the one block this user is filling in."""
        if self.busy or self.view is None or self.is_read_only:
            return
        for button, edit, action in (
            (self.method_button, self.method_text, self.write_method),
            (self.result_button, self.result_text, self.record_result),
            (self.verification_button, self.verification_text, self.record_verification),
            (self.supervisor_button, self.supervisor_text, self.sign_opinion),
        ):
            if not button.isHidden() and edit.toPlainText().strip():
                action()
                return
        if not self.dispatch_button.isHidden():
            self.dispatch()

    def dispatch(self) -> None:
        self._step(disposition.dispatch, self.department_combo.currentData(), version=self._version(),
                   limit_minutes=self.limit_spin.value(), note=self.dispatch_note_edit.text())

    def write_method(self) -> None:
        self._step(disposition.write_method, self.method_text.toPlainText(), version=self._version())

    def sign_method(self) -> None:
        self._step(disposition.sign_method, version=self._version())

    def record_result(self) -> None:
        value = self.completed_edit.dateTime().toPython()
        on_the_spot = self.view is not None and can_fill(self.ctx.actor, ON_THE_SPOT, self.view)
        self._step(disposition.record_result, self.result_text.toPlainText(), value.replace(second=0),
                   on_the_spot=on_the_spot, version=self._version())

    def _show_callback_way(self, view: DispositionView, verifying: bool) -> None:
        """The channels the grade allows (or the one recorded), and 代为录入 when the callback is someone else's."""
        keys = CHANNELS_BY_GRADE.get(view.complaint.grade, ()) if verifying else (
            (view.verification_channel,) if view.verification_channel else ())
        if [self.channel_combo.itemData(i) for i in range(self.channel_combo.count())] != list(keys):
            self.channel_combo.clear()
            for key in keys:
                self.channel_combo.addItem(CALLBACK_CHANNELS[key], key)
        self.channel_combo.setEnabled(verifying and len(keys) > 1)
        self.on_behalf_check.setText(_("代{owner}录入").format(owner=view.callback_owner))
        self.on_behalf_check.setVisible(verifying and not view.callback_is_mine)
        self.on_behalf_check.setToolTip(_("这条投诉的回访应由{owner}完成;替其录入结果时勾选,表上和历史中会注明").format(
            owner=view.callback_owner))
        if not verifying:
            self.on_behalf_check.setChecked(False)

    def record_verification(self) -> None:
        self._step(disposition.record_verification, self.verification_text.toPlainText(),
                   self.verifier_edit.text(), bool(self.passed_combo.currentData()),
                   channel=str(self.channel_combo.currentData() or ""), on_behalf=self.on_behalf_check.isChecked(),
                   version=self._version())

    def sign_opinion(self) -> None:
        self._step(disposition.supervisor_opinion, self.supervisor_text.toPlainText(), version=self._version())

    def archive(self) -> None:
        self._step(disposition.archive, version=self._version())

    def _focus_result(self) -> None:
        self.scroll.ensureWidgetVisible(self.result_text)
        self.result_text.setFocus(Qt.FocusReason.OtherFocusReason)

    # ------------------------------------------------------------------ steps that ask for a note first

    def _ask(self, dialog: StepDialog, on_accept: Callable[[StepDialog], None]) -> StepDialog:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda d=dialog: on_accept(d))
        self.step_dialog = dialog
        dialog.destroyed.connect(lambda *_args: setattr(self, "step_dialog", None))
        dialog.open()
        return dialog

    def ask_feedback(self) -> StepDialog:
        dialog = StepDialog(_("首次反馈"), _("反馈内容"), self, rule=TEXT_RULES[FEEDBACK])
        return self._ask(dialog, lambda d: self._step(disposition.give_feedback, d.note()))

    def ask_report_major(self) -> StepDialog:
        dialog = StepDialog(_("上报重大投诉"), _("上报内容"), self, rule=TEXT_RULES[REPORT_MAJOR])
        return self._ask(dialog, lambda d: self._step(disposition.report_major, d.note()))

    def ask_escalate(self) -> StepDialog:
        current = self.view.department_id if self.view is not None else None
        choices: list[tuple[str, object]] = [(_("上级(资产管理部负责人/公司领导)"), None)]
        choices += [(o.name, o.id) for o in self.data.departments if o.id != current]
        dialog = StepDialog(_("升级投诉"), _("升级原因和客户要求"), self, choices=choices, choice_label=_("升级到"),
                            rule=TEXT_RULES[ESCALATE])
        return self._ask(dialog, lambda d: self._step(disposition.escalate, d.choice(), d.note(),
                                                      version=self._version()))

    def ask_pause(self) -> StepDialog:
        choices = [(s.label, s.key) for s in self._pausable()]
        dialog = StepDialog(_("暂停时限"), _("暂停原因"), self, choices=choices, choice_label=_("时限"),
                            rule=TEXT_RULES["reason"])
        return self._ask(dialog, lambda d: self._clock_step(deadlines.pause, d.choice(), d.note()))

    def ask_resume(self) -> StepDialog:
        choices = [(s.label, s.key) for s in self._paused()]
        dialog = StepDialog(_("恢复时限"), _("备注"), self, choices=choices, choice_label=_("时限"),
                            note_required=False)
        return self._ask(dialog, lambda d: self._clock_step(deadlines.resume, d.choice(), d.note()))

    def _clock_step(self, fn: Callable[..., None], *args: Any) -> None:
        self.run_write(fn, self.record_id, *args, message=_("正在保存…"), on_done=lambda _none: self.reload())

    # ------------------------------------------------------------------ printing

    def print_record(self) -> None:
        self._print(self.record_id)

    def print_blank(self) -> None:
        self._print(None)

    def _print(self, complaint_id: int | None) -> None:
        number = self.view.complaint.number if self.view is not None and complaint_id is not None else _("空白表")
        print_with_preview(self.ctx, self, disposition.printout, complaint_id,
                           title=_("客户投诉处置表 {number}").format(number=number), on_printed=self._printed)

    def _printed(self, path: Any) -> None:
        self.last_print_path = path
        self.printed.emit(path)
