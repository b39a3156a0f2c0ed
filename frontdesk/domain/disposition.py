"""The rules of the disposition form — 《客户投诉处置表》 ZC-QR-028 (SPEC §2.3).

Each block of the paper form is filled and signed by the person the rule book names
(:data:`BLOCK_PERMS`, asked of the one permission table), in order
(:func:`order_error`), with the fields each step needs (the ``validate_*`` checks).
The service (:mod:`frontdesk.services.disposition`) asks exactly these questions before
it writes; the form on screen asks the same ones (:func:`can_fill`) to decide which
blocks it offers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from frontdesk.domain.permissions import Perm, Role, can, may
from frontdesk.domain.sla import ClockState
from frontdesk.domain.text import TextRule, text_problem
from frontdesk.domain.types import Actor, DispositionView
from frontdesk.domain.vocab import Grade, Status
from frontdesk.i18n import N_, Labels, _

DISPATCH = "dispatch"
FEEDBACK = "feedback"
REPORT_MAJOR = "report_major"
ESCALATE = "escalate"
METHOD = "method"  # 处理方法, written by the dispatched department
HEAD = "head"  # the department head's signature under the method
RESULT = "result"  # 处理结果 after the department's work
ON_THE_SPOT = "on_the_spot"  # 处理结果 straight away at the counter
VERIFICATION = "verification"  # 验证、回访结果
SUPERVISOR = "supervisor"  # 资产管理部负责人意见
ARCHIVE = "archive"  # 归档

#: Block → the permission it takes.  The handler's blocks hold only for the department the
#: form is dispatched to (the head's signature only for its head): see ``permissions.SCOPES``.
BLOCK_PERMS: dict[str, Perm] = {
    DISPATCH: Perm.DISPATCH,
    FEEDBACK: Perm.FEEDBACK,
    REPORT_MAJOR: Perm.REPORT_MAJOR,
    ESCALATE: Perm.ESCALATE,
    METHOD: Perm.METHOD,
    HEAD: Perm.HEAD_SIGN,
    RESULT: Perm.RESULT,
    ON_THE_SPOT: Perm.ON_THE_SPOT,
    VERIFICATION: Perm.VERIFY,
    SUPERVISOR: Perm.SUPERVISOR_OPINION,
    ARCHIVE: Perm.ARCHIVE,
}

#: Who may do it, said the way the refusal tells the user.
BLOCK_WHO = Labels({
    DISPATCH: N_("派单只能由前台/客服专员或片区经理办理"),
    FEEDBACK: N_("首次反馈只能由前台/客服专员或片区经理登记"),
    REPORT_MAJOR: N_("重大投诉只能由片区经理上报资产管理部负责人"),
    ESCALATE: N_("升级只能由前台/客服专员或片区经理办理"),
    METHOD: N_("处理方法只能由被派单部门的处理人填写"),
    HEAD: N_("处理方法只能由被派单部门的负责人签字"),
    RESULT: N_("处理结果只能由被派单部门的处理人、前台/客服专员或片区经理填写"),
    ON_THE_SPOT: N_("现场解决只能由前台/客服专员或片区经理登记"),
    VERIFICATION: N_("验证、回访结果只能由前台/客服专员或片区经理填写"),
    SUPERVISOR: N_("资产管理部负责人意见只能由资产管理部负责人签署"),
    ARCHIVE: N_("归档只能由服务站(前台/客服专员或片区经理)办理"),
})

#: To-do lists of the service station and the supervisor: key → (label, the block it leads to).
TODO_KINDS: dict[str, tuple[str, str]] = {
    "dispatch": (N_("待派单"), DISPATCH),
    "callback": (N_("待验证、回访"), VERIFICATION),
    "archive": (N_("待归档"), ARCHIVE),
    "opinion": (N_("待签署意见"), SUPERVISOR),
}

#: How a customer is called back (验证、回访), by grade (rule book part 2, 四(2)): a minor
#: complaint by the clerk who received it, by phone or WeChat; a major one by the area
#: manager, face to face.  Anyone else allowed to fill the block records it on their behalf.
CALLBACK_CHANNELS = Labels({"phone": N_("电话"), "wechat": N_("微信"), "visit": N_("上门面谈")})
CHANNELS_BY_GRADE: dict[str, tuple[str, ...]] = {Grade.MINOR: ("phone", "wechat"), Grade.MAJOR: ("visit",)}


def is_callback_owner(actor: Actor, grade: str, receiver_id: int | None) -> bool:
    """Whether the callback of a complaint of ``grade`` (received by ``receiver_id``) is ``actor``'s own."""
    if grade == Grade.MAJOR:
        return actor.role == Role.AREA_MANAGER
    return receiver_id is not None and actor.id == receiver_id


