"""The printed 《工作联系函》 Z-QR-025: a work contact letter between departments, filled or blank.

Top to bottom as on the paper form: 编号 and 发函日期, the sending and receiving
departments, 经办人 and 签发人, 抄送, 事由, 具体内容, 处理要求, 回复期限 with the linked
complaint, then the receiving department's reply (回复意见, signed and dated) and
the leaders' opinion (领导意见, signed).  With no view it prints the blank form.
"""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from reportlab.lib.units import mm

from frontdesk.domain import wallclock
from frontdesk.domain.types import LetterView
from frontdesk.i18n import _
from frontdesk.reports.forms import (
    Block,
    Field,
    FormDocument,
    Part,
    Row,
    Signature,
    build_form,
    format_moment,
)

FORM_NUMBER = "Z-QR-025"


def title() -> str:
    return _("工作联系函")


def build_letter_pdf(
    view: LetterView | None,
    out: Path | BinaryIO,
    *,
    site_name: str,
    form_revision: str = "A/0",
) -> int:
    """Write Z-QR-025 for ``view`` (the blank form when ``None``) to ``out``; return the pages."""
    form = FormDocument(
        title=title(),
        form_number=FORM_NUMBER,
        revision=form_revision,
        site_name=site_name,
        parts=tuple(_filled_parts(view) if view is not None else _blank_parts()),
        printed_at=format_moment(wallclock.now()) if view is not None else "",
        reference=view.number if view is not None else "",
    )
    return build_form(form, out)


def _received_note(view: LetterView) -> tuple[Field, ...]:
    """签收: who signed for the letter in the receiving department, and when."""
    if not view.received_by_name:
        return ()
    text = view.received_by_name
    if view.received_at is not None:
        text += f"  {format_moment(view.received_at)}"
    return (Field(_("签收"), text),)


def _filled_parts(view: LetterView) -> list[Part]:
    return [
        Row((Field(_("编号"), view.number), Field(_("发函日期"), format_moment(view.sent_at)))),
        Row((Field(_("发函部门"), view.from_department_name), Field(_("收函部门"), view.to_department_name))),
        Row((Field(_("经办人"), view.handler_name), Field(_("签发人"), view.issuer_name))),
        Row((Field(_("抄送"), view.copies),)),
        Row((Field(_("事由"), view.subject),)),
        Block(_("具体内容"), view.body, min_height=30 * mm),
        Block(_("处理要求"), view.requirement, min_height=14 * mm),
        Row((Field(_("回复期限"), format_moment(view.reply_due)), Field(_("关联投诉"), view.complaint_number))),
        Block(
            _("回复意见"), view.reply_text, min_height=26 * mm, notes=_received_note(view),
            signatures=(Signature(_("收函部门签名"), view.replied_by_name, view.replied_at),),
        ),
        Block(
            _("领导意见"), view.leader_opinion, min_height=18 * mm,
            signatures=(Signature(_("领导签名"), view.leader_name, view.leader_at),),
        ),
    ]


def _blank_parts() -> list[Part]:
    return [
        Row((Field(_("编号")), Field(_("发函日期")))),
        Row((Field(_("发函部门")), Field(_("收函部门")))),
        Row((Field(_("经办人")), Field(_("签发人")))),
        Row((Field(_("抄送")),)),
        Row((Field(_("事由")),)),
        Block(_("具体内容"), min_height=55 * mm),
        Block(_("处理要求"), min_height=25 * mm),
        Row((Field(_("回复期限")), Field(_("关联投诉")))),
        Block(
            _("回复意见"), min_height=40 * mm,
            signatures=(Signature(_("收函部门签名")),),
        ),
        Block(
            _("领导意见"), min_height=25 * mm,
            signatures=(Signature(_("领导签名")),),
        ),
    ]
