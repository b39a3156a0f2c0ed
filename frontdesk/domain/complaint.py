"""Pure rules of the register: numbers, required fields, grades (SPEC §2.1, §2.2)."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from frontdesk.domain.types import ComplaintInput
from frontdesk.domain.vocab import MAJOR_CRITERIA, Channel, Grade, Validity
from frontdesk.i18n import _

COMPLAINT_PREFIX = "TS"
MINOR_BECOMES_MAJOR_AFTER = timedelta(days=10)
_PHONE = re.compile(r"^[0-9+\-() ]{3,20}$")


def period_of(moment: datetime) -> str:
    return moment.strftime("%Y%m")


def format_number(prefix: str, period: str, sequence: int) -> str:
    """``TS-202611-0001``; widens past 9999 instead of wrapping."""
    return f"{prefix}-{period}-{sequence:04d}"


def parse_number(number: str) -> tuple[str, str, int] | None:
    match = re.fullmatch(r"([A-Z]+)-(\d{6})-(\d{4,})", number)
    if not match:
        return None
    return match.group(1), match.group(2), int(match.group(3))


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


def becomes_major(received_at: datetime, moment: datetime, resolved: bool) -> bool:
    """A minor complaint not resolved within 10 days becomes major (criterion D)."""
    return not resolved and moment - received_at >= MINOR_BECOMES_MAJOR_AFTER


def normalise_search(text: str) -> str:
    return " ".join(text.split())


def mask_phone(phone: str) -> str:
    """``13812345678`` → ``138****5678``; short numbers keep only their last two digits."""
    digits = phone.strip()
    if len(digits) == 11:
        return digits[:3] + "****" + digits[-4:]
    if len(digits) > 4:
        return digits[:2] + "*" * (len(digits) - 4) + digits[-2:]
    return "*" * len(digits)


def unit_label(area: str, building: str, unit: str, room: str) -> str:
    """``3-2-1201`` (楼栋-单元-房号), after the area when there is one."""
    core = "-".join(p for p in (building.strip(), unit.strip(), room.strip()) if p)
    return f"{area.strip()} {core}".strip()


def vehicle_label(plate: str, model: str) -> str:
    return " ".join(p for p in (plate.strip().upper(), model.strip()) if p)
