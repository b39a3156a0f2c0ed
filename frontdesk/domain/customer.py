"""The rules of a customer record (SPEC §5): what a new customer needs, how a location reads."""

from __future__ import annotations

from frontdesk.domain.types import CustomerInput
from frontdesk.i18n import _


def validate_customer(form: CustomerInput) -> dict[str, str]:
    """Field name → message for every problem; empty when the customer may be saved."""
    errors: dict[str, str] = {}
    if not form.name.strip():
        errors["customer_name"] = _("请填写客户姓名")
    if not form.phone.strip():
        errors["customer_phone"] = _("请填写客户电话")
    return errors


def unit_label(area: str, building: str, unit: str, room: str) -> str:
    """``3-2-1201`` (楼栋-单元-房号), after the area when there is one."""
    core = "-".join(p for p in (building.strip(), unit.strip(), room.strip()) if p)
    return f"{area.strip()} {core}".strip()


def vehicle_label(plate: str, model: str) -> str:
    return " ".join(p for p in (plate.strip().upper(), model.strip()) if p)
