"""The rules of a work contact letter — 《工作联系函》 Z-QR-025 (SPEC §3).

What the sender fills in (:class:`LetterInput`), how its fields are checked, its
states, its number, and who may write, answer and comment on it (asked of the one
permission table).  The service (:mod:`frontdesk.services.letters`) calls these
before it writes; the letter form calls the same checks to show messages at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from frontdesk.domain.permissions import Perm, can, may
from frontdesk.domain.sla import ClockState
from frontdesk.domain.text import TextRule, check_texts, text_problem
from frontdesk.domain.types import Actor, LetterView
from frontdesk.i18n import N_, Labels, _

SENT, RECEIVED, REPLIED, OVERDUE = "sent", "received", "replied", "overdue"
STATUSES = (SENT, RECEIVED, REPLIED, OVERDUE)
STATUS_LABELS = Labels({SENT: N_("已发函"), RECEIVED: N_("已签收"), REPLIED: N_("已回复"), OVERDUE: N_("已超期")})

Direction = Literal["all", "sent", "received"]

# The most characters each field holds: what its box on the printed Z-QR-025 has room for,
# within the database columns.
SUBJECT_MAX = 200
COPIES_MAX = 200
ISSUER_MAX = 50
BODY_MAX = 2000  # room for a complaint's content and demand copied in, with its header lines
REQUIREMENT_MAX = 500
REPLY_MAX = 1000
OPINION_MAX = 500
#: The latest reply deadline a letter may set, counted from when it is sent.
REPLY_DUE_AHEAD = timedelta(days=366)


@dataclass(frozen=True)
class LetterInput:
    """What the sender fills in on the paper form."""

    from_department_id: int | None
    to_department_id: int | None
    subject: str  # 事由
    body: str  # 具体内容
    reply_due: datetime | None  # 回复期限
    issuer_name: str = ""  # 签发人
    copies: str = ""  # 抄送, e.g. 上级领导、总经理
    requirement: str = ""  # 处理要求
    complaint_id: int | None = None


@dataclass(frozen=True)
class LetterEntry:
    """A letter with its reply clock as evaluated when it was read."""

    view: LetterView
    clock: ClockState


#: Each text of the letter: its rule (the form sets the same limits on its widgets).
TEXT_RULES = {
    "issuer_name": TextRule(ISSUER_MAX, N_("签发人")),
    "copies": TextRule(COPIES_MAX, N_("抄送")),
    "subject": TextRule(SUBJECT_MAX, N_("事由")),
    "body": TextRule(BODY_MAX, N_("具体内容"), lines=True),
    "requirement": TextRule(REQUIREMENT_MAX, N_("处理要求"), lines=True),
    "reply_text": TextRule(REPLY_MAX, N_("回复意见"), lines=True),
    "leader_opinion": TextRule(OPINION_MAX, N_("领导意见"), lines=True),
}


def validate_letter(form: LetterInput, moment: datetime) -> dict[str, str]:
    """Field name → message for every problem that needs no database."""
    errors: dict[str, str] = {}
    if form.from_department_id is None:
        errors["from_department_id"] = _("请选择发函部门")
    if form.to_department_id is None:
        errors["to_department_id"] = _("请选择收函部门")
    elif form.to_department_id == form.from_department_id:
        errors["to_department_id"] = _("收函部门不能与发函部门相同,请另选")
    if not form.issuer_name.strip():
        errors["issuer_name"] = _("请填写签发人")
    if not form.subject.strip():
        errors["subject"] = _("请填写事由")
    elif len(form.subject.strip()) > SUBJECT_MAX:
        errors["subject"] = _("事由最多 {n} 个字,详情请写在具体内容中").format(n=SUBJECT_MAX)
    if not form.body.strip():
        errors["body"] = _("请填写具体内容")
    check_texts(errors, form, {name: TEXT_RULES[name] for name in
                               ("issuer_name", "copies", "subject", "body", "requirement")})
    if form.reply_due is None:
        errors["reply_due"] = _("请选择回复期限")
    elif form.reply_due <= moment:
        errors["reply_due"] = _("回复期限必须晚于现在,请重新选择")
    elif form.reply_due > moment + REPLY_DUE_AHEAD:
        errors["reply_due"] = _("回复期限不能超过一年,请重新选择")
    return errors


def validate_text(field: str, text: str) -> dict[str, str]:
    """The reply (``reply_text``) or the leaders' opinion (``leader_opinion``): said, within its limit."""
    if not text.strip():
        return {field: _("请填写回复意见") if field == "reply_text" else _("请填写领导意见")}
    problem = text_problem(text, TEXT_RULES[field])
    return {field: problem} if problem else {}


def may_write(actor: Actor) -> bool:
    """Whether ``actor`` may write letters at all (a handler only from their own department)."""
    return can(actor.role, Perm.LETTER_WRITE)


def may_write_from(actor: Actor, department_id: int | None) -> bool:
    return may(actor, Perm.LETTER_WRITE, department_id if department_id is not None else actor.department_id)


def may_answer(actor: Actor, to_department_id: int) -> bool:
    """Sign for or reply to a letter: a member of the receiving department."""
    return may(actor, Perm.LETTER_ANSWER, to_department_id)


def may_give_opinion(actor: Actor) -> bool:
    return may(actor, Perm.LETTER_OPINION)


def may_read(actor: Actor, from_department_id: int, to_department_id: int) -> bool:
    """Every letter for most roles; a handler only those of their own department."""
    return may(actor, Perm.LETTER_READ, from_department_id) or may(actor, Perm.LETTER_READ, to_department_id)

