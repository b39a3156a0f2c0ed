"""The complaint register ZC-QR-027 exported to Excel: the filtered view of the register page.

The page hands over the ids of its filtered view and a ``fetch`` callable; rows are
fetched 1000 at a time and streamed into a write-only workbook, so a year of
complaints exports without holding it all in memory.  The file is written next
to its destination and renamed at the end: a cancel or an error leaves nothing.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from frontdesk.domain import wallclock
from frontdesk.domain.progress import NullProgress, Progress, check
from frontdesk.domain.types import RegisterRow
from frontdesk.i18n import _
from frontdesk.reports import register_columns as cols

NO_PROGRESS = NullProgress()
CHUNK_SIZE = 1000
CELL_MAX = 32767  # the most characters an Excel cell holds
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
TITLE_ROW, INFO_ROW, HEADER_ROW = 1, 2, 3
FIRST_DATA_ROW = HEADER_ROW + 1

#: Column widths in characters (a Chinese character counts about two).
COLUMN_WIDTHS = [6, 16, 17, 6, 10, 14, 14, 10, 16, 48, 24, 7, 6, 9, 9, 24]
WRAPPED = {cols.TARGET, cols.CONTENT, cols.DEMAND, cols.NOTE}

Fetch = Callable[[Sequence[int]], list[RegisterRow]]

_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)


def export_register_xlsx(
    ids: Sequence[int],
    fetch: Fetch,
    out: Path,
    *,
    site_name: str,
    date_from: date | None,
    date_to: date | None,
    profile: str = "property",
    mask_phones: bool = False,
    progress: Progress = NO_PROGRESS,
    form_revision: str = "A/0",
) -> int:
    """Write the register rows for ``ids`` (in that order) to ``out``; return the rows written.

    ``fetch`` is called with chunks of at most 1000 ids and returns their rows.
    Raises :class:`~frontdesk.progress.Cancelled` when cancelled; ``out`` is then untouched.
    """
    out = Path(out)
    temporary = out.with_name(f".{out.name}.{uuid.uuid4().hex}.part")
    try:
        written = _write(
            ids, fetch, temporary, site_name=site_name, dates=cols.date_range_text(date_from, date_to),
            profile=profile, mask_phones=mask_phones, progress=progress, form_revision=form_revision,
        )
        os.replace(temporary, out)
    finally:
        temporary.unlink(missing_ok=True)
    progress.update(1.0, _("已导出 {n} 条").format(n=written))
    return written


def build_register_xlsx(
    rows: Sequence[RegisterRow],
    out: Path,
    *,
    site_name: str,
    date_from: date | None,
    date_to: date | None,
    profile: str = "property",
    mask_phones: bool = False,
    progress: Progress = NO_PROGRESS,
    form_revision: str = "A/0",
) -> int:
    """The same workbook from rows already at hand (archive bundles, the command line)."""
    by_id = {row.id: row for row in rows}
    return export_register_xlsx(
        [row.id for row in rows], lambda chunk: [by_id[i] for i in chunk], out,
        site_name=site_name, date_from=date_from, date_to=date_to, profile=profile,
        mask_phones=mask_phones, progress=progress, form_revision=form_revision,
    )


def _write(
    ids: Sequence[int], fetch: Fetch, path: Path, *, site_name: str, dates: str, profile: str,
    mask_phones: bool, progress: Progress, form_revision: str,
) -> int:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("投诉记录"))
    _prepare(sheet)

    title = WriteOnlyCell(sheet, f"{cols.title()}")
    title.font = Font(size=16, bold=True)
    title.alignment = Alignment(horizontal="center", vertical="center")
    sheet.append([title])
    info = (
        f"{_('服务站')}:{site_name}    {_('日期')}:{dates}    "
        f"{_('表单编号')}:{cols.FORM_NUMBER}    {_('版本')}:{form_revision}    "
        f"{_('导出时间')}:{cols.format_datetime(wallclock.now())}"
    )
    sheet.append([info])
    sheet.append([_header_cell(sheet, text) for text in cols.headers(profile)])

    try:
        written = _write_rows(sheet, ids, fetch, mask_phones=mask_phones, progress=progress)
    except BaseException:
        _discard(sheet)
        raise
    last_row = HEADER_ROW + max(written, 1)
    sheet.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(cols.COLUMN_COUNT)}{last_row}"
    workbook.save(path)
    return written


def _write_rows(
    sheet: Worksheet, ids: Sequence[int], fetch: Fetch, *, mask_phones: bool, progress: Progress
) -> int:
    total = len(ids)
    written = 0
    progress.update(0.0, _("正在导出…"))
    for start in range(0, total, CHUNK_SIZE):
        check(progress)
        for row in fetch(ids[start:start + CHUNK_SIZE]):
            written += 1
            values = cols.row_values(row, written, mask_phones=mask_phones)
            sheet.append([_data_cell(sheet, column, value) for column, value in enumerate(values)])
        progress.update(
            0.95 * written / total if total else 0.95,
            _("已导出 {n}/{total} 条").format(n=written, total=total),
        )
    check(progress)
    return written


def _discard(sheet: Worksheet) -> None:
    """Close an abandoned streaming sheet and remove the scratch file openpyxl keeps for it."""
    with contextlib.suppress(Exception):
        sheet.close()
        sheet._writer.cleanup()  # openpyxl has no public way to drop the scratch file


def _prepare(sheet: Worksheet) -> None:
    """What a write-only sheet needs before its first row: widths, panes, merges, printing."""
    for index, width in enumerate(COLUMN_WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = f"A{FIRST_DATA_ROW}"
    last_column = get_column_letter(cols.COLUMN_COUNT)
    sheet.merged_cells.add(f"A{TITLE_ROW}:{last_column}{TITLE_ROW}")
    sheet.merged_cells.add(f"A{INFO_ROW}:{last_column}{INFO_ROW}")
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


_HEADER_FILL = PatternFill("solid", fgColor="E8E8E8")
_HEADER_FONT = Font(bold=True)
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
_WRAP = Alignment(vertical="top", wrap_text=True)
_TOP = Alignment(vertical="top")


def _header_cell(sheet: Worksheet, text: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, text)
    cell.font = _HEADER_FONT
    cell.fill = _HEADER_FILL
    cell.alignment = _CENTER
    cell.border = _BORDER
    return cell


def _data_cell(sheet: Worksheet, column: int, value: object) -> WriteOnlyCell:
    if isinstance(value, str) and len(value) > CELL_MAX:
        value = value[:CELL_MAX - 1] + "…"  # Excel repairs (and empties) a longer cell
    cell = WriteOnlyCell(sheet, value)
    if isinstance(value, str) and cell.data_type == "f":
        cell.data_type = "s"  # a complaint that starts with "=" is text, never a formula
    cell.border = _BORDER
    if column == cols.RECEIVED_AT:
        cell.number_format = DATETIME_FORMAT
    cell.alignment = _WRAP if column in WRAPPED else _TOP
    return cell
