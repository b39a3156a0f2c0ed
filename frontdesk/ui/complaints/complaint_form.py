"""The complaint form — 《客户投诉记录表》 ZC-QR-027 (SPEC §2.1, §2.2).

Laid out like the paper form, top to bottom, and built for the keyboard: a clerk
on the phone tabs through channel, customer, complainant, phone, location,
category, department, target, content, demand, validity, grade and note, then
presses Ctrl+S.  Every problem is shown in red directly under its field and
nothing is written while one remains.  When editing, the change history of the
complaint is shown on the right.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QGroupBox,
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

from frontdesk.domain.complaint import validate_complaint
from frontdesk.domain.customer import validate_customer
from frontdesk.domain.errors import ValidationFailed
from frontdesk.domain.permissions import Perm
from frontdesk.domain.types import (
    ComplaintInput,
    ComplaintView,
    CustomerInput,
    CustomerMatch,
    Option,
)
from frontdesk.domain.vocab import (
    CHANNEL_LABELS,
    GRADE_LABELS,
    MAJOR_CRITERIA,
    VALIDITY_LABELS,
    Channel,
    Grade,
    Validity,
    term,
)
from frontdesk.domain.wallclock import now
from frontdesk.i18n import _
from frontdesk.services import complaints, reference
from frontdesk.ui.common.base import AppContext, Dialog, form_title_row
from frontdesk.ui.common.field_errors import FieldErrors, error_label
from frontdesk.ui.common.history_panel import HistoryPanel
from frontdesk.ui.common.tasks import show_error
from frontdesk.ui.complaints.customer_finder import HINT_STYLE, CustomerFinder

FORM_NUMBER = "ZC-QR-027"
TIME_FORMAT = "%Y-%m-%d %H:%M"
NEW_SIZE = QSize(900, 700)
EDIT_SIZE = QSize(1240, 700)

#: Fields in the order of the paper form: the first one in error gets the focus.
FIELD_ORDER = [
    "channel", "customer_name", "customer_phone", "complainant", "phone", "location_text",
    "category_id", "department_id", "target", "content", "demand", "validity", "validity_note",
    "grade", "major_criteria", "note",
]


def _caption(text: str, required: bool = False) -> str:
    return f"{text} <span style='color:#c62828'>*</span>" if required else text


class ComplaintForm(FieldErrors, Dialog):
    """Register a new complaint (``complaint=None``) or edit a saved one."""

    field_order = FIELD_ORDER

    saved_complaint = Signal(object)  # ComplaintView

    def __init__(self, ctx: AppContext, complaint: ComplaintView | None = None, parent: QWidget | None = None) -> None:
        self.ctx = ctx
        self.complaint = complaint
        self.saved: ComplaintView | None = None
        self._saving = False
        self._opened_at: datetime = now()
        self._customer_id = complaint.customer_id if complaint else None
        self._location_id = complaint.location_id if complaint else None
        self._location_label = complaint.location_text if complaint else ""
        self._auto: dict[str, str] = {}  # field -> the value last filled in automatically
        self._categories = reference.categories(ctx.db)
        self._departments = reference.departments(ctx.db)
        if complaint is None:
            title, name, size = _("登记投诉 — 客户投诉记录表"), "complaint_form", NEW_SIZE
        else:
            title = _("编辑投诉 {number} — 客户投诉记录表").format(number=complaint.number)
            name, size = "complaint_form_edit", EDIT_SIZE
        buttons = QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        super().__init__(title, name, parent, buttons=buttons, default_size=size)
        self.setMinimumSize(760, 520)

        self.save_button = self.button_box.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(_("保存"))
        self.save_button.setObjectName("save_button")
        self.save_button.setToolTip(_("保存(Ctrl+S)"))
        self.cancel_button = self.button_box.button(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setText(_("取消"))
        self.cancel_button.setObjectName("cancel_button")
        self.save_shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self)

        self._set_tab_order()
        self._load_values()
        self._update_validity()
        self._update_grade()
        self._initial = self._snapshot()
        if complaint is None:
            self.finder.search_edit.setFocus()
        else:
            self.channel_combo.setFocus()
            self.history_panel.allow_revert(ctx.can(Perm.COMPLAINT_EDIT))
            self.history_panel.show_for(ctx, complaint.id)
        self._connect()

    # ------------------------------------------------------------------ building

    def setup_ui(self, layout: QVBoxLayout) -> None:
        self.error_labels: dict[str, QLabel] = {}
        body = QWidget(self)
        body.setObjectName("form_body")
        column = QVBoxLayout(body)
        column.setContentsMargins(4, 4, 8, 4)
        column.setSpacing(8)
        column.addLayout(self._build_header(body))
        column.addWidget(self._build_customer_group(body))
        column.addWidget(self._build_content_group(body))
        column.addWidget(self._build_judgement_group(body))
        self.form_error_label = error_label("form", body)
        column.addWidget(self.form_error_label)

        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setWidget(body)
        if self.complaint is None:
            self.history_panel = None
            layout.addWidget(self.scroll, 1)
        else:
            self.history_panel = HistoryPanel(self)
            self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
            self.splitter.setObjectName("form_splitter")
            self.splitter.addWidget(self.scroll)
            self.splitter.addWidget(self.history_panel)
            self.splitter.setStretchFactor(0, 3)
            self.splitter.setStretchFactor(1, 2)
            self.splitter.setChildrenCollapsible(False)
            self.splitter.setSizes([860, 380])
            layout.addWidget(self.splitter, 1)
        self.save_status = QLabel(self)
        self.save_status.setObjectName("save_status")
        self.save_status.setStyleSheet(HINT_STYLE)
        layout.addWidget(self.save_status)

    def _build_header(self, parent: QWidget) -> QVBoxLayout:
        title_row = form_title_row(_("客户投诉记录表"), FORM_NUMBER, parent)

        self.number_label = QLabel(parent)
        self.number_label.setObjectName("number_label")
        self.received_label = QLabel(parent)
        self.received_label.setObjectName("received_label")
        self.receiver_label = QLabel(parent)
        self.receiver_label.setObjectName("receiver_label")
        info_row = QHBoxLayout()
        for caption, value in (
            (_("编号:"), self.number_label), (_("受理时间:"), self.received_label), (_("受理人:"), self.receiver_label),
        ):
            info_row.addWidget(QLabel(caption, parent))
            info_row.addWidget(value)
            info_row.addSpacing(24)
        info_row.addStretch(1)
        header = QVBoxLayout()
        header.setSpacing(4)
        header.addLayout(title_row)
        header.addLayout(info_row)
        return header

    def _grid_group(self, title: str, parent: QWidget) -> tuple[QGroupBox, QGridLayout]:
        group = QGroupBox(title, parent)
        grid = QGridLayout(group)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(3)
        for column in (1, 3, 5):
            grid.setColumnStretch(column, 1)
        return group, grid

    def _add_field(
        self, grid: QGridLayout, row: int, column: int, caption: str, widget: QWidget, field: str,
        span: int = 1, required: bool = False,
    ) -> QLabel:
        """Caption left of the widget, the widget, and its error label directly under it."""
        label = QLabel(_caption(caption, required), widget.parentWidget())
        label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        label.setBuddy(widget)
        grid.addWidget(label, row, column)
        grid.addWidget(widget, row, column + 1, 1, span)
        error = error_label(field, widget.parentWidget())
        self.error_labels[field] = error
        grid.addWidget(error, row + 1, column + 1, 1, span)
        return label

    def _build_customer_group(self, parent: QWidget) -> QGroupBox:
        group, grid = self._grid_group(_("投诉人"), parent)
        self.channel_combo = QComboBox(group)
        self.channel_combo.setObjectName("channel_combo")
        for value in Channel:
            self.channel_combo.addItem(CHANNEL_LABELS[value], str(value))
        self.finder = CustomerFinder(self.ctx, group, allow_new=self.complaint is None)
        self.finder.setObjectName("customer_finder")
        self.error_labels.update(self.finder.error_labels)
        self.complainant_edit = QLineEdit(group)
        self.complainant_edit.setObjectName("complainant_edit")
        self.phone_edit = QLineEdit(group)
        self.phone_edit.setObjectName("phone_edit")
        self.phone_edit.setMaxLength(20)
        self.location_edit = QLineEdit(group)
        self.location_edit.setObjectName("location_edit")
        self.location_edit.setPlaceholderText(term(self.ctx.profile, "location_hint"))

        self._add_field(grid, 0, 0, _("投诉渠道"), self.channel_combo, "channel", required=True)
        finder_label = QLabel(_("客户档案"), group)
        finder_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        finder_label.setContentsMargins(0, 4, 0, 0)
        finder_label.setBuddy(self.finder.search_edit)
        grid.addWidget(finder_label, 0, 2)
        grid.addWidget(self.finder, 0, 3, 2, 3)
        self._add_field(grid, 2, 0, _("投诉人"), self.complainant_edit, "complainant", required=True)
        self._add_field(grid, 2, 2, _("联系电话"), self.phone_edit, "phone", required=True)
        self._add_field(grid, 2, 4, term(self.ctx.profile, "location"), self.location_edit, "location_text")
        return group

    def _build_content_group(self, parent: QWidget) -> QGroupBox:
        group, grid = self._grid_group(_("投诉内容"), parent)
        self.category_combo = QComboBox(group)
        self.category_combo.setObjectName("category_combo")
        self.category_combo.setPlaceholderText(_("请选择"))
        self.department_combo = QComboBox(group)
        self.department_combo.setObjectName("department_combo")
        self.target_edit = QLineEdit(group)
        self.target_edit.setObjectName("target_edit")
        self.target_edit.setPlaceholderText(_("被投诉的人员或事项"))
        self.content_edit = QPlainTextEdit(group)
        self.content_edit.setObjectName("content_edit")
        self.content_edit.setTabChangesFocus(True)
        self.content_edit.setPlaceholderText(_("客户反映的问题:时间、地点、经过"))
        self.content_edit.setMinimumHeight(self.content_edit.fontMetrics().lineSpacing() * 3 + 14)
        self.demand_edit = QPlainTextEdit(group)
        self.demand_edit.setObjectName("demand_edit")
        self.demand_edit.setTabChangesFocus(True)
        self.demand_edit.setPlaceholderText(_("客户希望如何解决"))
        self.demand_edit.setFixedHeight(self.demand_edit.fontMetrics().lineSpacing() * 2 + 14)

        self._add_field(grid, 0, 0, _("投诉类别"), self.category_combo, "category_id", required=True)
        self._add_field(grid, 0, 2, _("被投诉部门"), self.department_combo, "department_id")
        self._add_field(grid, 0, 4, _("投诉对象"), self.target_edit, "target")
        content_label = self._add_field(grid, 2, 0, _("投诉内容"), self.content_edit, "content", span=5, required=True)
        content_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        demand_label = self._add_field(grid, 4, 0, _("客户要求"), self.demand_edit, "demand", span=5)
        demand_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        return group

    def _build_judgement_group(self, parent: QWidget) -> QGroupBox:
        group, grid = self._grid_group(_("有效性与级别"), parent)
        self.validity_combo = QComboBox(group)
        self.validity_combo.setObjectName("validity_combo")
        for value in Validity:
            self.validity_combo.addItem(VALIDITY_LABELS[value], str(value))
        self.validity_note_edit = QLineEdit(group)
        self.validity_note_edit.setObjectName("validity_note_edit")
        self.validity_note_edit.setPlaceholderText(_("向客户所作的解释"))
        self.validity_hint = QLabel(
            _("无效:超出公司承诺或合同约定的范围;无理:要求不合理。两者都须在“解释说明”中记下向客户所作的解释。"),
            group,
        )
        self.validity_hint.setObjectName("validity_hint")
        self.validity_hint.setStyleSheet(HINT_STYLE)
        self.grade_combo = QComboBox(group)
        self.grade_combo.setObjectName("grade_combo")
        for value in Grade:
            self.grade_combo.addItem(GRADE_LABELS[value], str(value))
        criteria = QWidget(group)
        criteria.setObjectName("major_criteria")
        criteria_column = QVBoxLayout(criteria)
        criteria_column.setContentsMargins(0, 0, 0, 0)
        criteria_column.setSpacing(2)
        self.criteria_boxes: dict[str, QCheckBox] = {}
        for letter, text in MAJOR_CRITERIA.items():
            box = QCheckBox(f"{letter}. {text}", criteria)
            box.setObjectName(f"criterion_{letter}")
            self.criteria_boxes[letter] = box
            criteria_column.addWidget(box)
        self.note_edit = QLineEdit(group)
        self.note_edit.setObjectName("note_edit")

        self._add_field(grid, 0, 0, _("有效性"), self.validity_combo, "validity", required=True)
        self.validity_note_caption = self._add_field(
            grid, 0, 2, _("解释说明"), self.validity_note_edit, "validity_note", span=3
        )
        grid.addWidget(self.validity_hint, 2, 1, 1, 5)
        grade_label = self._add_field(grid, 3, 0, _("级别"), self.grade_combo, "grade", required=True)
        grid.setAlignment(grade_label, Qt.AlignmentFlag.AlignTop)
        grid.setAlignment(self.grade_combo, Qt.AlignmentFlag.AlignTop)
        criteria_label = QLabel(_("重大判定依据"), group)
        criteria_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        grid.addWidget(criteria_label, 3, 2)
        grid.addWidget(criteria, 3, 3, 1, 3)
        self.error_labels["major_criteria"] = error_label("major_criteria", group)
        grid.addWidget(self.error_labels["major_criteria"], 4, 3, 1, 3)
        self._add_field(grid, 5, 0, _("备注"), self.note_edit, "note", span=5)
        return group

    def _set_tab_order(self) -> None:
        chain: list[QWidget] = [
            self.channel_combo, *self.finder.focus_order(), self.complainant_edit, self.phone_edit,
            self.location_edit, self.category_combo, self.department_combo, self.target_edit,
            self.content_edit, self.demand_edit, self.validity_combo, self.validity_note_edit,
            self.grade_combo, *self.criteria_boxes.values(), self.note_edit, self.save_button,
            self.cancel_button,
        ]
        for first, second in zip(chain, chain[1:], strict=False):
            self.setTabOrder(first, second)

    def _connect(self) -> None:
        self.save_shortcut.activated.connect(self.save)
        if self.history_panel is not None:
            self.history_panel.revert_requested.connect(self.revert)
        self.finder.customer_chosen.connect(self._on_customer_chosen)
        self.finder.customer_cleared.connect(self._on_customer_cleared)
        self.finder.new_customer_edited.connect(self._on_new_customer_edited)
        self.validity_combo.currentIndexChanged.connect(self._update_validity)
        self.grade_combo.currentIndexChanged.connect(self._update_grade)
        for field, widget in self._field_widgets().items():
            if isinstance(widget, QLineEdit):
                widget.textEdited.connect(lambda _t, f=field: self._clear_error(f))
            elif isinstance(widget, QPlainTextEdit):
                widget.textChanged.connect(lambda f=field: self._clear_error(f))
            elif isinstance(widget, QComboBox):
                widget.currentIndexChanged.connect(lambda _i, f=field: self._clear_error(f))
        for box in self.criteria_boxes.values():
            box.toggled.connect(lambda _on: self._clear_error("major_criteria"))

    # ------------------------------------------------------------------ values

    def _load_values(self) -> None:
        complaint = self.complaint
        categories = list(self._categories)
        departments = list(self._departments)
        if complaint is not None:
            # a category or department switched off since keeps showing on the old record
            if all(o.id != complaint.category_id for o in categories):
                categories.append(Option(complaint.category_id, complaint.category_name))
            if complaint.department_id and all(o.id != complaint.department_id for o in departments):
                departments.append(Option(complaint.department_id, complaint.department_name))
        for option in categories:
            self.category_combo.addItem(option.name, option.id)
        self.department_combo.addItem(_("(不指定)"), None)
        for option in departments:
            self.department_combo.addItem(option.name, option.id)
        self.category_combo.setCurrentIndex(-1)
        self.receiver_label.setText(self.ctx.actor.display_name)
        if complaint is None:
            self.number_label.setText(_("保存后自动生成"))
            self.number_label.setStyleSheet(HINT_STYLE)
            self.received_label.setText(self._opened_at.strftime(TIME_FORMAT))
            return
        self.number_label.setText(complaint.number)
        self.received_label.setText(complaint.received_at.strftime(TIME_FORMAT))
        self.receiver_label.setText(complaint.receiver_name)
        _select(self.channel_combo, complaint.channel)
        if complaint.customer_id is not None:
            self.finder.set_chosen(CustomerMatch(
                complaint.customer_id, complaint.complainant, complaint.phone,
                complaint.location_id, complaint.location_text,
            ))
        self.complainant_edit.setText(complaint.complainant)
        self.phone_edit.setText(complaint.phone)
        self.location_edit.setText(complaint.location_text)
        _select(self.category_combo, complaint.category_id)
        _select(self.department_combo, complaint.department_id)
        self.target_edit.setText(complaint.target)
        self.content_edit.setPlainText(complaint.content)
        self.demand_edit.setPlainText(complaint.demand)
        _select(self.validity_combo, complaint.validity)
        self.validity_note_edit.setText(complaint.validity_note)
        _select(self.grade_combo, complaint.grade)
        for letter, box in self.criteria_boxes.items():
            box.setChecked(letter in complaint.major_criteria)
        self.note_edit.setText(complaint.note)

    def form_input(self) -> ComplaintInput:
        """What the form says now, as the services take it."""
        validity = self.validity_combo.currentData()
        grade = self.grade_combo.currentData()
        location_text = self.location_edit.text().strip()
        location_id = self._location_id if location_text == self._location_label.strip() else None
        criteria = "".join(k for k, box in self.criteria_boxes.items() if box.isChecked())
        return ComplaintInput(
            channel=self.channel_combo.currentData(),
            complainant=self.complainant_edit.text().strip(),
            phone=self.phone_edit.text().strip(),
            category_id=self.category_combo.currentData(),
            content=self.content_edit.toPlainText().strip(),
            customer_id=self._customer_id,
            location_id=location_id,
            location_text=location_text,
            department_id=self.department_combo.currentData(),
            target=self.target_edit.text().strip(),
            demand=self.demand_edit.toPlainText().strip(),
            validity=validity,
            validity_note=self.validity_note_edit.text().strip() if validity != Validity.VALID else "",
            grade=grade,
            major_criteria=criteria if grade == Grade.MAJOR else "",
            note=self.note_edit.text().strip(),
            received_at=self.complaint.received_at if self.complaint else self._opened_at,
        )

    def is_dirty(self) -> bool:
        return self._snapshot() != self._initial

    def _snapshot(self) -> tuple:
        new_customer = self.finder.current_new_customer()
        return (
            self.form_input(), self.finder.search_edit.text(), new_customer,
            self.validity_note_edit.text(), tuple(b.isChecked() for b in self.criteria_boxes.values()),
        )

    # ------------------------------------------------------------------ customer

    def _on_customer_chosen(self, match: CustomerMatch) -> None:
        self._customer_id = match.customer_id
        self._location_id = match.location_id
        self._location_label = match.location_label
        self._auto.clear()
        for field, edit, value in (
            ("complainant", self.complainant_edit, match.name),
            ("phone", self.phone_edit, match.phone),
            ("location_text", self.location_edit, match.location_label),
        ):
            edit.setText(value)
            self._clear_error(field)
        self.complainant_edit.setFocus(Qt.FocusReason.TabFocusReason)
        self.complainant_edit.selectAll()

    def _on_customer_cleared(self) -> None:
        self._customer_id = None
        self._location_id = None
        self._location_label = ""

    def _on_new_customer_edited(self, customer: CustomerInput | None) -> None:
        """Copy what is typed for the new customer into the complaint, unless the clerk wrote something else."""
        if customer is None:
            return
        if self.ctx.profile == "dealership":
            location = " ".join(p for p in (customer.plate.upper(), customer.model) if p)
        else:
            location = "-".join(p for p in (customer.building, customer.unit, customer.room) if p)
        for field, edit, value in (
            ("complainant", self.complainant_edit, customer.name),
            ("phone", self.phone_edit, customer.phone),
            ("location_text", self.location_edit, location),
        ):
            current = edit.text()
            if not current or current == self._auto.get(field):
                edit.setText(value)
                self._auto[field] = value
                if value:
                    self._clear_error(field)

    # ------------------------------------------------------------------ rules on screen

    def _update_validity(self) -> None:
        needs_note = self.validity_combo.currentData() != Validity.VALID
        self.validity_note_edit.setEnabled(needs_note)
        self.validity_note_caption.setText(_caption(_("解释说明"), required=needs_note))
        if not needs_note:
            self._clear_error("validity_note")

    def _update_grade(self) -> None:
        major = self.grade_combo.currentData() == Grade.MAJOR
        for box in self.criteria_boxes.values():
            box.setEnabled(major)
        if not major:
            self._clear_error("major_criteria")

    def _field_widgets(self) -> dict[str, QWidget]:
        widgets: dict[str, QWidget] = {
            "channel": self.channel_combo,
            "complainant": self.complainant_edit,
            "phone": self.phone_edit,
            "location_text": self.location_edit,
            "category_id": self.category_combo,
            "department_id": self.department_combo,
            "target": self.target_edit,
            "content": self.content_edit,
            "demand": self.demand_edit,
            "validity": self.validity_combo,
            "validity_note": self.validity_note_edit,
            "grade": self.grade_combo,
            "major_criteria": self.criteria_boxes["A"],
            "note": self.note_edit,
        }
        for field in ("customer_name", "customer_phone"):
            widget = self.finder.field_widget(field)
            if widget is not None:
                widgets[field] = widget
        return widgets

    def _show_error_summary(self, count: int) -> None:
        if count:
            self.save_status.setText(_("有 {n} 处需要修改,见红色提示;改好后再保存。").format(n=count))
        else:
            self.save_status.clear()

    # ------------------------------------------------------------------ saving

    def accept(self) -> None:
        """The 保存 button: validate, then save off the UI thread; the dialog closes when it is saved."""
        self.save()

    def save(self) -> None:
        if self._saving:
            return
        form = self.form_input()
        new_customer = self.finder.current_new_customer()
        errors = validate_complaint(form)
        if new_customer is not None:
            errors.update(validate_customer(new_customer))
        if errors:
            self.show_errors(errors)
            return
        self.show_errors({})
        self._set_saving(True)
        runner, db, actor = self.ctx.runner, self.ctx.db, self.ctx.actor
        options = {"on_done": self._on_saved, "on_error": self._on_save_failed, "parent": self}
        if self.complaint is None:
            runner.run_db(complaints.register, db, actor, form, new_customer, **options)
        else:
            runner.run_db(complaints.update, db, actor, self.complaint.id, form, self.complaint.version, **options)

    def _set_saving(self, saving: bool) -> None:
        self._saving = saving
        self.save_button.setEnabled(not saving)
        self.save_status.setText(_("正在保存…") if saving else "")

    def _on_saved(self, view: ComplaintView) -> None:
        self._set_saving(False)
        self.saved = view
        self.saved_complaint.emit(view)
        super().accept()

    # ------------------------------------------------------------------ undo from the history

    def revert(self, history_id: int) -> None:
        """Undo one edit listed in the history panel, after asking."""
        if self.complaint is None:
            return
        if self.is_dirty():
            QMessageBox.information(self, _("撤销修改"), _("表中有尚未保存的修改。请先保存或取消这些修改,再撤销历史修改。"))
            return
        answer = QMessageBox.question(
            self, _("撤销修改"), _("把所选栏目恢复为修改前的值?撤销本身也会记入修改记录。"),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.ctx.runner.run_db(
            complaints.revert, self.ctx.db, self.ctx.actor, self.complaint.id, history_id, self.complaint.version,
            on_done=self._on_reverted, parent=self,
        )

    def _on_reverted(self, view: ComplaintView) -> None:
        self.complaint = view
        self.saved = view
        self.category_combo.clear()
        self.department_combo.clear()
        self._load_values()
        self._update_validity()
        self._update_grade()
        self._initial = self._snapshot()
        if self.history_panel is not None:
            self.history_panel.show_for(self.ctx, view.id)
        self.save_status.setText(_("已撤销,{number} 已恢复修改前的值").format(number=view.number))
        self.saved_complaint.emit(view)

    def _on_save_failed(self, exc: BaseException) -> None:
        self._set_saving(False)
        if isinstance(exc, ValidationFailed):
            self.show_errors(exc.fields)
        else:
            self.save_status.setText(_("没有保存。"))
            show_error(self, exc)

    # ------------------------------------------------------------------ closing

    def reject(self) -> None:
        """Esc, 取消 or the window's close box: ask first if anything was typed."""
        if self._saving:
            return  # the answer is on its way; closing now would hide it
        if self.is_dirty() and not self._confirm_discard():
            return
        super().reject()

    def _confirm_discard(self) -> bool:
        box = QMessageBox(
            QMessageBox.Icon.Question, _("不保存就关闭?"),
            _("表上填写的内容还没有保存。不保存就关闭吗?"),
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel, self,
        )
        box.setObjectName("discard_box")
        box.button(QMessageBox.StandardButton.Discard).setText(_("不保存,关闭"))
        box.button(QMessageBox.StandardButton.Cancel).setText(_("继续填写"))
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        return box.exec() == QMessageBox.StandardButton.Discard

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        # Enter in a field must not save a half-filled form; Ctrl+S or the button does.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not isinstance(
            self.focusWidget(), QAbstractButton
        ):
            event.accept()
            return
        super().keyPressEvent(event)


def _select(combo: QComboBox, value: object) -> None:
    for index in range(combo.count()):
        if combo.itemData(index) == value:
            combo.setCurrentIndex(index)
            return
    combo.setCurrentIndex(-1)
