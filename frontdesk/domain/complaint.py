"""The rules of the complaint form — 《客户投诉记录表》 ZC-QR-027 (SPEC §2.1, §2.2): its fields and grades."""

from __future__ import annotations

import re

from frontdesk.domain.types import ComplaintInput
from frontdesk.domain.vocab import MAJOR_CRITERIA, Channel, Grade, Validity
from frontdesk.i18n import _

_PHONE = re.compile(r"^[0-9+\-() ]{3,20}$")


def validate_complaint(form: ComplaintInput) -> dict[str, str]:
    """Field name → message for every problem; empty when the form may be saved."""
    errors: dict[str, str] = {}
    if form.channel not in set(Channel):
        errors["channel"] = _("请选择投诉渠道")
    if not form.complainant.strip():
        errors["complainant"] = _("请填写投诉人,回访时需要")
    phone = form.phone.strip()
    if not phone:
        errors["phone"] = _("请填写联系电话,回访时需要")
    elif not _PHONE.match(phone):
        errors["phone"] = _("联系电话只能包含数字、空格和 + - ( ),长度 3–20 位")
    if form.category_id is None:
        errors["category_id"] = _("请选择投诉类别")
    if not form.content.strip():
        errors["content"] = _("请填写投诉内容")
    if form.validity not in set(Validity):
        errors["validity"] = _("请选择有效性")
    elif form.validity != Validity.VALID and not form.validity_note.strip():
        errors["validity_note"] = _("无效或无理投诉须写明向客户所作的解释")
    if form.grade not in set(Grade):
        errors["grade"] = _("请选择级别")
    elif form.grade == Grade.MAJOR:
        criteria = set(form.major_criteria)
        if not criteria:
            errors["major_criteria"] = _("重大投诉须勾选至少一项判定依据(A–D)")
        elif not criteria <= set(MAJOR_CRITERIA):
            errors["major_criteria"] = _("判定依据只能是 A、B、C、D")
    return errors


def grade_reason(grade: str, criteria: str) -> str:
    """The sentence the record keeps to say why a complaint is major."""
    if grade != Grade.MAJOR:
        return ""
    return ";".join(f"{c}. {MAJOR_CRITERIA[c]}" for c in sorted(set(criteria)) if c in MAJOR_CRITERIA)