def callback_owner_words(grade: str, receiver_name: str) -> str:
    """Whose callback it is, as the form says it: 受理人 王前台 / 片区经理."""
    if grade == Grade.MAJOR:
        return _("片区经理")
    return _("受理人 {name}").format(name=receiver_name) if receiver_name else _("受理人")


def validate_callback(grade: str, channel: str, owner: bool, on_behalf: bool, owner_words: str) -> dict[str, str]:
    """The callback's channel fits the grade, and someone other than its owner says they record it for them."""
    errors: dict[str, str] = {}
    if channel not in CHANNELS_BY_GRADE.get(grade, ()):
        errors["verification_channel"] = (
            _("重大投诉由片区经理上门面谈回访,回访方式请选“上门面谈”") if grade == Grade.MAJOR
            else _("轻微投诉由受理人电话或微信回访,请选择回访方式"))
    if not owner and not on_behalf:
        errors["verification_for"] = _("这条投诉应由{owner}回访;如替其录入回访结果,请勾选“代为录入”").format(
            owner=owner_words)
    return errors


@dataclass(frozen=True)
class InboxRow:
    """One line of a department's inbox or of a to-do list."""

    complaint_id: int
    number: str
    received_at: datetime
    complainant: str
    location_text: str
    content: str
    grade: str
    status: str
    department_name: str
    dispatched_at: datetime | None
    handling_limit_minutes: int | None
    clock: ClockState | None  # the clock this list is about (handling method, callback, …)
    stage: str = ""  # what is awaited now, e.g. 待负责人签字


def may_fill(actor: Actor, block: str, department_id: int | None) -> bool:
    """Whether ``actor`` may fill ``block`` of a form dispatched to ``department_id`` (the order aside)."""
    return may(actor, BLOCK_PERMS[block], department_id)


def todo_kinds(actor: Actor) -> list[tuple[str, str]]:
    """The to-do lists ``actor`` works from: (key, translated label)."""
    return [(key, _(label)) for key, (label, block) in TODO_KINDS.items() if may(actor, BLOCK_PERMS[block])]


