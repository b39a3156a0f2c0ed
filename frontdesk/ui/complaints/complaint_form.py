"""The complaint form — 《客户投诉记录表》 ZC-QR-027 (SPEC §2.1, §2.2).

Laid out like the paper form, top to bottom, and built for the keyboard: a clerk
on the phone tabs through channel, customer, complainant, phone, location,
category, department, target, content, demand, validity, grade and note, then
presses Ctrl+S.  Every problem is shown in red directly under its field and
nothing is written while one remains.  When editing, the change history of the
complaint is shown on the right.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from frontdesk.domain.changes import COMPLAINT
from frontdesk.domain.complaint import validate_complaint
from frontdesk.domain.customer import validate_customer
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
    Status,
    Validity,
    term,
)
from frontdesk.domain.wallclock import now
from frontdesk.i18n import _
from frontdesk.services import complaints, exports, reference
from frontdesk.ui.common import style
from frontdesk.ui.common.history_panel import HistoryPanel
from frontdesk.ui.common.printing import print_with_preview
from frontdesk.ui.common.record_form import RecordForm
from frontdesk.ui.common.widgets import (
    TIME_FORMAT,
    FieldGroup,
    action_button,
    form_title_row,
    select,
    text_box,
    value_label,
)
from frontdesk.ui.complaints.customer_finder import CustomerFinder

FORM_NUMBER = "ZC-QR-027"

#: Fields in the order of the paper form: the first one in error gets the focus.
FIELD_ORDER = [
    "channel", "customer_name", "customer_phone", "complainant", "phone", "location_text",
    "category_id", "department_id", "target", "content", "demand", "validity", "validity_note",
    "grade", "major_criteria", "note",
]


@dataclass(frozen=True)
class ComplaintData:
    """What the form shows: the complaint (``None`` for a new one) and the lists to choose from."""

    complaint: ComplaintView | None
    categories: list[Option]
    departments: list[Option]


class ComplaintForm(RecordForm):
    """Register a new complaint (``record_id=None``) or edit a saved one."""

    kind = "complaint"
    record_kind = COMPLAINT
    form_name = "complaint_form"
    default_size = QSize(900, 700)
    field_order = FIELD_ORDER

    def __init__(self, ctx: Any, record_id: int | None = None, parent: QWidget | None = None,
                 **context: Any) -> None:
        self.saved_view: ComplaintView | None = None
        self._opened_at: datetime = now()
        self._customer_id: int | None = None
        self._location_id: int | None = None
        self._location_label = ""
        self._auto: dict[str, str] = {}  # field -> the value last filled in automatically
        self._initial: tuple | None = None
        if record_id is not None:
            self.form_name = "complaint_form_edit"
            self.default_size = QSize(1240, 700)
        super().__init__(ctx, record_id, parent, **context)

    # ------------------------------------------------------------------ the pattern's hooks

    @staticmethod
    def load(db: Any, actor: Any, record_id: int | None, context: dict[str, Any]) -> ComplaintData:
        complaint = complaints.get(db, actor, record_id) if record_id is not None else None
        return ComplaintData(complaint, reference.categories(db), reference.departments(db))

    def title_for(self, data: ComplaintData | None) -> str:
        if self.record_id is None:
            return _("登记投诉 — 客户投诉记录表")
        number = data.complaint.number if data is not None and data.complaint else ""
        return _("编辑投诉 {number} — 客户投诉记录表").format(number=number)

    def buttons(self) -> QDialogButtonBox.StandardButton:
        return QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel

    def read_only_reason(self, data: ComplaintData) -> str:
        if self.record_id is not None and not self.ctx.can(Perm.COMPLAINT_EDIT):
            return _("您的角色只能查看这条投诉,不能修改。")
        if data.complaint is not None and data.complaint.status == Status.ARCHIVED:
            return _("这条投诉已归档,只能查看;如有新情况,请登记一条新投诉并在备注中写明原编号。")
        return ""

    def write_buttons(self) -> list[QAbstractButton]:
        buttons = super().write_buttons()
        if self.history_panel is not None:
            buttons.append(self.history_panel.revert_button)
        return buttons

    def first_focus(self) -> QWidget | None:
        return self.finder.search_edit if self.record_id is None else self.channel_combo

    def is_dirty(self) -> bool:
        return self._initial is not None and not self.is_read_only and self._snapshot() != self._initial

    # ------------------------------------------------------------------ building

    def build_body(self, body: QVBoxLayout) -> None:
        parent = body.parentWidget()
        body.addLayout(self._build_header(parent))
        body.addWidget(self._build_customer_group(parent))
        body.addWidget(self._build_content_group(parent))
        body.addWidget(self._build_judgement_group(parent))

    def build_side(self) -> QWidget | None:
        self.history_panel = HistoryPanel(self) if self.record_id is not None else None
        return self.history_panel

    def _build_header(self, parent: QWidget) -> QVBoxLayout:
        self.number_label = value_label("number_label", parent=parent)
        self.received_label = value_label("received_label", parent=parent)
        self.receiver_label = value_label("receiver_label", parent=parent)
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
        header.addLayout(form_title_row(_("客户投诉记录表"), FORM_NUMBER, parent))
        header.addLayout(info_row)
        return header

    def _build_customer_group(self, parent: QWidget) -> FieldGroup:
        group = FieldGroup(_("投诉人"), "customer_group", self.fields, parent)
        self.channel_combo = QComboBox(group)
        self.channel_combo.setObjectName("channel_combo")
        for value in Channel:
            self.channel_combo.addItem(CHANNEL_LABELS[value], str(value))
        self.finder = CustomerFinder(self.ctx, group, allow_new=self.record_id is None)
        self.finder.setObjectName("customer_finder")
        for field, message in self.finder.error_labels.items():
            self.fields.add(field, self.finder.field_widget(field), message)
        self.complainant_edit = QLineEdit(group)
        self.complainant_edit.setObjectName("complainant_edit")
        self.phone_edit = QLineEdit(group)
        self.phone_edit.setObjectName("phone_edit")
        self.phone_edit.setMaxLength(20)
        self.location_edit = QLineEdit(group)
        self.location_edit.setObjectName("location_edit")
        self.location_edit.setPlaceholderText(term(self.ctx.profile, "location_hint"))

        group.add(0, 0, _("投诉渠道"), self.channel_combo, "channel", required=True)
        finder_label = QLabel(_("客户档案"), group)
        finder_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        finder_label.setContentsMargins(0, 4, 0, 0)
        finder_label.setBuddy(self.finder.search_edit)
        group.add_wide(0, 2, finder_label)
        group.grid.addWidget(self.finder, 0, 3, 2, 3)
        group.add(2, 0, _("投诉人"), self.complainant_edit, "complainant", required=True)
        group.add(2, 2, _("联系电话"), self.phone_edit, "phone", required=True)
        group.add(2, 4, term(self.ctx.profile, "location"), self.location_edit, "location_text")
        return group

    def _build_content_group(self, parent: QWidget) -> FieldGroup:
        group = FieldGroup(_("投诉内容"), "content_group", self.fields, parent)
        self.category_combo = QComboBox(group)
        self.category_combo.setObjectName("category_combo")
        self.category_combo.setPlaceholderText(_("请选择"))
        self.department_combo = QComboBox(group)
        self.department_combo.setObjectName("department_combo")
        self.target_edit = QLineEdit(group)
        self.target_edit.setObjectName("target_edit")
        self.target_edit.setPlaceholderText(_("被投诉的人员或事项"))
        self.content_edit = text_box("content_edit", 3, _("客户反映的问题:时间、地点、经过"), group)
        self.content_edit.setMaximumHeight(self.content_edit.fontMetrics().lineSpacing() * 8 + 14)
        self.demand_edit = text_box("demand_edit", 2, _("客户希望如何解决"), group, fixed=True)

        group.add(0, 0, _("投诉类别"), self.category_combo, "category_id", required=True)
        group.add(0, 2, _("被投诉部门"), self.department_combo, "department_id")
        group.add(0, 4, _("投诉对象"), self.target_edit, "target")
        group.add(2, 0, _("投诉内容"), self.content_edit, "content", span=5, required=True, top=True)
        group.add(4, 0, _("客户要求"), self.demand_edit, "demand", span=5, top=True)
        return group

    def _build_judgement_group(self, parent: QWidget) -> FieldGroup:
        group = FieldGroup(_("有效性与级别"), "judgement_group", self.fields, parent)
        self.validity_combo = QComboBox(group)
        self.validity_combo.setObjectName("validity_combo")
        for value in Validity:
            self.validity_combo.addItem(VALIDITY_LABELS[value], str(value))
        self.validity_note_edit = QLineEdit(group)
        self.validity_note_edit.setObjectName("validity_note_edit")
        self.validity_note_edit.setPlaceholderText(_("向客户所作的解释"))
        self.validity_hint = style.as_hint(QLabel(
            _("无效:超出公司承诺或合同约定的范围;无理:要求不合理。两者都须在“解释说明”中记下向客户所作的解释。"),
            group,
        ))
        self.validity_hint.setObjectName("validity_hint")
        self.validity_hint.setWordWrap(True)
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

        group.add(0, 0, _("有效性"), self.validity_combo, "validity", required=True)
        self.validity_note_caption = group.add(0, 2, _("解释说明"), self.validity_note_edit, "validity_note", span=3)
        group.add_wide(2, 1, self.validity_hint, span=5)
        grade_label = group.add(3, 0, _("级别"), self.grade_combo, "grade", required=True)
        group.grid.setAlignment(grade_label, Qt.AlignmentFlag.AlignTop)
        group.grid.setAlignment(self.grade_combo, Qt.AlignmentFlag.AlignTop)
        criteria_label = group.add(3, 2, _("重大判定依据"), criteria, "major_criteria", span=3, top=True)
        self.fields.widgets["major_criteria"] = self.criteria_boxes["A"]
        criteria_label.setBuddy(self.criteria_boxes["A"])
        group.add(5, 0, _("备注"), self.note_edit, "note", span=5)
        return group

    def connect_signals(self) -> None:
        chain: list[QWidget] = [
            self.channel_combo, *self.finder.focus_order(), self.complainant_edit, self.phone_edit,
            self.location_edit, self.category_combo, self.department_combo, self.target_edit,
            self.content_edit, self.demand_edit, self.validity_combo, self.validity_note_edit,
            self.grade_combo, *self.criteria_boxes.values(), self.note_edit, self.save_button,
            self.close_button,
        ]
        for first, second in zip(chain, chain[1:], strict=False):
            self.setTabOrder(first, second)
        if self.history_panel is not None:
            self.history_panel.revert_requested.connect(self.revert)
        self.finder.customer_chosen.connect(self._on_customer_chosen)
        self.finder.customer_cleared.connect(self._on_customer_cleared)
        self.finder.new_customer_edited.connect(self._on_new_customer_edited)
        self.validity_combo.currentIndexChanged.connect(self._update_validity)
        self.grade_combo.currentIndexChanged.connect(self._update_grade)
        for box in self.criteria_boxes.values():
            box.toggled.connect(lambda _on: self.clear_error("major_criteria"))

    # ------------------------------------------------------------------ values

    def show_data(self, data: ComplaintData) -> None:
        complaint = data.complaint
        categories, departments = list(data.categories), list(data.departments)
        if complaint is not None:
            # a category or department switched off since keeps showing on the old record
            if all(o.id != complaint.category_id for o in categories):
                categories.append(Option(complaint.category_id, complaint.category_name))
            if complaint.department_id and all(o.id != complaint.department_id for o in departments):
                departments.append(Option(complaint.department_id, complaint.department_name))
        for combo in (self.category_combo, self.department_combo):
            combo.blockSignals(True)
            combo.clear()
        for option in categories:
            self.category_combo.addItem(option.name, option.id)
        self.department_combo.addItem(_("(不指定)"), None)
        for option in departments:
            self.department_combo.addItem(option.name, option.id)
        self.category_combo.setCurrentIndex(-1)
        for combo in (self.category_combo, self.department_combo):
            combo.blockSignals(False)
        if complaint is None:
            self.number_label.setText(_("保存后自动生成"))
            style.as_hint(self.number_label)
            self.received_label.setText(self._opened_at.strftime(TIME_FORMAT))
            self.receiver_label.setText(self.ctx.actor.display_name)
        else:
            self._show_complaint(complaint)
        self._update_validity()
        self._update_grade()
        self._initial = self._snapshot()

    def _show_complaint(self, complaint: ComplaintView) -> None:
        self._customer_id = complaint.customer_id
        self._location_id = complaint.location_id
        self._location_label = complaint.location_text
        self.number_label.setText(complaint.number)
        self.received_label.setText(complaint.received_at.strftime(TIME_FORMAT))
        self.receiver_label.setText(complaint.receiver_name)
        select(self.channel_combo, complaint.channel)
        if complaint.customer_id is not None:
            self.finder.set_chosen(CustomerMatch(
                complaint.customer_id, complaint.complainant, complaint.phone,
                complaint.location_id, complaint.location_text,
            ))
        self.complainant_edit.setText(complaint.complainant)
        self.phone_edit.setText(complaint.phone)
        self.location_edit.setText(complaint.location_text)
        select(self.category_combo, complaint.category_id)
        select(self.department_combo, complaint.department_id)
        self.target_edit.setText(complaint.target)
        self.content_edit.setPlainText(complaint.content)
        self.demand_edit.setPlainText(complaint.demand)
        select(self.validity_combo, complaint.validity)
        self.validity_note_edit.setText(complaint.validity_note)
        select(self.grade_combo, complaint.grade)
        for letter, box in self.criteria_boxes.items():
            box.setChecked(letter in complaint.major_criteria)
        self.note_edit.setText(complaint.note)
        if self.history_panel is not None:
            self.history_panel.allow_revert(self.ctx.can(Perm.COMPLAINT_EDIT))
            self.history_panel.show_for(self.ctx, complaint.id)

    @property
    def complaint(self) -> ComplaintView | None:
        return self.data.complaint if self.data is not None else None

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

    def rebase(self, old: ComplaintData, new: ComplaintData) -> None:
        """The newest complaint, with every field the user changed since it was last shown kept."""
        base, mine = self._initial[0], self.form_input()
        edited = {f.name: getattr(mine, f.name) for f in fields(ComplaintInput)
                  if f.name != "received_at" and getattr(mine, f.name) != getattr(base, f.name)}
        self.show_data(new)
        self._apply(edited)

    def _apply(self, values: dict[str, Any]) -> None:
        """Put form values back into their widgets (field name → value, as in ComplaintInput)."""
        texts = {"complainant": self.complainant_edit, "phone": self.phone_edit, "location_text": self.location_edit,
                 "target": self.target_edit, "validity_note": self.validity_note_edit, "note": self.note_edit}
        boxes = {"content": self.content_edit, "demand": self.demand_edit}
        combos = {"channel": self.channel_combo, "category_id": self.category_combo,
                  "department_id": self.department_combo, "validity": self.validity_combo, "grade": self.grade_combo}
        for name, value in values.items():
            if name in texts:
                texts[name].setText(value)
            elif name in boxes:
                boxes[name].setPlainText(value)
            elif name in combos:
                select(combos[name], value)
            elif name == "major_criteria":
                for letter, box in self.criteria_boxes.items():
                    box.setChecked(letter in value)
            elif name in ("customer_id", "location_id"):
                setattr(self, f"_{name}", value)

    def _snapshot(self) -> tuple:
        return (
            self.form_input(), self.finder.search_edit.text(), self.finder.current_new_customer(),
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
            self.clear_error(field)
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
                    self.clear_error(field)

    # ------------------------------------------------------------------ rules on screen

    def _update_validity(self) -> None:
        needs_note = self.validity_combo.currentData() != Validity.VALID
        self.validity_note_edit.setEnabled(needs_note and not self.is_read_only)
        self.validity_note_caption.setText(style.required_mark(_("解释说明"), needs_note))
        if not needs_note:
            self.clear_error("validity_note")

    def _update_grade(self) -> None:
        major = self.grade_combo.currentData() == Grade.MAJOR
        for box in self.criteria_boxes.values():
            box.setEnabled(major and not self.is_read_only)
        if not major:
            self.clear_error("major_criteria")

    # ------------------------------------------------------------------ saving

    def save(self) -> None:
        """Validate, then save off the UI thread; the form closes once it is saved."""
        if self.busy or self.data is None or self.is_read_only:
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
        if self.complaint is None:
            self.run_write(complaints.register, form, new_customer, message=_("正在保存…"), on_done=self._saved)
        else:
            self.run_write(complaints.update, self.complaint.id, form, self.complaint.version,
                           message=_("正在保存…"), on_done=self._saved)

    def _saved(self, view: ComplaintView) -> None:
        self.saved_view = view
        self.close_saved()

    def build_actions(self, row: QHBoxLayout) -> None:
        self.print_button = action_button(_("打印"), "print_button", _("把这条投诉打印成《客户投诉记录表》,先预览(Ctrl+P)"))
        self.print_button.clicked.connect(self.print_record)
        self.print_button.setVisible(self.record_id is not None and self.ctx.can(Perm.REGISTER_PRINT))
        row.addWidget(self.print_button)

    def print_record(self) -> None:
        """This complaint as a row of the register ZC-QR-027, with a preview."""
        if self.complaint is None or not self.ctx.can(Perm.REGISTER_PRINT):
            return
        number = self.complaint.number
        print_with_preview(self.ctx, self, exports.complaint_pdf_printout, self.complaint.id,
                           title=_("客户投诉记录表 {number}").format(number=number), on_printed=self.printed.emit)

    # ------------------------------------------------------------------ undo from the history

    def revert(self, history_id: int) -> None:
        """Undo one edit listed in the history panel, after asking."""
        if self.complaint is None or self.busy:
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
        self.run_write(complaints.revert, self.complaint.id, history_id, self.complaint.version,
                       message=_("正在撤销…"), on_done=self._reverted)

    def _reverted(self, view: ComplaintView) -> None:
        self.saved_view = view
        self.data = ComplaintData(view, self.data.categories, self.data.departments)
        self.show_data(self.data)
        self.status_line.setText(_("已撤销,{number} 已恢复修改前的值").format(number=view.number))

