"""The rules of a customer record (SPEC §5): what a new customer needs, how a location reads."""

from __future__ import annotations

from frontdesk.domain.text import PHONE_MAX, TextRule, check_texts, phone_problem
from frontdesk.domain.types import CustomerInput
from frontdesk.i18n import N_, _

KINDS = ("person", "company")

# The most characters each field holds, within the database columns; a unit's label
# (area, building-unit-room) and a vehicle's (plate model) stay within the complaint's 位置.
NAME_MAX = 50
OTHER_PHONES_MAX = 100
ID_NUMBER_MAX = 30
NOTE_MAX = 200
AREA_MAX = 30
BUILDING_MAX = UNIT_MAX = ROOM_MAX = 20
PLATE_MAX = 20
VIN_MAX = 20
MODEL_MAX = 50

#: Field of :class:`CustomerInput` → its rule; its message goes under ``customer_<field>``.
TEXT_RULES = {
    "name": TextRule(NAME_MAX, N_("客户姓名")),
    "phone": TextRule(PHONE_MAX, N_("客户电话")),
    "gender": TextRule(8, N_("性别")),
    "other_phones": TextRule(OTHER_PHONES_MAX, N_("其他电话")),
    "id_number": TextRule(ID_NUMBER_MAX, N_("证件号码")),
    "note": TextRule(NOTE_MAX, N_("备注"), lines=True),
    "area": TextRule(AREA_MAX, N_("片区")),
    "building": TextRule(BUILDING_MAX, N_("楼栋")),
    "unit": TextRule(UNIT_MAX, N_("单元")),
    "room": TextRule(ROOM_MAX, N_("房号")),
    "plate": TextRule(PLATE_MAX, N_("车牌号")),
    "vin": TextRule(VIN_MAX, N_("车架号")),
    "model": TextRule(MODEL_MAX, N_("车型")),
}
PREFIX = "customer_"


def validate_customer(form: CustomerInput) -> dict[str, str]:
    """Field name (``customer_<field>``) → message for every problem; empty when the customer may be saved."""
    errors: dict[str, str] = {}
    if not form.name.strip():
        errors["customer_name"] = _("请填写客户姓名")
    if not form.phone.strip():
        errors["customer_phone"] = _("请填写客户电话")
    else:
        problem = phone_problem(form.phone, _("客户电话"))
        if problem:
            errors["customer_phone"] = problem
    if form.kind not in KINDS:
        errors["customer_kind"] = _("请选择个人或单位")
    check_texts(errors, form, TEXT_RULES, PREFIX)
    return errors


def unit_label(area: str, building: str, unit: str, room: str) -> str:
    """``3-2-1201`` (楼栋-单元-房号), after the area when there is one."""
    core = "-".join(p for p in (building.strip(), unit.strip(), room.strip()) if p)
    return f"{area.strip()} {core}".strip()


def vehicle_label(plate: str, model: str) -> str:
    return " ".join(p for p in (plate.strip().upper(), model.strip()) if p)