def order_error(block: str, form: Any, status: str, grade: str, actor: Actor | None = None) -> str:
    """Why ``block`` cannot be filled now (``""`` when it can).

    ``form`` is a :class:`Disposition` row or a :class:`DispositionView`: both carry the
    same block columns, so the screen asks exactly what the service will check.  ``actor``
    is who would fill it (the head who signs a handling method must not be its writer).
    """
    open_now = status in (Status.REGISTERED, Status.DISPATCHED)
    if status == Status.ARCHIVED:
        return _("这张处置表已归档,不能再修改")
    if block == DISPATCH:
        if status == Status.REGISTERED:
            return ""
        if status == Status.DISPATCHED:
            return _("已派单给部门;要转给其他部门或上级,请用“升级”")
        return _("投诉已处理完毕,不能再派单")
    if block in (FEEDBACK, ESCALATE):
        return "" if open_now else _("投诉已处理完毕,无需再办理此项")
    if block == REPORT_MAJOR:
        if grade != Grade.MAJOR:
            return _("只有重大投诉需要上报资产管理部负责人")
        return "" if status != Status.CLOSED else _("投诉已结案,无需再上报")
    if block == METHOD:
        if status != Status.DISPATCHED:
            return _("投诉尚未派单给部门,不能填写处理方法") if status == Status.REGISTERED else _(
                "投诉已有处理结果,不能再修改处理方法")
        if form.head_at is not None:
            return _("处理方法已由部门负责人签字,不能再修改")
        return ""
    if block == HEAD:
        if status != Status.DISPATCHED:
            return _("投诉不在处理中,无需签字")
        if not form.method_text or form.method_at is None:
            return _("部门尚未填写处理方法,负责人签字前请先填写")
        if form.head_at is not None:
            return _("处理方法已签字")
        if actor is not None and form.method_by == actor.id:
            return _("处理方法是您本人填写的,不能由您本人签字;请部门的另一位负责人签字,"
                     "或由本部门其他处理人重新填写处理方法后再签字")
        return ""
    if block == RESULT:
        if status == Status.REGISTERED:
            return _("投诉尚未派单;当场解决的请用“现场解决”")
        if status != Status.DISPATCHED:
            return _("已填写处理结果")
        if form.method_at is None:
            return _("部门尚未填写处理方法,请先填写处理方法")
        if actor is not None and actor.role != Role.HANDLER and form.head_at is None:
            return _("处理方法须经部门负责人签字后,服务站才能填写处理结果")
        return ""
    if block == ON_THE_SPOT:
        return "" if status == Status.REGISTERED else _("只有尚未派单的投诉才能登记为现场解决")
    if block == VERIFICATION:
        if status != Status.RESOLVED:
            return _("投诉还没有处理结果,不能验证、回访") if open_now else _("验证、回访已完成")
        if form.verification_passed is True:
            return _("验证、回访已完成")
        return ""
    if block == SUPERVISOR:
        if status != Status.RESOLVED or form.verification_passed is not True:
            if status == Status.CLOSED and form.supervisor_at is not None:
                return _("资产管理部负责人已签署意见")
            return _("验证、回访通过后,资产管理部负责人才能签署意见")
        return ""
    if block == ARCHIVE:
        if form.supervisor_at is None or status != Status.CLOSED:
            return _("资产管理部负责人签署意见后才能归档")
        return ""
    raise KeyError(block)


def can_fill(actor: Actor, block: str, view: DispositionView) -> bool:
    """The screen's question: may ``actor`` fill ``block`` of this form now?"""
    return may_fill(actor, block, view.department_id) and not order_error(
        block, view, view.complaint.status, view.complaint.grade, actor)


def may_fill_any(actor: Actor) -> bool:
    """Whether ``actor``'s role fills any block at all (an auditor or administrator only reads)."""
    return any(can(actor.role, perm) for perm in BLOCK_PERMS.values())


# -- the fields each step needs ------------------------------------------------------------------

# The most characters each text holds: what its box on the printed ZC-QR-028 has room for.
DISPATCH_NOTE_MAX = 200
METHOD_MAX = 1000
RESULT_MAX = 1000
VERIFICATION_MAX = 500
VERIFIER_MAX = 50
OPINION_MAX = 500
NOTE_MAX = 500  # first feedback, report to the supervisor, escalation, pausing a clock
#: The longest handling limit a dispatch may set (a year; the clock settings have the same bound).
LIMIT_MAX_MINUTES = 366 * 24 * 60

#: Steps that are a note only: what the note must say.
NOTE_HINTS = Labels({
    FEEDBACK: N_("请写明反馈给客户的内容,例如已安排工程部上门"),
    REPORT_MAJOR: N_("请写明上报内容,例如已电话报告资产管理部负责人"),
    ESCALATE: N_("请写明升级原因和客户的要求"),
})

