"""The printed 《客户投诉处置表》 ZC-QR-028: the complaint's disposition, filled or blank.

The blocks of the paper form, top to bottom: the complaint header, the dispatch,
处理方法 (signed by the department head), 处理结果, 验证、回访结果, 资产管理部负责人意见
and 归档.  Each signed block prints its electronic sign-off beside the line left for
a pen.  With no view it prints the blank form, to fill in by hand when the PC is
down and enter later.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import BinaryIO

from reportlab.lib.units import mm

from frontdesk.domain import wallclock
from frontdesk.domain.complaint import grade_reason
from frontdesk.domain.disposition import CALLBACK_CHANNELS
from frontdesk.domain.sla import ClockState, ClockStatus, calendar_note, not_applying_words
from frontdesk.domain.types import DispositionView
from frontdesk.domain.vocab import GRADE_LABELS, MAJOR_CRITERIA, Grade, term
from frontdesk.i18n import N_, Labels, _
from frontdesk.reports.forms import (
    Block,
    Field,
    FormDocument,
    Listing,
    Part,
    Row,
    Signature,
    build_form,
    format_moment,
)

FORM_NUMBER = "ZC-QR-028"

#: What a clock's state prints as in the deadlines summary.
CLOCK_RESULTS = Labels({
    ClockStatus.MET: N_("按时"),
    ClockStatus.MISSED: N_("超时"),
    ClockStatus.OVERDUE: N_("超时(未完成)"),
    ClockStatus.PAUSED: N_("暂停中"),
    ClockStatus.RUNNING: N_("进行中"),
    ClockStatus.WARNING: N_("进行中(临近期限)"),
    ClockStatus.CANCELLED: N_("不再适用"),
})


def _verdict(state: ClockState) -> str:
    words = not_applying_words(state) or CLOCK_RESULTS.get(state.status, str(state.status))
    note = calendar_note(state)
    return _("{words}({note})").format(words=words, note=note) if note else words


def title() -> str:
    return _("客户投诉处置表")


def build_disposition_pdf(
    view: DispositionView | None,
    out: Path | BinaryIO,
    *,
    site_name: str,
    form_revision: str = "A/0",
    profile: str = "property",
) -> int:
    """Write ZC-QR-028 for ``view`` (the blank form when ``None``) to ``out``; return the pages."""
    parts = _filled_parts(view, profile) if view is not None else _blank_parts(profile)
    form = FormDocument(
        title=title(),
        form_number=FORM_NUMBER,
        revision=form_revision,
        site_name=site_name,
        parts=tuple(parts),
        printed_at=format_moment(wallclock.now()) if view is not None else "",
        reference=view.complaint.number if view is not None else "",
    )
    return build_form(form, out)


def format_limit(minutes: int | None) -> str:
    """A dispatch's 处理时限: ``1小时``, ``30分钟``, ``2天``, ``1小时30分钟``."""
    if not minutes:
        return ""
    if minutes % 1440 == 0:
        return _("{d}天").format(d=minutes // 1440)
    hours, rest = divmod(minutes, 60)
    if not hours:
        return _("{m}分钟").format(m=rest)
    if not rest:
        return _("{h}小时").format(h=hours)
    return _("{h}小时{m}分钟").format(h=hours, m=rest)


def _grade_block(grade: str | None, criteria: str, small_print: str) -> Block:
    """级别: 轻微 / 重大 ticked, the major criteria A–D ticked, and why (or the legend when blank)."""
    grades = tuple((GRADE_LABELS[g], grade == g) for g in (Grade.MINOR, Grade.MAJOR))
    letters = tuple((key, key in criteria) for key in MAJOR_CRITERIA)
    return Block(
        _("级别"), min_height=0,
        notes=(Field("", checks=grades), Field(_("重大投诉依据"), checks=letters)),
        small_print=small_print,
    )


def _criteria_legend() -> str:
    return ";".join(f"{key}. {text}" for key, text in MAJOR_CRITERIA.items())


# --- the filled form -------------------------------------------------------------------------


def _filled_parts(view: DispositionView, profile: str) -> list[Part]:
    complaint = view.complaint
    reason = complaint.grade_reason or grade_reason(complaint.grade, complaint.major_criteria)
    parts: list[Part] = [
        Row((Field(_("编号"), complaint.number), Field(_("日期"), format_moment(complaint.received_at)))),
        Row((Field(_("投诉人"), complaint.complainant), Field(_("联系方式"), complaint.phone))),
        Row((Field(term(profile, "location"), complaint.location_text), Field(_("投诉类别"), complaint.category_name))),
        _grade_block(complaint.grade, complaint.major_criteria, reason),
        Block(_("投诉内容"), complaint.content, min_height=12 * mm),
        Block(_("客户要求"), complaint.demand, min_height=8 * mm),
        Row((Field(_("被投诉部门"), _department_text(view)), Field(_("派单人"), view.dispatcher_name))),
        Row((
            Field(_("派单时间"), format_moment(view.dispatched_at)),
            Field(_("处理时限"), _limit_text(view.dispatched_at, view.handling_limit_minutes)),
        )),
    ]
    note = _dispatch_note(view)
    if note:
        parts.append(Row((Field(_("派单说明"), note),)))
    parts += [
        Block(
            _("处理方法"), view.method_text, min_height=14 * mm,
            signatures=(
                Signature(_("处理人签名"), view.method_by_name, view.method_at),
                Signature(_("部门负责人签名"), view.head_name, view.head_at),
            ),
        ),
        Block(
            _("处理结果"), view.result_text, min_height=14 * mm,
            notes=(
                Field(_("完成时间"), format_moment(view.completed_at) or _blank_moment()),
                Field("", checks=((_("现场解决"), view.on_the_spot),)),
            ),
            signatures=(Signature(_("处理人签名"), view.result_by_name, view.result_at),),
        ),
        Block(
            _("验证、回访结果"), view.verification_text, min_height=12 * mm,
            notes=(
                Field(_("验证人"), view.verifier_name or "_" * 12),
                Field(_("回访方式"), checks=tuple(
                    (label, view.verification_channel == key) for key, label in CALLBACK_CHANNELS.items())),
                Field(_("验证结论"), checks=(
                    (_("通过"), view.verification_passed is True),
                    (_("未通过"), view.verification_passed is False),
                )),
            ),
            signatures=(Signature(
                _("验证人签名"),
                _("{name}(代{owner}录入)").format(name=view.verified_by_name, owner=view.verification_for)
                if view.verification_for else view.verified_by_name,
                view.verified_at),),
        ),
        Block(
            _("资产管理部负责人意见"), view.supervisor_opinion, min_height=12 * mm,
            signatures=(Signature(_("负责人签名"), view.supervisor_name, view.supervisor_at),),
        ),
        Row((Field(_("归档人"), view.archived_by_name), Field(_("归档日期"), format_moment(view.archived_at)))),
    ]
    if view.clocks:
        parts.append(_clock_listing(view.clocks))
    return parts


def _department_text(view: DispositionView) -> str:
    target = view.complaint.target.strip()
    return " / ".join(p for p in (view.department_name.strip(), target) if p)


def _limit_text(dispatched_at: datetime | None, minutes: int | None) -> str:
    text = format_limit(minutes)
    if text and dispatched_at is not None:
        due = dispatched_at + timedelta(minutes=minutes or 0)
        text += _("(至 {due})").format(due=format_moment(due))
    return text


def _dispatch_note(view: DispositionView) -> str:
    parts = [view.dispatch_note.strip()]
    if view.complaint.escalated:
        parts.insert(0, _("【已升级】"))
    return " ".join(p for p in parts if p)


def _blank_moment() -> str:
    return "____年____月____日____时____分"


def _clock_listing(states: Sequence[ClockState]) -> Listing:
    rows = []
    for state in states:
        rows.append((
            state.label,
            state.who,
            format_moment(state.started_at),
            format_moment(state.deadline),
            format_moment(state.stopped_at),
            _verdict(state),
        ))
    return Listing(
        title=_("时限记录"),
        headers=(_("时限"), _("责任方"), _("开始"), _("期限"), _("完成"), _("结果")),
        rows=tuple(rows),
        widths=(0.17, 0.15, 0.19, 0.19, 0.19, 0.11),
    )


# --- the blank form ---------------------------------------------------------------------------


def _blank_parts(profile: str) -> list[Part]:
    return [
        Row((Field(_("编号")), Field(_("日期")))),
        Row((Field(_("投诉人")), Field(_("联系方式")))),
        Row((Field(term(profile, "location")), Field(_("投诉类别")))),
        _grade_block(None, "", _criteria_legend()),
        Block(_("投诉内容"), min_height=26 * mm),
        Block(_("客户要求"), min_height=14 * mm),
        Row((Field(_("被投诉部门")), Field(_("派单人")))),
        Row((Field(_("派单时间")), Field(_("处理时限")))),
        Block(
            _("处理方法"), min_height=26 * mm,
            signatures=(Signature(_("处理人签名")), Signature(_("部门负责人签名"))),
        ),
        Block(
            _("处理结果"), min_height=20 * mm,
            notes=(Field(_("完成时间"), _blank_moment()), Field("", checks=((_("现场解决"), False),))),
            signatures=(Signature(_("处理人签名")),),
        ),
        Block(
            _("验证、回访结果"), min_height=18 * mm,
            notes=(
                Field(_("验证人"), "_" * 12),
                Field(_("回访方式"), checks=tuple((label, False) for label in CALLBACK_CHANNELS.values())),
                Field(_("验证结论"), checks=((_("通过"), False), (_("未通过"), False))),
            ),
            signatures=(Signature(_("验证人签名")),),
        ),
        Block(
            _("资产管理部负责人意见"), min_height=16 * mm,
            signatures=(Signature(_("负责人签名")),),
        ),
        Row((Field(_("归档人")), Field(_("归档日期")))),
    ]
