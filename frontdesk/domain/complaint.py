"""The rules of the complaint form — 《客户投诉记录表》 ZC-QR-027 (SPEC §2.1, §2.2): its fields and grades."""

from __future__ import annotations

from datetime import datetime, timedelta

from frontdesk.domain.text import PHONE_MAX, TextRule, check_texts, phone_problem
from frontdesk.domain.types import ComplaintInput
from frontdesk.domain.vocab import MAJOR_CRITERIA, Channel, Grade, Validity
from frontdesk.domain.wallclock import now
from frontdesk.i18n import N_, _

# The most characters each field holds: what a row of the printed register ZC-QR-027 (and the
# header of the disposition form ZC-QR-028) has room for, within the database columns.
COMPLAINANT_MAX = 50
LOCATION_MAX = 100
TARGET_MAX = 50
CONTENT_MAX = 1000
DEMAND_MAX = 500
VALIDITY_NOTE_MAX = 200
NOTE_MAX = 200

#: Field → its rule; the form sets the same limits on its widgets.
TEXT_RULES = {
    "complainant": TextRule(COMPLAINANT_MAX, N_("投诉人")),
    "phone": TextRule(PHONE_MAX, N_("联系电话")),
    "location_text": TextRule(LOCATION_MAX, N_("位置")),
    "target": TextRule(TARGET_MAX, N_("投诉对象")),
    "content": TextRule(CONTENT_MAX, N_("投诉内容"), lines=True),
    "demand": TextRule(DEMAND_MAX, N_("客户要求"), lines=True),
    "validity_note": TextRule(VALIDITY_NOTE_MAX, N_("解释说明")),
    "note": TextRule(NOTE_MAX, N_("备注")),
}

#: A paper form entered later may be up to a year old; a received time a little ahead of this
#: PC's clock is another PC's clock running fast, more is a typing mistake.
RECEIVED_PAST = timedelta(days=366)
RECEIVED_AHEAD = timedelta(minutes=5)


def validate_complaint(
    form: ComplaintInput, moment: datetime | None = None, *, saved_received_at: datetime | None = None
) -> dict[str, str]:
    """Field name → message for every problem; empty when the form may be saved.

    ``moment`` is now; the received time is checked only when it is not the one already
    saved (``saved_received_at``), so a complaint stays editable however old it gets.
    """
    errors: dict[str, str] = {}
    if form.channel not in set(Channel):
        errors["channel"] = _("请选择投诉渠道")
    if not form.complainant.strip():
        errors["complainant"] = _("请填写投诉人,回访时需要")
    if not form.phone.strip():
        errors["phone"] = _("请填写联系电话,回访时需要")
    else:
        problem = phone_problem(form.phone, _("联系电话"))
        if problem:
            errors["phone"] = problem
    if form.category_id is None:
        errors["category_id"] = _("请选择投诉类别")
    if not form.content.strip():
        errors["content"] = _("请填写投诉内容")
    if form.validity not in set(Validity):
        errors["validity"] = _("请选择有效性")
    elif form.validity != Validity.VALID and not form.validity_note.strip():
        errors["validity_note"] = _("无效或无理投诉须写明向客户所作的解释")
    criteria = set(form.major_criteria)
    if form.grade not in set(Grade):
        errors["grade"] = _("请选择级别")
    elif form.grade == Grade.MAJOR and not criteria:
        errors["major_criteria"] = _("重大投诉须勾选至少一项判定依据(A–D)")
    if not criteria <= set(MAJOR_CRITERIA):
        errors["major_criteria"] = _("判定依据只能是 A、B、C、D")
    check_texts(errors, form, TEXT_RULES)
    if form.received_at is not None and form.received_at != saved_received_at:
        problem = received_at_problem(form.received_at, moment or now())
        if problem:
            errors["received_at"] = problem
    return errors


def received_at_problem(received_at: datetime, moment: datetime) -> str:
    """Why a complaint cannot have been received at ``received_at`` (``""`` when it can)."""
    if received_at > moment + RECEIVED_AHEAD:
        return _("受理时间不能晚于现在,请核对日期和时间")
    if received_at < moment - RECEIVED_PAST:
        return _("受理时间不能早于一年前,请核对日期;更早的纸质记录请交管理员处理")
    return ""


def grade_reason(grade: str, criteria: str) -> str:
    """The sentence the record keeps to say why a complaint is major."""
    if grade != Grade.MAJOR:
        return ""
    return ";".join(f"{c}. {MAJOR_CRITERIA[c]}" for c in sorted(set(criteria)) if c in MAJOR_CRITERIA)
