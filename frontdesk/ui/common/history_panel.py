"""The change history of one complaint: who changed what, when, from which value to which (SPEC §8)."""

from __future__ import annotations

import json
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from frontdesk.db.engine import Database
from frontdesk.domain.types import Actor, HistoryItem, Option
from frontdesk.domain.vocab import (
    CHANNEL_LABELS,
    GRADE_LABELS,
    STATUS_LABELS,
    VALIDITY_LABELS,
    term,
)
from frontdesk.i18n import N_, Labels, _
from frontdesk.services import complaints, disposition, letters, reference
from frontdesk.ui.common import style
from frontdesk.ui.common.base import AppContext
from frontdesk.ui.common.registry import open_record
from frontdesk.ui.common.tasks import error_text

TIME_COLUMN, USER_COLUMN, FIELD_COLUMN, CHANGE_COLUMN = range(4)
VALUE_PREVIEW = 40


def field_labels(profile: str) -> dict[str, str]:
    """Chinese names of the complaint columns the history mentions."""
    return {
        "number": _("编号"),
        "received_at": _("受理时间"),
        "channel": _("投诉渠道"),
        "complainant": _("投诉人"),
        "phone": _("联系电话"),
        "customer_id": _("客户档案"),
        "location_id": _("{location}(档案)").format(location=term(profile, "location")),
        "location_text": term(profile, "location"),
        "category_id": _("投诉类别"),
        "department_id": _("被投诉部门"),
        "target": _("投诉对象"),
        "content": _("投诉内容"),
        "demand": _("客户要求"),
        "validity": _("有效性"),
        "validity_note": _("解释说明"),
        "grade": _("级别"),
        "major_criteria": _("判定依据"),
        "grade_reason": _("定级原因"),
        "status": _("状态"),
        "note": _("备注"),
        # the disposition form (ZC-QR-028)
        "complaint": _("处置表"),
        "escalated": _("升级"),
        "escalated_to": _("升级至"),
        "feedback": _("首次反馈"),
        "reported_major": _("上报重大"),
        "dispatched_at": _("派单时间"),
        "dispatcher_id": _("派单人"),
        "handling_limit_minutes": _("处理时限(分钟)"),
        "dispatch_note": _("派单说明"),
        "method_text": _("处理方法"),
        "method_by": _("处理方法填写人"),
        "method_at": _("处理方法时间"),
        "head_by": _("部门负责人"),
        "head_at": _("负责人签字时间"),
        "on_the_spot": _("现场解决"),
        "result_text": _("处理结果"),
        "completed_at": _("完成时间"),
        "result_by": _("结果填写人"),
        "result_at": _("结果签字时间"),
        "verification_text": _("验证、回访结果"),
        "verifier_name": _("验证人"),
        "verification_passed": _("验证结论"),
        "verified_by": _("回访人"),
        "verified_at": _("回访时间"),
        "supervisor_opinion": _("负责人意见"),
        "supervisor_by": _("资产管理部负责人"),
        "supervisor_at": _("意见签字时间"),
        "archived_by": _("归档人"),
        "archived_at": _("归档时间"),
        "disposition_pdf": _("打印处置表"),
        "register_pdf": _("打印登记表"),
        "register_xlsx": _("导出 Excel"),
        "letter_pdf": _("打印联系函"),
        "letter": _("工作联系函"),
    }


ACTION_LABELS = Labels({
    "create": N_("登记"), "update": N_("修改"), "delete": N_("删除"), "dispatch": N_("派单"), "escalate": N_("升级"),
    "write_method": N_("处理方法"), "sign_method": N_("负责人签字"), "record_result": N_("处理结果"),
    "on_the_spot": N_("现场解决"), "verify": N_("回访"), "supervisor_sign": N_("负责人意见"), "archive": N_("归档"), "auto_upgrade": N_("自动转重大"), "auto_upgrade_undone": N_("撤销自动转重大"), "pause": N_("暂停时限"),
    "resume": N_("恢复时限"), "export": N_("打印/导出"), "revert": N_("撤销"), "letter_sent": N_("发联系函"),
    "letter_replied": N_("联系函已回复"), "feedback": N_("首次反馈"), "reported_major": N_("上报重大"),
})


_USER_FIELDS = ("dispatcher_id", "method_by", "head_by", "result_by", "verified_by", "supervisor_by", "archived_by")


#: An entry about another record, by its field: the kind the registry opens it as.
LINKED_FIELDS = {"letter": "letter"}


@dataclass(frozen=True)
class History:
    items: list[HistoryItem]
    categories: list[Option]
    departments: list[Option]
    users: list[Option]
    links: dict[tuple[str, str], int]  # (field, value) → id of the record the entry names


