"""Roles of SPEC §1 and what each may do.  Checked by the service layer on every action."""

from __future__ import annotations

from enum import StrEnum

from frontdesk.i18n import _


class Role(StrEnum):
    CLERK = "clerk"
    HANDLER = "handler"
    AREA_MANAGER = "area_manager"
    SUPERVISOR = "supervisor"
    AUDITOR = "auditor"
    ADMIN = "admin"


ROLE_LABELS: dict[Role, str] = {
    Role.CLERK: _("前台/客服专员"),
    Role.HANDLER: _("部门处理人"),
    Role.AREA_MANAGER: _("片区经理"),
    Role.SUPERVISOR: _("资产管理部负责人"),
    Role.AUDITOR: _("审计员"),
    Role.ADMIN: _("管理员"),
}


class Perm(StrEnum):
    COMPLAINT_VIEW = "complaint.view"
    COMPLAINT_CREATE = "complaint.create"
    COMPLAINT_EDIT = "complaint.edit"
    CUSTOMER_VIEW = "customer.view"
    CUSTOMER_EDIT = "customer.edit"
    REGISTER_PRINT = "register.print"
    EXPORT = "export"
    PII_VIEW = "pii.view"
    HISTORY_VIEW = "history.view"
    ADMIN = "admin"


_ALL = frozenset(Perm)

PERMISSIONS: dict[Role, frozenset[Perm]] = {
    Role.CLERK: frozenset(
        {
            Perm.COMPLAINT_VIEW, Perm.COMPLAINT_CREATE, Perm.COMPLAINT_EDIT,
            Perm.CUSTOMER_VIEW, Perm.CUSTOMER_EDIT, Perm.REGISTER_PRINT, Perm.EXPORT,
            Perm.PII_VIEW, Perm.HISTORY_VIEW,
        }
    ),
    Role.HANDLER: frozenset({Perm.COMPLAINT_VIEW, Perm.CUSTOMER_VIEW, Perm.HISTORY_VIEW}),
    Role.AREA_MANAGER: frozenset(
        {
            Perm.COMPLAINT_VIEW, Perm.COMPLAINT_CREATE, Perm.COMPLAINT_EDIT,
            Perm.CUSTOMER_VIEW, Perm.CUSTOMER_EDIT, Perm.REGISTER_PRINT, Perm.EXPORT,
            Perm.PII_VIEW, Perm.HISTORY_VIEW,
        }
    ),
    Role.SUPERVISOR: frozenset(
        {
            Perm.COMPLAINT_VIEW, Perm.CUSTOMER_VIEW, Perm.REGISTER_PRINT, Perm.EXPORT,
            Perm.PII_VIEW, Perm.HISTORY_VIEW,
        }
    ),
    Role.AUDITOR: frozenset(
        {Perm.COMPLAINT_VIEW, Perm.CUSTOMER_VIEW, Perm.REGISTER_PRINT, Perm.EXPORT, Perm.HISTORY_VIEW}
    ),
    Role.ADMIN: _ALL,
}


def can(role: str, perm: Perm) -> bool:
    try:
        return perm in PERMISSIONS[Role(role)]
    except ValueError:
        return False
