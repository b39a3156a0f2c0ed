"""Roles of SPEC §1 and what each may do: the one table every "may this user do this" asks.

:data:`PERMISSIONS` says what a role may do at all; :data:`SCOPES` narrows a few acts to
the department they belong to (a handler writes the handling method only for a form
dispatched to their own department, and signs it only as that department's head; a
letter is answered by the receiving department).  :func:`may` answers both; the service
layer asks it before every change and the screens ask it to decide what to offer.
"""

from __future__ import annotations

from enum import Enum, StrEnum

from frontdesk.domain.types import Actor
from frontdesk.i18n import N_, Labels


class Role(StrEnum):
    CLERK = "clerk"
    HANDLER = "handler"
    AREA_MANAGER = "area_manager"
    SUPERVISOR = "supervisor"
    AUDITOR = "auditor"
    ADMIN = "admin"


ROLE_LABELS: Labels[Role] = Labels({
    Role.CLERK: N_("前台/客服专员"),
    Role.HANDLER: N_("部门处理人"),
    Role.AREA_MANAGER: N_("片区经理"),
    Role.SUPERVISOR: N_("资产管理部负责人"),
    Role.AUDITOR: N_("审计员"),
    Role.ADMIN: N_("管理员"),
})


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
    CLOCK_PAUSE = "clock.pause"
    ADMIN = "admin"
    # the blocks of the disposition form ZC-QR-028
    DISPATCH = "disposition.dispatch"
    FEEDBACK = "disposition.feedback"
    REPORT_MAJOR = "disposition.report_major"
    ESCALATE = "disposition.escalate"
    METHOD = "disposition.method"
    HEAD_SIGN = "disposition.head_sign"
    RESULT = "disposition.result"
    ON_THE_SPOT = "disposition.on_the_spot"
    VERIFY = "disposition.verify"
    SUPERVISOR_OPINION = "disposition.supervisor_opinion"
    ARCHIVE = "disposition.archive"
    # work contact letters Z-QR-025
    LETTER_READ = "letter.read"
    LETTER_WRITE = "letter.write"
    LETTER_ANSWER = "letter.answer"
    LETTER_OPINION = "letter.opinion"


_VIEWING = frozenset({Perm.COMPLAINT_VIEW, Perm.CUSTOMER_VIEW, Perm.HISTORY_VIEW, Perm.LETTER_READ})
_DESK_BLOCKS = frozenset({
    Perm.DISPATCH, Perm.FEEDBACK, Perm.ESCALATE, Perm.RESULT, Perm.ON_THE_SPOT, Perm.VERIFY, Perm.ARCHIVE,
})
_DESK = _VIEWING | _DESK_BLOCKS | {
    Perm.COMPLAINT_CREATE, Perm.COMPLAINT_EDIT, Perm.CUSTOMER_EDIT, Perm.REGISTER_PRINT, Perm.EXPORT,
    Perm.PII_VIEW, Perm.CLOCK_PAUSE, Perm.LETTER_WRITE, Perm.LETTER_ANSWER,
}

PERMISSIONS: dict[Role, frozenset[Perm]] = {
    Role.CLERK: frozenset(_DESK),
    Role.AREA_MANAGER: frozenset(_DESK | {Perm.REPORT_MAJOR, Perm.LETTER_OPINION}),
    Role.HANDLER: _VIEWING | {Perm.METHOD, Perm.HEAD_SIGN, Perm.RESULT, Perm.LETTER_WRITE, Perm.LETTER_ANSWER},
    Role.SUPERVISOR: _VIEWING | {
        Perm.REGISTER_PRINT, Perm.EXPORT, Perm.PII_VIEW, Perm.SUPERVISOR_OPINION, Perm.LETTER_WRITE,
        Perm.LETTER_ANSWER, Perm.LETTER_OPINION,
    },
    Role.AUDITOR: _VIEWING | {Perm.REGISTER_PRINT, Perm.EXPORT},
    # the administrator runs the system and signs no form
    Role.ADMIN: _VIEWING | {
        Perm.COMPLAINT_CREATE, Perm.COMPLAINT_EDIT, Perm.CUSTOMER_EDIT, Perm.REGISTER_PRINT, Perm.EXPORT,
        Perm.PII_VIEW, Perm.CLOCK_PAUSE, Perm.ADMIN,
    },
}


class Scope(Enum):
    MEMBER = "member"  # the user belongs to the department the act is for
    HEAD = "head"  # ... and is its head


#: (role, permission) → the department the act must be for.  Not listed: anywhere.
SCOPES: dict[tuple[Role, Perm], Scope] = {
    (Role.HANDLER, Perm.METHOD): Scope.MEMBER,
    (Role.HANDLER, Perm.HEAD_SIGN): Scope.HEAD,
    (Role.HANDLER, Perm.RESULT): Scope.MEMBER,
    (Role.HANDLER, Perm.LETTER_READ): Scope.MEMBER,
    (Role.HANDLER, Perm.LETTER_WRITE): Scope.MEMBER,
    **{(role, Perm.LETTER_ANSWER): Scope.MEMBER for role in Role},
}


def _role(role: str) -> Role | None:
    try:
        return Role(role)
    except ValueError:
        return None


def can(role: str, perm: Perm) -> bool:
    """Whether ``role`` may do ``perm`` at all (somewhere)."""
    known = _role(role)
    return known is not None and perm in PERMISSIONS[known]


def is_scoped(role: str, perm: Perm) -> bool:
    """Whether ``role`` may do ``perm`` only for its own department."""
    known = _role(role)
    return known is not None and (known, perm) in SCOPES


def may(actor: Actor, perm: Perm, department_id: int | None = None) -> bool:
    """Whether ``actor`` may do ``perm`` for a record of ``department_id``: the role's table, then the scope."""
    known = _role(actor.role)
    if known is None or perm not in PERMISSIONS[known]:
        return False
    scope = SCOPES.get((known, perm))
    if scope is None:
        return True
    in_department = department_id is not None and actor.department_id == department_id
    return in_department and (scope is Scope.MEMBER or actor.is_head)
