"""《客户投诉处置表》 ZC-QR-028 on screen: the complaint header and its blocks, top to bottom.

Each block shows its text and electronic signature (签名:name time).  A block is
editable, with its own sign button, only when the signed-in user may fill it now —
the same question the service asks (:func:`frontdesk.domain.disposition.can_fill`);
the service checks again when the button is pressed.  The clocks strip at the top
counts down every deadline of the complaint, amber near the end and red when missed.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, QDateTime, QSize, Qt, QTime, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from frontdesk.db.engine import Database
from frontdesk.domain import wallclock
from frontdesk.domain.disposition import (
    ARCHIVE,
    DISPATCH,
    ESCALATE,
    FEEDBACK,
    HEAD,
    METHOD,
    ON_THE_SPOT,
    REPORT_MAJOR,
    RESULT,
    SUPERVISOR,
    VERIFICATION,
    can_fill,
)
from frontdesk.domain.permissions import Perm
from frontdesk.domain.sla import ClockRule, ClockState, ClockStatus, describe_remaining
from frontdesk.domain.types import Actor, DispositionView, Option
from frontdesk.domain.vocab import CHANNEL_LABELS, GRADE_LABELS, STATUS_LABELS, Grade, Status, term
from frontdesk.i18n import _
from frontdesk.paths import data_dir
from frontdesk.services import deadlines, disposition, reference
from frontdesk.ui.common.base import AppContext, Dialog
from frontdesk.ui.common.style import CLOCK_CHIP
from frontdesk.ui.common.tasks import show_error

FORM_NUMBER = "ZC-QR-028"
TIME_FORMAT = "%Y-%m-%d %H:%M"
CLOCK_REFRESH_MS = 30_000
HINT_STYLE = "color: #666;"
SIGNATURE_STYLE = "color: #1a4f8b;"
EDITABLE_STYLE = "QPlainTextEdit { background: #ffffff; border: 1px solid #6b8fb8; }"
READ_ONLY_STYLE = "QPlainTextEdit { background: #f6f6f6; }"

#: Colours of a clock by its state: (background, text).
CLOCK_COLOURS = CLOCK_CHIP


def clock_style(status: ClockStatus) -> str:
    background, text = CLOCK_COLOURS[status]
    return (f"background: {background}; color: {text}; border: 1px solid #bbb; border-radius: 3px;"
            " padding: 3px 6px;")


def signature(name: str, at: datetime | None) -> str:
    """The electronic sign-off printed under a block."""
    if not name or at is None:
        return _("签名:(未签)")
    return _("签名:{name} {time}").format(name=name, time=at.strftime(TIME_FORMAT))


def latest_clocks(clocks: tuple[ClockState, ...] | list[ClockState]) -> list[ClockState]:
    """The latest instance of each clock, open ones first (least time left), then the finished ones."""
    latest: dict[str, ClockState] = {}
    for state in clocks:
        known = latest.get(state.key)
        if known is None or state.started_at >= known.started_at:
            latest[state.key] = state
    # the automatic upgrade only matters while it can still happen
    states = [s for s in latest.values() if s.is_open or s.key != "minor_to_major"]
    return sorted(states, key=lambda s: (not s.is_open, s.remaining if s.is_open else s.limit))


def _qt_datetime(value: datetime) -> QDateTime:
    return QDateTime(QDate(value.year, value.month, value.day), QTime(value.hour, value.minute))


def _load(db: Database, actor: Actor, complaint_id: int) -> tuple[DispositionView, list[Option], dict]:
    """Runs on the database worker: the form, the departments to dispatch to, the clock rules."""
    return (disposition.get(db, actor, complaint_id), reference.departments(db), deadlines.rules(db))


def open_disposition(ctx: AppContext, complaint_id: int, parent: QWidget | None = None) -> DispositionForm:
    """Open the disposition form of a complaint (from the register, the inbox or the board)."""
    form = DispositionForm(ctx, complaint_id, parent)
    form.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    form.open()
    return form


class StepDialog(Dialog):
    """A short note for one step (首次反馈, 上报, 升级, 暂停), with a choice where the step needs one."""

    def __init__(
        self, title: str, note_label: str, parent: QWidget | None = None, *,
        choices: list[tuple[str, object]] | None = None, choice_label: str = "", note_required: bool = True,
    ) -> None:
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
        self.note_edit = QPlainTextEdit(self)
        self.note_edit.setObjectName("note_edit")
        self.note_edit.setTabChangesFocus(True)
        form.addRow(self._note_label, self.note_edit)
        layout.addLayout(form)
        self.error_label = QLabel(self)
        self.error_label.setStyleSheet("color: #c62828;")
        layout.addWidget(self.error_label)

    def note(self) -> str:
        return self.note_edit.toPlainText().strip()

    def choice(self) -> object:
        return self.choice_combo.currentData()

    def accept(self) -> None:
        if self.note_required and not self.note():
            self.error_label.setText(_("请填写{what}").format(what=self._note_label))
            self.note_edit.setFocus()
            return
        super().accept()


class DispositionForm(Dialog):
    """The disposition form of one complaint; emits :attr:`changed` with the new view after each step."""

    changed = Signal(object)
    #: Fired when a printout has been built, before its preview opens (tests).
    printed = Signal(object)

    def __init__(self, ctx: AppContext, complaint_id: int, parent: QWidget | None = None) -> None:
        self.ctx = ctx
        self.complaint_id = complaint_id
        self.view: DispositionView | None = None
        self.departments: list[Option] = []
        self.rules: dict[str, ClockRule] = {}
        self.step_dialog: StepDialog | None = None
        self.last_print_path: Path | None = None
        super().__init__(_("客户投诉处置表"), "disposition_form", parent,
                         buttons=QDialogButtonBox.StandardButton.Close, default_size=QSize(900, 860))
        self.clock_timer = QTimer(self)
        self.clock_timer.setInterval(CLOCK_REFRESH_MS)
        self._connect()
        self.reload()

    # --- building ------------------------------------------------------------------------------

    def setup_ui(self, layout: QVBoxLayout) -> None:
        title_row = QHBoxLayout()
        self.title_label = QLabel(_("客户投诉处置表"))
        self.title_label.setObjectName("title_label")
        self.title_label.setStyleSheet("font-size: 18px; font-weight: bold;")
        title_row.addStretch(1)
        title_row.addWidget(self.title_label)
        title_row.addStretch(1)
        self.form_number_label = QLabel(FORM_NUMBER)
        self.form_number_label.setObjectName("form_number_label")
        self.form_number_label.setStyleSheet(HINT_STYLE)
        title_row.addWidget(self.form_number_label)
        layout.addLayout(title_row)

        self.clocks_frame = QFrame()
        self.clocks_frame.setObjectName("clocks_frame")
        self.clocks_layout = QGridLayout(self.clocks_frame)
        self.clocks_layout.setContentsMargins(0, 0, 0, 0)
        self.clocks_layout.setHorizontalSpacing(6)
        self.clocks_layout.setVerticalSpacing(4)
        self.clock_labels: dict[str, QLabel] = {}
        layout.addWidget(self.clocks_frame)

        actions = QHBoxLayout()
        self.feedback_button = self._button(_("首次反馈"), "feedback_button", _("登记已给客户的首次反馈(24 小时内)"))
        self.report_major_button = self._button(_("上报重大"), "report_major_button",
                                                _("重大投诉 10 分钟内上报资产管理部负责人"))
        self.escalate_button = self._button(_("升级"), "escalate_button", _("转给其他部门或上级,服务站继续跟踪"))
        self.on_the_spot_button = self._button(_("现场解决"), "on_the_spot_button",
                                               _("当场解决的投诉直接填写处理结果"))
        self.pause_button = self._button(_("暂停时限"), "pause_button", _("等待客户时暂停时限(须管理员允许)"))
        self.resume_button = self._button(_("恢复时限"), "resume_button", "")
        for button in (self.feedback_button, self.report_major_button, self.escalate_button,
                       self.on_the_spot_button, self.pause_button, self.resume_button):
            actions.addWidget(button)
        actions.addStretch(1)
        self.print_button = self._button(_("打印"), "print_button", _("打印本处置表,先预览(Ctrl+P)"))
        self.print_blank_button = self._button(_("打印空白表"), "print_blank_button",
                                               _("打印空白处置表,停电或电脑故障时手工填写"))
        actions.addWidget(self.print_button)
        actions.addWidget(self.print_blank_button)
        layout.addLayout(actions)

        self.status_label = QLabel()
        self.status_label.setObjectName("status_label")
        self.status_label.setStyleSheet(HINT_STYLE)
        self.status_label.setWordWrap(True)

        scroll = QScrollArea()
        scroll.setObjectName("form_scroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        body = QWidget()
        self.body_layout = QVBoxLayout(body)
        self.body_layout.setContentsMargins(0, 0, 6, 0)
        self.body_layout.addWidget(self._header_box())
        self.body_layout.addWidget(self._dispatch_box())
        self.body_layout.addWidget(self._method_box())
        self.body_layout.addWidget(self._result_box())
        self.body_layout.addWidget(self._verification_box())
        self.body_layout.addWidget(self._supervisor_box())
        self.body_layout.addWidget(self._archive_box())
        self.body_layout.addStretch(1)
        scroll.setWidget(body)
        self.scroll = scroll
        layout.addWidget(scroll, 1)
        layout.addWidget(self.status_label)

    def _button(self, text: str, name: str, tip: str) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.setAutoDefault(False)
        if tip:
            button.setToolTip(tip)
        return button

    def _value(self, name: str, wrap: bool = False) -> QLabel:
        label = QLabel()
        label.setObjectName(name)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        label.setWordWrap(wrap)
        return label

    def _text(self, name: str, lines: int = 3) -> QPlainTextEdit:
        edit = QPlainTextEdit()
        edit.setObjectName(name)
        edit.setTabChangesFocus(True)
        edit.setFixedHeight(edit.fontMetrics().lineSpacing() * lines + 16)
        return edit

    def _signature(self, name: str) -> QLabel:
        label = QLabel(signature("", None))
        label.setObjectName(name)
        label.setStyleSheet(SIGNATURE_STYLE)
        return label

    def _box(self, title: str, name: str) -> tuple[QGroupBox, QVBoxLayout]:
        box = QGroupBox(title)
        box.setObjectName(name)
        box.setStyleSheet("QGroupBox { font-weight: bold; } QGroupBox * { font-weight: normal; }")
        layout = QVBoxLayout(box)
        layout.setSpacing(6)
        return box, layout

    def _header_box(self) -> QGroupBox:
        box, outer = self._box(_("一、投诉信息"), "header_box")
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        self.number_value = self._value("number_value")
        self.date_value = self._value("date_value")
        self.complainant_value = self._value("complainant_value")
        self.phone_value = self._value("phone_value")
        self.location_value = self._value("location_value")
        self.grade_value = self._value("grade_value", wrap=True)
        self.channel_value = self._value("channel_value")
        self.state_value = self._value("state_value")
        cells = [
            (_("编号"), self.number_value), (_("日期"), self.date_value),
            (_("投诉人"), self.complainant_value), (_("联系方式"), self.phone_value),
            (term(self.ctx.profile, "location"), self.location_value), (_("投诉渠道"), self.channel_value),
            (_("级别"), self.grade_value), (_("状态"), self.state_value),
        ]
        for index, (caption, value) in enumerate(cells):
            row, column = divmod(index, 2)
            caption_label = QLabel(caption + ":")
            caption_label.setStyleSheet(HINT_STYLE)
            grid.addWidget(caption_label, row, column * 2, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(value, row, column * 2 + 1)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        outer.addLayout(grid)
        self.content_value = self._value("content_value", wrap=True)
        self.demand_value = self._value("demand_value", wrap=True)
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        for caption, value in ((_("投诉内容"), self.content_value), (_("客户要求"), self.demand_value)):
            caption_label = QLabel(caption + ":")
            caption_label.setStyleSheet(HINT_STYLE)
            form.addRow(caption_label, value)
        outer.addLayout(form)
        return box

    def _dispatch_box(self) -> QGroupBox:
        box, outer = self._box(_("二、派单"), "dispatch_box")
        self.dispatch_info = self._value("dispatch_info", wrap=True)
        outer.addWidget(self.dispatch_info)
        self.dispatch_editor = QWidget()
        form = QFormLayout(self.dispatch_editor)
        form.setContentsMargins(0, 0, 0, 0)
        self.department_combo = QComboBox()
        self.department_combo.setObjectName("department_combo")
        self.department_combo.setMinimumWidth(160)
        self.limit_spin = QSpinBox()
        self.limit_spin.setObjectName("limit_spin")
        self.limit_spin.setRange(1, 60 * 24 * 30)
        self.limit_spin.setSuffix(_(" 分钟"))
        self.limit_spin.setMinimumWidth(120)
        self.dispatch_note_edit = QLineEdit()
        self.dispatch_note_edit.setObjectName("dispatch_note_edit")
        self.dispatch_note_edit.setPlaceholderText(_("给部门的说明(可不填)"))
        self.dispatch_button = self._button(_("派单并签名"), "dispatch_button", _("把处置表派给所选部门"))
        row = QHBoxLayout()
        row.addWidget(self.department_combo)
        row.addWidget(QLabel(_("处理时限")))
        row.addWidget(self.limit_spin)
        row.addStretch(1)
        form.addRow(_("派往部门"), row)
        form.addRow(_("说明"), self.dispatch_note_edit)
        outer.addWidget(self.dispatch_editor)
        footer = QHBoxLayout()
        self.dispatch_signature = self._signature("dispatch_signature")
        footer.addWidget(self.dispatch_signature)
        footer.addStretch(1)
        footer.addWidget(self.dispatch_button)
        outer.addLayout(footer)
        return box

    def _method_box(self) -> QGroupBox:
        box, outer = self._box(_("三、处理方法"), "method_box")
        self.method_hint = self._value("method_hint", wrap=True)
        self.method_hint.setStyleSheet(HINT_STYLE)
        outer.addWidget(self.method_hint)
        self.method_text = self._text("method_text")
        outer.addWidget(self.method_text)
        footer = QHBoxLayout()
        self.method_signature = self._signature("method_signature")
        footer.addWidget(self.method_signature)
        footer.addStretch(1)
        self.method_button = self._button(_("填写并签名"), "method_button", _("保存处理方法并以本人名义签名"))
        footer.addWidget(self.method_button)
        outer.addLayout(footer)
        head_row = QHBoxLayout()
        self.head_signature = self._signature("head_signature")
        head_row.addWidget(QLabel(_("部门负责人")))
        head_row.addWidget(self.head_signature)
        head_row.addStretch(1)
        self.head_button = self._button(_("负责人签字"), "head_button", _("部门负责人确认处理方法"))
        head_row.addWidget(self.head_button)
        outer.addLayout(head_row)
        return box

    def _result_box(self) -> QGroupBox:
        box, outer = self._box(_("四、处理结果"), "result_box")
        self.result_text = self._text("result_text")
        outer.addWidget(self.result_text)
        row = QHBoxLayout()
        row.addWidget(QLabel(_("完成时间")))
        self.completed_edit = QDateTimeEdit()
        self.completed_edit.setObjectName("completed_edit")
        self.completed_edit.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.completed_edit.setCalendarPopup(True)
        self.completed_edit.setMinimumWidth(150)
        row.addWidget(self.completed_edit)
        self.on_the_spot_label = QLabel(_("(现场解决)"))
        self.on_the_spot_label.setObjectName("on_the_spot_label")
        row.addWidget(self.on_the_spot_label)
        row.addStretch(1)
        outer.addLayout(row)
        footer = QHBoxLayout()
        self.result_signature = self._signature("result_signature")
        footer.addWidget(self.result_signature)
        footer.addStretch(1)
        self.result_button = self._button(_("填写并签名"), "result_button", _("保存处理结果并签名"))
        footer.addWidget(self.result_button)
        outer.addLayout(footer)
        return box

    def _verification_box(self) -> QGroupBox:
        box, outer = self._box(_("五、验证、回访结果"), "verification_box")
        self.verification_text = self._text("verification_text")
        outer.addWidget(self.verification_text)
        row = QHBoxLayout()
        row.addWidget(QLabel(_("验证人")))
        self.verifier_edit = QLineEdit()
        self.verifier_edit.setObjectName("verifier_edit")
        self.verifier_edit.setPlaceholderText(_("回访人或投诉人"))
        self.verifier_edit.setMaximumWidth(180)
        row.addWidget(self.verifier_edit)
        row.addSpacing(12)
        row.addWidget(QLabel(_("结论")))
        self.passed_combo = QComboBox()
        self.passed_combo.setObjectName("passed_combo")
        self.passed_combo.addItem(_("通过,客户认可"), True)
        self.passed_combo.addItem(_("未通过,退回重新处理"), False)
        self.passed_combo.setMinimumWidth(max(
            self.passed_combo.fontMetrics().horizontalAdvance(self.passed_combo.itemText(i))
            for i in range(self.passed_combo.count())) + 48)
        row.addWidget(self.passed_combo)
        row.addStretch(1)
        outer.addLayout(row)
        footer = QHBoxLayout()
        self.verification_signature = self._signature("verification_signature")
        footer.addWidget(self.verification_signature)
        footer.addStretch(1)
        self.verification_button = self._button(_("填写并签名"), "verification_button", _("保存验证、回访结果并签名"))
        footer.addWidget(self.verification_button)
        outer.addLayout(footer)
        return box

    def _supervisor_box(self) -> QGroupBox:
        box, outer = self._box(_("六、资产管理部负责人意见"), "supervisor_box")
        self.supervisor_text = self._text("supervisor_text", lines=2)
        outer.addWidget(self.supervisor_text)
        footer = QHBoxLayout()
        self.supervisor_signature = self._signature("supervisor_signature")
        footer.addWidget(self.supervisor_signature)
        footer.addStretch(1)
        self.supervisor_button = self._button(_("签署意见"), "supervisor_button", _("签署意见后投诉结案"))
        footer.addWidget(self.supervisor_button)
        outer.addLayout(footer)
        return box

    def _archive_box(self) -> QGroupBox:
        box, outer = self._box(_("七、归档"), "archive_box")
        footer = QHBoxLayout()
        self.archive_signature = self._signature("archive_signature")
        footer.addWidget(self.archive_signature)
        footer.addStretch(1)
        self.archive_button = self._button(_("归档"), "archive_button", _("服务站归档本处置表"))
        footer.addWidget(self.archive_button)
        outer.addLayout(footer)
        return box

    def _connect(self) -> None:
        QShortcut(QKeySequence("F5"), self, self.reload)
        QShortcut(QKeySequence.StandardKey.Print, self, self.print_form)
        self.clock_timer.timeout.connect(self.refresh_clocks)
        self.feedback_button.clicked.connect(self.ask_feedback)
        self.report_major_button.clicked.connect(self.ask_report_major)
        self.escalate_button.clicked.connect(self.ask_escalate)
        self.on_the_spot_button.clicked.connect(self._focus_result)
        self.pause_button.clicked.connect(self.ask_pause)
        self.resume_button.clicked.connect(self.ask_resume)
        self.print_button.clicked.connect(self.print_form)
        self.print_blank_button.clicked.connect(self.print_blank)
        self.dispatch_button.clicked.connect(self.dispatch)
        self.method_button.clicked.connect(self.write_method)
        self.head_button.clicked.connect(self.sign_method)
        self.result_button.clicked.connect(self.record_result)
        self.verification_button.clicked.connect(self.record_verification)
        self.supervisor_button.clicked.connect(self.sign_opinion)
        self.archive_button.clicked.connect(self.archive)

    # --- loading and showing -------------------------------------------------------------------

    def reload(self) -> None:
        self.ctx.runner.run_db(_load, self.ctx.db, self.ctx.actor, self.complaint_id, on_done=self._loaded,
                               on_error=self._load_failed, parent=self)

    def _loaded(self, result: tuple[DispositionView, list[Option], dict[str, ClockRule]]) -> None:
        view, self.departments, self.rules = result
        self._fill_departments(view)
        self.show_view(view)
        if not self.clock_timer.isActive():
            self.clock_timer.start()

    def _load_failed(self, exc: BaseException) -> None:
        parent = self.parentWidget()
        if self.view is None:
            self.reject()  # nothing to show (an invalid complaint, or it is gone)
        show_error(parent if self.view is None else self, exc)

    def _fill_departments(self, view: DispositionView) -> None:
        current = self.department_combo.currentData()
        if current is None:
            current = view.complaint.department_id  # the department complained about, if any
        self.department_combo.clear()
        for option in self.departments:
            self.department_combo.addItem(option.name, option.id)
        index = self.department_combo.findData(current)
        self.department_combo.setCurrentIndex(max(0, index))
        rule = self.rules.get("handling_method")
        if rule is not None and self.view is None:
            self.limit_spin.setValue(max(1, int(rule.limit.total_seconds() // 60)))

    def show_view(self, view: DispositionView) -> None:
        """Show ``view``: texts, signatures, which blocks this user may fill now, the clocks."""
        self.view = view
        actor = self.ctx.actor
        c = view.complaint
        self.setWindowTitle(_("客户投诉处置表 - {number}").format(number=c.number))
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
        self.dispatch_signature.setText(signature(view.dispatcher_name, view.dispatched_at))
        self.dispatch_signature.setVisible(not view.on_the_spot)

        # 3. handling method
        self._show_text(self.method_text, view.method_text, can_fill(actor, METHOD, view))
        self.method_button.setVisible(can_fill(actor, METHOD, view))
        self.method_signature.setText(signature(view.method_by_name, view.method_at))
        self.head_signature.setText(signature(view.head_name, view.head_at))
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
        self.result_signature.setText(signature(view.result_by_name, view.result_at))

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
        verified = signature(view.verified_by_name, view.verified_at)
        if view.verification_passed is False:
            verified += _("  (未通过,已退回重新处理)")
        self.verification_signature.setText(verified)

        # 6. supervisor, 7. archive
        self._show_text(self.supervisor_text, view.supervisor_opinion, can_fill(actor, SUPERVISOR, view))
        self.supervisor_button.setVisible(can_fill(actor, SUPERVISOR, view))
        self.supervisor_signature.setText(signature(view.supervisor_name, view.supervisor_at))
        self.archive_signature.setText(signature(view.archived_by_name, view.archived_at))
        self.archive_button.setVisible(can_fill(actor, ARCHIVE, view))

        # actions
        feedback_given = any(s.key == "feedback" and not s.is_open for s in view.clocks)
        self.feedback_button.setVisible(can_fill(actor, FEEDBACK, view) and not feedback_given)
        self.report_major_button.setVisible(can_fill(actor, REPORT_MAJOR, view))
        self.escalate_button.setVisible(can_fill(actor, ESCALATE, view))
        self.on_the_spot_button.setVisible(on_the_spot)
        self.show_clocks(list(view.clocks))
        self.status_label.setText(self._next_step_text(view))

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
        while self.clocks_layout.count():
            item = self.clocks_layout.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.clock_labels = {}
        self.clock_states = {s.key: s for s in latest_clocks(clocks)}
        for index, state in enumerate(self.clock_states.values()):
            label = QLabel(f"{state.label}  {describe_remaining(state)}")
            label.setObjectName(f"clock_{state.key}")
            label.setStyleSheet(clock_style(state.status))
            tip = _("负责:{who}").format(who=state.who)
            if state.deadline is not None:
                tip += "\n" + _("期限:{at}").format(at=state.deadline.strftime("%Y-%m-%d %H:%M:%S"))
            label.setToolTip(tip)
            self.clocks_layout.addWidget(label, index // 3, index % 3)
            self.clock_labels[state.key] = label
        for column in range(3):
            self.clocks_layout.setColumnStretch(column, 1)
        self.clocks_frame.setVisible(bool(self.clock_states))
        can_edit = self.ctx.can(Perm.COMPLAINT_EDIT) and self.view is not None
        self.pause_button.setVisible(can_edit and bool(self._pausable()))
        self.resume_button.setVisible(can_edit and bool(self._paused()))

    def _pausable(self) -> list[ClockState]:
        return [s for s in self.clock_states.values() if s.is_open and s.status is not ClockStatus.PAUSED
                and self.rules.get(s.key) is not None and self.rules[s.key].pausable]

    def _paused(self) -> list[ClockState]:
        return [s for s in self.clock_states.values() if s.status is ClockStatus.PAUSED]

    def refresh_clocks(self) -> None:
        """Every 30 s: re-evaluate the clocks only (what the user is typing stays)."""
        self.ctx.runner.run_db(deadlines.complaint_clocks, self.ctx.db, self.ctx.actor, self.complaint_id,
                               on_done=self.show_clocks, show_errors=False, parent=self)

    # --- steps ---------------------------------------------------------------------------------

    def _step(self, fn: Callable[..., DispositionView], *args: Any, **kwargs: Any) -> None:
        def work(db: Database, actor: Actor, complaint_id: int) -> DispositionView:
            return fn(db, actor, complaint_id, *args, **kwargs)

        self.ctx.runner.run_db(work, self.ctx.db, self.ctx.actor, self.complaint_id, on_done=self._stepped,
                               parent=self)

    def _stepped(self, view: DispositionView) -> None:
        for edit in (self.method_text, self.result_text, self.verification_text, self.supervisor_text):
            edit.clear()
        self.verifier_edit.clear()
        self.dispatch_note_edit.clear()
        self.show_view(view)
        self.changed.emit(view)

    def _version(self) -> int | None:
        return self.view.version if self.view is not None else None

    def dispatch(self) -> None:
        department_id = self.department_combo.currentData()
        self._step(disposition.dispatch, department_id, version=self._version(),
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

    def record_verification(self) -> None:
        self._step(disposition.record_verification, self.verification_text.toPlainText(),
                   self.verifier_edit.text(), bool(self.passed_combo.currentData()), version=self._version())

    def sign_opinion(self) -> None:
        self._step(disposition.supervisor_opinion, self.supervisor_text.toPlainText(), version=self._version())

    def archive(self) -> None:
        self._step(disposition.archive, version=self._version())

    def _focus_result(self) -> None:
        self.scroll.ensureWidgetVisible(self.result_text)
        self.result_text.setFocus(Qt.FocusReason.OtherFocusReason)

    # --- steps that ask for a note first --------------------------------------------------------

    def _ask(self, dialog: StepDialog, on_accept: Callable[[StepDialog], None]) -> StepDialog:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda d=dialog: on_accept(d))
        self.step_dialog = dialog
        dialog.destroyed.connect(lambda *_args: setattr(self, "step_dialog", None))
        dialog.open()
        return dialog

    def ask_feedback(self) -> StepDialog:
        dialog = StepDialog(_("首次反馈"), _("反馈内容"), self)
        return self._ask(dialog, lambda d: self._step(disposition.give_feedback, d.note()))

    def ask_report_major(self) -> StepDialog:
        dialog = StepDialog(_("上报重大投诉"), _("上报内容"), self)
        return self._ask(dialog, lambda d: self._step(disposition.report_major, d.note()))

    def ask_escalate(self) -> StepDialog:
        current = self.view.department_id if self.view is not None else None
        choices: list[tuple[str, object]] = [(_("上级(资产管理部负责人/公司领导)"), None)]
        choices += [(o.name, o.id) for o in self.departments if o.id != current]
        dialog = StepDialog(_("升级投诉"), _("升级原因和客户要求"), self, choices=choices, choice_label=_("升级到"))
        return self._ask(dialog, lambda d: self._step(disposition.escalate, d.choice(), d.note(),
                                                      version=self._version()))

    def ask_pause(self) -> StepDialog:
        choices = [(s.label, s.key) for s in self._pausable()]
        dialog = StepDialog(_("暂停时限"), _("暂停原因"), self, choices=choices, choice_label=_("时限"))
        return self._ask(dialog, lambda d: self._clock_step(deadlines.pause, d.choice(), d.note()))

    def ask_resume(self) -> StepDialog:
        choices = [(s.label, s.key) for s in self._paused()]
        dialog = StepDialog(_("恢复时限"), _("备注"), self, choices=choices, choice_label=_("时限"),
                            note_required=False)
        return self._ask(dialog, lambda d: self._clock_step(deadlines.resume, d.choice()))

    def _clock_step(self, fn: Callable[..., None], *args: Any) -> None:
        self.ctx.runner.run_db(fn, self.ctx.db, self.ctx.actor, self.complaint_id, *args,
                               on_done=lambda _result: self.reload(), parent=self)

    # --- printing ------------------------------------------------------------------------------

    def print_form(self) -> None:
        self._print(self.complaint_id)

    def print_blank(self) -> None:
        self._print(None)

    def _print(self, complaint_id: int | None) -> None:
        folder = data_dir() / "tmp"
        folder.mkdir(parents=True, exist_ok=True)
        handle = tempfile.NamedTemporaryFile(prefix="disposition_", suffix=".pdf", dir=folder, delete=False)
        handle.close()
        out = Path(handle.name)
        self.ctx.runner.run_file(
            disposition.print_form, self.ctx.db, self.ctx.actor, complaint_id, out, parent=self,
            on_done=lambda _pages: self._show_preview(out, complaint_id is None),
        )

    def _show_preview(self, out: Path, blank: bool) -> None:
        from frontdesk.ui.common.print_preview import PrintPreviewDialog

        self.last_print_path = out
        self.printed.emit(out)
        number = self.view.complaint.number if self.view is not None and not blank else _("空白表")
        dialog = PrintPreviewDialog(out, _("客户投诉处置表 {number}").format(number=number), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def done(self, result: int) -> None:
        self.clock_timer.stop()
        super().done(result)