def _load(db: Database, actor: Actor, complaint_id: int) -> History:
    """Runs on the database worker: the entries, the names their ids stand for, the records they name."""
    items = disposition.history(db, actor, complaint_id)  # the complaint's and its form's
    letter_numbers = [i.new_value for i in items if i.field == "letter" and i.new_value]
    links = {("letter", number): letter_id
             for number, letter_id in letters.ids_by_number(db, actor, letter_numbers).items()}
    return History(items, reference.categories(db, include_inactive=True),
                   reference.departments(db, include_inactive=True), reference.users(db), links)


class HistoryPanel(QWidget):
    """A read-only list of history entries, newest first, loaded off the UI thread.

    With :meth:`allow_revert`, a button offers to undo the selected edit: the panel only
    asks (``revert_requested``); the form runs the service.
    """

    revert_requested = Signal(int)  # history entry id
    opened = Signal(object)  # the form an entry about another record opened

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("history_panel")
        self._labels = field_labels("property")
        self._names: dict[str, dict[str, str]] = {}
        self._complaint_id: int | None = None
        self._ctx: AppContext | None = None
        self._links: dict[tuple[str, str], int] = {}
        self.title_label = QLabel(_("修改记录"), self)
        style.coloured(self.title_label, "", bold=True)
        self.status_label = QLabel(self)
        self.status_label.setObjectName("history_status")
        self.status_label.setWordWrap(True)
        style.as_hint(self.status_label)
        self.history_list = QTreeWidget(self)
        self.history_list.setObjectName("history_list")
        self.history_list.setRootIsDecorated(False)
        self.history_list.setAlternatingRowColors(True)
        self.history_list.setWordWrap(True)
        self.history_list.setHeaderLabels([_("时间"), _("操作人"), _("栏目"), _("原值 → 新值")])
        header = self.history_list.header()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(TIME_COLUMN, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(USER_COLUMN, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(FIELD_COLUMN, QHeaderView.ResizeMode.ResizeToContents)
        self.revert_button = QPushButton(_("撤销所选修改"), self)
        self.revert_button.setObjectName("revert_button")
        self.revert_button.setToolTip(_("把所选栏目恢复为修改前的值;撤销本身也记入修改记录"))
        self.revert_button.setEnabled(False)
        self.revert_button.setVisible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title_label)
        layout.addWidget(self.status_label)
        layout.addWidget(self.history_list, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.revert_button)
        layout.addLayout(buttons)
        self.history_list.currentItemChanged.connect(self._update_revert)
        self.history_list.itemActivated.connect(self._open_link)
        self.revert_button.clicked.connect(self._request_revert)

    def allow_revert(self, allowed: bool) -> None:
        self.revert_button.setVisible(allowed)

    def _update_revert(self, item: QTreeWidgetItem | None, _previous: QTreeWidgetItem | None = None) -> None:
        self.revert_button.setEnabled(bool(item is not None and item.data(FIELD_COLUMN, Qt.ItemDataRole.UserRole)))

    def _request_revert(self) -> None:
        item = self.history_list.currentItem()
        if item is not None and item.data(FIELD_COLUMN, Qt.ItemDataRole.UserRole):
            self.revert_requested.emit(int(item.data(TIME_COLUMN, Qt.ItemDataRole.UserRole)))

    def _open_link(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        """Enter or a double-click: an entry about another record (a letter) opens that record;
        any other shows the entry in full (values too long for the list)."""
        link = item.data(CHANGE_COLUMN, Qt.ItemDataRole.UserRole)
        if link and self._ctx is not None:
            kind, record_id = link
            self.opened.emit(open_record(self._ctx, kind, record_id, self))
            return
        box = QMessageBox(QMessageBox.Icon.NoIcon, _("修改记录"), item.data(USER_COLUMN, Qt.ItemDataRole.UserRole),
                          QMessageBox.StandardButton.Close, self)
        box.setObjectName("history_detail")
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.detail_box = box
        box.open()

    def detail(self, entry: HistoryItem) -> str:
        """The entry in full: when, who, what, and both values, readable."""
        lines = [f"{entry.at:%Y-%m-%d %H:%M:%S}  {entry.display_name or entry.username}",
                 f"{ACTION_LABELS.get(entry.action, entry.action)} · {self._labels.get(entry.field, entry.field)}"]
        if entry.action == "export":
            lines.append(export_text(entry.new_value))
        else:
            lines += [_("原值:{value}").format(value=self._value(entry.field, entry.old_value)),
                      _("新值:{value}").format(value=self._value(entry.field, entry.new_value))]
        return "\n".join(lines)

    def show_for(self, ctx: AppContext, complaint_id: int) -> None:
        """Load and list the history of ``complaint_id``; the answer arrives on the UI thread."""
        self._ctx = ctx
        self._complaint_id = complaint_id
        self._labels = field_labels(ctx.profile)
        self.history_list.clear()
        self._set_status(_("正在读取修改记录…"))
        ctx.runner.run_db(
            _load, ctx.db, ctx.actor, complaint_id,
            on_done=self._on_loaded, on_error=self._on_failed, parent=self,
        )

    def rows(self) -> list[tuple[str, str, str, str]]:
        """The texts shown, top to bottom (for tests and copying)."""
        result = []
        for i in range(self.history_list.topLevelItemCount()):
            item = self.history_list.topLevelItem(i)
            result.append(tuple(item.text(c) for c in range(4)))  # type: ignore[arg-type]
        return result

    def _on_loaded(self, answer: History) -> None:
        items, categories, departments, users = answer.items, answer.categories, answer.departments, answer.users
        self._links = answer.links
        people = {str(o.id): o.name for o in users}
        self._names = {
            "category_id": {str(o.id): o.name for o in categories},
            "department_id": {str(o.id): o.name for o in departments},
            "channel": {str(k): v for k, v in CHANNEL_LABELS.items()},
            "validity": {str(k): v for k, v in VALIDITY_LABELS.items()},
            "grade": {str(k): v for k, v in GRADE_LABELS.items()},
            "status": {str(k): v for k, v in STATUS_LABELS.items()},
            **{name: people for name in _USER_FIELDS},
        }
        self.history_list.clear()
        self.revert_button.setEnabled(False)
        shown = [item for item in items if item.field != "*"]  # "*" is the full snapshot at creation
        for entry in reversed(shown):
            self.history_list.addTopLevelItem(self._item(entry))
        if shown:
            self._set_status(_("共 {n} 条,最新的在上").format(n=len(shown)))
        else:
            self._set_status(_("还没有修改记录"))

    def _on_failed(self, exc: BaseException) -> None:
        self._set_status(error_text(exc))

    def _item(self, entry: HistoryItem) -> QTreeWidgetItem:
        action = ACTION_LABELS.get(entry.action, entry.action)
        if entry.action == "create" and entry.field == "number":
            field, change = action, entry.new_value
        elif entry.action == "export":
            field, change = self._labels.get(entry.field, action), export_text(entry.new_value)
        else:
            field = self._labels.get(entry.field, entry.field)
            if entry.action not in ("create", "update") and field != action:
                field = f"{action}·{field}"
            old, new = self._value(entry.field, entry.old_value), self._value(entry.field, entry.new_value)
            change = f"{_short(old)} → {_short(new)}"
        who = entry.display_name or (_("系统") if entry.username == "system" else entry.username)
        item = QTreeWidgetItem([entry.at.strftime("%Y-%m-%d %H:%M"), who, field, change])
        item.setToolTip(USER_COLUMN, entry.username)
        full = self.detail(entry)
        for column in (FIELD_COLUMN, CHANGE_COLUMN):
            item.setToolTip(column, full)
        item.setData(USER_COLUMN, Qt.ItemDataRole.UserRole, full)
        item.setData(TIME_COLUMN, Qt.ItemDataRole.UserRole, entry.id)
        revertible = entry.action in ("update", "revert") and entry.field in complaints.REVERTIBLE
        item.setData(FIELD_COLUMN, Qt.ItemDataRole.UserRole, revertible)
        linked = self._links.get((entry.field, entry.new_value))
        if linked is not None:
            item.setData(CHANGE_COLUMN, Qt.ItemDataRole.UserRole, (LINKED_FIELDS[entry.field], linked))
            item.setToolTip(CHANGE_COLUMN, full + "\n" + _("双击或按回车打开"))
        return item

    def _value(self, field: str, value: str) -> str:
        if not value:
            return _("(空)")
        if field == "major_criteria":
            return "、".join(value)
        return self._names.get(field, {}).get(value, value)

    def _set_status(self, text: str) -> None:
        self.status_label.setText(text)


def export_text(details: str) -> str:
    """``{"file": "x.pdf", "pages": 2, "masked": true}`` as words: ``x.pdf · 2 页 · 电话已隐去``."""
    try:
        values = json.loads(details)
    except ValueError:
        return details
    if not isinstance(values, dict):
        return details
    parts = [str(values.get("file") or "")]
    if "pages" in values:
        parts.append(_("{n} 页").format(n=values["pages"]))
    if "rows" in values:
        parts.append(_("{n} 条").format(n=values["rows"]))
    if values.get("masked"):
        parts.append(_("电话已隐去"))
    return " · ".join(p for p in parts if p)


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= VALUE_PREVIEW else text[: VALUE_PREVIEW - 1] + "…"