#: Each text of the form: its rule (the form sets the same limits on its widgets).
TEXT_RULES = {
    "dispatch_note": TextRule(DISPATCH_NOTE_MAX, N_("派单说明")),
    "method_text": TextRule(METHOD_MAX, N_("处理方法"), lines=True),
    "result_text": TextRule(RESULT_MAX, N_("处理结果"), lines=True),
    "verification_text": TextRule(VERIFICATION_MAX, N_("验证、回访结果"), lines=True),
    "verifier_name": TextRule(VERIFIER_MAX, N_("验证人")),
    "supervisor_opinion": TextRule(OPINION_MAX, N_("意见"), lines=True),
    FEEDBACK: TextRule(NOTE_MAX, N_("反馈内容"), lines=True),
    REPORT_MAJOR: TextRule(NOTE_MAX, N_("上报内容"), lines=True),
    ESCALATE: TextRule(NOTE_MAX, N_("升级原因"), lines=True),
    "reason": TextRule(NOTE_MAX, N_("暂停原因"), lines=True),
}


def _text(field: str, text: str, rule: str | None = None) -> dict[str, str]:
    """``{field: message}`` when ``text`` breaks the rule of ``rule`` (default: the field's own)."""
    problem = text_problem(text, TEXT_RULES[rule or field])
    return {field: problem} if problem else {}


def validate_note(block: str, note: str) -> dict[str, str]:
    return {"note": NOTE_HINTS[block]} if not note.strip() else _text("note", note, block)


def validate_pause_reason(reason: str) -> dict[str, str]:
    if not reason.strip():
        return {"reason": _("请写明暂停原因,例如等待客户确认时间")}
    return _text("reason", reason)


def validate_dispatch(limit_minutes: int | None, note: str) -> dict[str, str]:
    """The 处理时限 (``None``: the rule's) and the note to the department, both optional."""
    errors = _text("dispatch_note", note)
    if limit_minutes is not None:
        if isinstance(limit_minutes, bool) or not isinstance(limit_minutes, int) or limit_minutes <= 0:
            errors["limit_minutes"] = _("处理时限必须大于 0 分钟")
        elif limit_minutes > LIMIT_MAX_MINUTES:
            errors["limit_minutes"] = _("处理时限不能超过 366 天,请检查")
    return errors


def validate_method(text: str) -> dict[str, str]:
    return {"method_text": _("请填写处理方法")} if not text.strip() else _text("method_text", text)


def validate_result(
    text: str, completed_at: datetime, moment: datetime, earliest: datetime, since: str
) -> dict[str, str]:
    """The result and its 完成时间: not in the future, not before the work could begin
    (``earliest``, the dispatch, a reopening or the receipt, named by ``since``)."""
    errors = {"result_text": _("请填写处理结果")} if not text.strip() else _text("result_text", text)
    if completed_at > moment:
        errors["completed_at"] = _("完成时间不能晚于现在;请填写实际完成的时间")
    elif completed_at < earliest:
        errors["completed_at"] = _("完成时间不能早于{since}({at})").format(
            since=since, at=earliest.strftime("%Y-%m-%d %H:%M"))
    return errors


def validate_verification(text: str, verifier_name: str) -> dict[str, str]:
    errors = ({"verification_text": _("请填写验证、回访结果")} if not text.strip()
              else _text("verification_text", text))
    if not verifier_name.strip():
        errors["verifier_name"] = _("请填写验证人(回访人或投诉人)")
    else:
        errors.update(_text("verifier_name", verifier_name))
    return errors


def validate_opinion(text: str) -> dict[str, str]:
    return {"supervisor_opinion": _("请填写意见")} if not text.strip() else _text("supervisor_opinion", text)


def stage(status: str, form: Any) -> str:
    """What the complaint waits for now, in a few words (``form``: the disposition row or ``None``)."""
    if status == Status.REGISTERED:
        return _("待派单")
    if status == Status.DISPATCHED and form is not None:
        if form.method_at is None:
            return _("待填写处理方法")
        if form.head_at is None:
            return _("待负责人签字")
        return _("待填写处理结果")
    if status == Status.RESOLVED:
        return _("待签署意见") if form is not None and form.verification_passed else _("待验证、回访")
    if status == Status.CLOSED:
        return _("待归档")
    return ""
