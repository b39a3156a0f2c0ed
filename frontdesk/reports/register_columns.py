"""The columns of the complaint register ZC-QR-027, shared by the PDF and the Excel export."""

from __future__ import annotations

from datetime import date, datetime

from frontdesk.domain.privacy import mask_phone
from frontdesk.domain.text import printable
from frontdesk.domain.types import RegisterRow
from frontdesk.domain.vocab import (
    CHANNEL_LABELS,
    GRADE_LABELS,
    STATUS_LABELS,
    VALIDITY_LABELS,
    term,
)
from frontdesk.i18n import _

FORM_NUMBER = "ZC-QR-027"

# Column positions, in the order of the paper form.
SEQ, NUMBER, RECEIVED_AT, CHANNEL, COMPLAINANT, PHONE, LOCATION, CATEGORY, TARGET = range(9)
CONTENT, DEMAND, VALIDITY, GRADE, STATUS, RECEIVER, NOTE = range(9, 16)
COLUMN_COUNT = 16


def title() -> str:
    return _("客户投诉记录表")


def headers(profile: str) -> list[str]:
    """Column titles; the location column is 房号 or 车牌号 depending on the profile."""
    return [
        _("序号"), _("编号"), _("受理时间"), _("渠道"), _("投诉人"), _("联系电话"),
        term(profile, "location"), _("投诉类别"), _("被投诉部门/对象"), _("投诉内容"),
        _("客户要求"), _("有效性"), _("级别"), _("处理状态"), _("受理人"), _("备注"),
    ]


def _label(labels: dict, value: str) -> str:
    return labels.get(value, value)


def target_text(row: RegisterRow) -> str:
    return " / ".join(p for p in (row.department_name.strip(), row.target.strip()) if p)


def note_text(row: RegisterRow) -> str:
    """备注, followed by the explanation given for an invalid or unreasonable complaint."""
    parts = [row.note.strip()]
    if row.validity_note.strip():
        parts.append(_("有效性说明:") + row.validity_note.strip())
    return "\n".join(p for p in parts if p)


def row_values(row: RegisterRow, seq: int, *, mask_phones: bool) -> list[object]:
    """One register line: strings, except 受理时间 which stays a ``datetime``.

    A character a PDF or a workbook cannot show (a control character an older database may
    hold) is replaced by a visible mark.
    """
    values = [
        seq,
        row.number,
        row.received_at,
        _label(CHANNEL_LABELS, row.channel),
        row.complainant,
        mask_phone(row.phone) if mask_phones else row.phone,
        row.location_text,
        row.category_name,
        target_text(row),
        row.content,
        row.demand,
        _label(VALIDITY_LABELS, row.validity),
        _label(GRADE_LABELS, row.grade),
        _label(STATUS_LABELS, row.status),
        row.receiver_name,
        note_text(row),
    ]
    return [printable(v) if isinstance(v, str) else v for v in values]


def format_date(value: date | None) -> str:
    return value.strftime("%Y-%m-%d") if value is not None else ""


def format_datetime(value: datetime) -> str:
    return value.strftime("%Y-%m-%d %H:%M")


def date_range_text(date_from: date | None, date_to: date | None) -> str:
    """``2026-11-01 至 2026-11-30``; an open end reads 起 / 止 instead."""
    if date_from and date_to:
        return f"{format_date(date_from)} {_('至')} {format_date(date_to)}"
    if date_from:
        return f"{format_date(date_from)} {_('起')}"
    if date_to:
        return f"{_('截至')} {format_date(date_to)}"
    return _("全部")
