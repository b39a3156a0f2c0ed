"""The printed complaint register 《客户投诉记录表》 ZC-QR-027: an A4 landscape PDF.

Laid out like the paper form: the title, a header line with the form number,
revision, service station and date range, one boxed table whose header row is
repeated on every page, 第 X 页 / 共 Y 页 in the footer and signature lines on the
last page.  With no rows it prints a blank form to fill in by hand.

The rows are measured once and paginated here, so the page total is known before
anything is drawn and several thousand rows take a few seconds, not minutes.  A
row taller than a page is split into continuation rows.
"""

from __future__ import annotations

import os
import uuid
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import BinaryIO
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, Table, TableStyle

from frontdesk.domain import wallclock
from frontdesk.domain.progress import NullProgress, Progress, check
from frontdesk.domain.types import RegisterRow
from frontdesk.i18n import _
from frontdesk.reports import register_columns as cols
from frontdesk.reports.fonts import register_fonts

NO_PROGRESS = NullProgress()
PAGE_WIDTH, PAGE_HEIGHT = landscape(A4)
MARGIN_X = 10 * mm
MARGIN_TOP = 10 * mm
MARGIN_BOTTOM = 10 * mm

TITLE_SIZE = 16
HEADER_SIZE = 9
CELL_SIZE = 8
CELL_LEADING = 10
FOOTER_SIZE = 8
PAD_X = 2
PAD_Y = 2.5

#: Column widths in points; 投诉内容 takes what is left of the printable width.  备注 also carries
#: the explanation given for an invalid or unreasonable complaint, so it is the second widest.
COLUMN_WIDTHS = [22, 62, 46, 24, 40, 50, 46, 40, 50, 0, 62, 28, 24, 32, 32, 104]
COLUMN_WIDTHS[cols.CONTENT] = PAGE_WIDTH - 2 * MARGIN_X - sum(COLUMN_WIDTHS)
CENTERED = {cols.SEQ, cols.CHANNEL, cols.VALIDITY, cols.GRADE, cols.STATUS}

MIN_ROW_HEIGHT = CELL_LEADING + 2 * PAD_Y
BLANK_ROW_HEIGHT = 26  # room for handwriting
SIGNATURE_HEIGHT = 34
#: A row taller than a page is split at the bottom of a page only if this much room is left.
MIN_SPLIT_HEIGHT = 3 * CELL_LEADING + 2 * PAD_Y

# Vertical positions of the page furniture, from the top and bottom edges.
TITLE_BASELINE = PAGE_HEIGHT - MARGIN_TOP - TITLE_SIZE
HEADER_BASELINE = TITLE_BASELINE - 18
TABLE_TOP = HEADER_BASELINE - 6
FOOTER_BASELINE = MARGIN_BOTTOM
TABLE_BOTTOM = FOOTER_BASELINE + FOOTER_SIZE + 6
TABLE_SPACE = TABLE_TOP - TABLE_BOTTOM

Cell = str | Paragraph


@dataclass
class _Line:
    """One table row ready to draw, with its measured height."""

    cells: list[Cell]
    height: float


@dataclass
class _Page:
    lines: list[_Line]
    signatures: bool = False


class _Styles:
    def __init__(self, font: str) -> None:
        self.font = font
        self.left = ParagraphStyle(
            "register_left", fontName=font, fontSize=CELL_SIZE, leading=CELL_LEADING,
            wordWrap="CJK", alignment=TA_LEFT,
        )
        self.center = ParagraphStyle("register_center", parent=self.left, alignment=TA_CENTER)


def build_register_pdf(
    rows: Sequence[RegisterRow],
    out: Path | BinaryIO,
    *,
    site_name: str,
    date_from: date | None,
    date_to: date | None,
    form_revision: str = "A/0",
    printed_by: str = "",
    profile: str = "property",
    mask_phones: bool = False,
    progress: Progress = NO_PROGRESS,
    blank_rows: int = 0,
) -> int:
    """Write the register for ``rows`` to ``out``; return the number of pages.

    With no rows, ``blank_rows`` empty boxed rows are printed (a blank form), or a
    single (无记录) row when ``blank_rows`` is 0.  A cancel raises
    :class:`~frontdesk.progress.Cancelled` and leaves nothing at a ``Path`` ``out``.
    """
    styles = _Styles(register_fonts())
    progress.update(0.0, _("正在排版…"))
    header = _measure(_header_cells(profile, styles))
    lines = _body_lines(rows, styles, mask_phones=mask_phones, blank_rows=blank_rows, progress=progress)
    pages = _paginate(lines, header.height, styles)
    check(progress)

    heading = _Heading(
        site_name=site_name,
        dates=_dates_text(date_from, date_to, blank=not rows and blank_rows > 0),
        form_revision=form_revision,
        printed_by=printed_by,
        printed_at=cols.format_datetime(wallclock.now()),
    )
    if isinstance(out, Path):
        temporary = out.with_name(f".{out.name}.{uuid.uuid4().hex}.part")
        try:
            _draw(temporary, pages, header, heading, styles, progress)
            os.replace(temporary, out)
        finally:
            temporary.unlink(missing_ok=True)
    else:
        _draw(out, pages, header, heading, styles, progress)
    progress.update(1.0, _("已生成 {pages} 页").format(pages=len(pages)))
    return len(pages)


# --- cells and rows -------------------------------------------------------------------


def _cell(text: str, column: int, styles: _Styles) -> Cell:
    """A plain string when it fits on one line (cheap), else a wrapping paragraph."""
    inner = COLUMN_WIDTHS[column] - 2 * PAD_X
    if "\n" not in text and stringWidth(text, styles.font, CELL_SIZE) <= inner:
        return text
    style = styles.center if column in CENTERED else styles.left
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def _header_cells(profile: str, styles: _Styles) -> list[Cell]:
    return [Paragraph(escape(text), styles.center) for text in cols.headers(profile)]


def _row_cells(row: RegisterRow, seq: int, styles: _Styles, *, mask_phones: bool) -> list[Cell]:
    values = cols.row_values(row, seq, mask_phones=mask_phones)
    cells: list[Cell] = []
    for column, value in enumerate(values):
        if column == cols.RECEIVED_AT:
            moment = row.received_at
            text = f"{cols.format_date(moment.date())}\n{moment.strftime('%H:%M')}"
            cells.append(Paragraph(text.replace("\n", "<br/>"), styles.left))
        else:
            cells.append(_cell(str(value), column, styles))
    return cells


def _cell_height(cell: Cell, column: int) -> float:
    if isinstance(cell, Paragraph):
        return cell.wrap(COLUMN_WIDTHS[column] - 2 * PAD_X, 1e6)[1] + 2 * PAD_Y
    return MIN_ROW_HEIGHT


def _measure(cells: list[Cell], minimum: float = MIN_ROW_HEIGHT) -> _Line:
    height = max([minimum] + [_cell_height(cell, column) for column, cell in enumerate(cells)])
    return _Line(cells, height)


def _body_lines(
    rows: Sequence[RegisterRow], styles: _Styles, *, mask_phones: bool, blank_rows: int,
    progress: Progress,
) -> list[_Line]:
    if not rows:
        if blank_rows > 0:
            return [_Line([""] * cols.COLUMN_COUNT, BLANK_ROW_HEIGHT) for _i in range(blank_rows)]
        empty: list[Cell] = [""] * cols.COLUMN_COUNT
        empty[cols.CONTENT] = _("(无记录)")
        return [_Line(empty, MIN_ROW_HEIGHT)]
    lines = []
    total = len(rows)
    for index, row in enumerate(rows):
        if index % 50 == 0:
            check(progress)
            progress.update(0.6 * index / total, _("正在排版第 {n}/{total} 条…").format(n=index + 1, total=total))
        lines.append(_measure(_row_cells(row, index + 1, styles, mask_phones=mask_phones)))
    return lines


def _split(line: _Line, room: float, styles: _Styles) -> tuple[_Line, _Line]:
    """Cut a row that is taller than ``room``: what fits, and a continuation row."""
    first: list[Cell] = []
    rest: list[Cell] = []
    for column, cell in enumerate(line.cells):
        if isinstance(cell, Paragraph) and _cell_height(cell, column) > room:
            parts = cell.split(COLUMN_WIDTHS[column] - 2 * PAD_X, room - 2 * PAD_Y)
            if len(parts) >= 2:
                first.append(parts[0])
                rest.append(parts[1])
                continue
            if not parts:  # not even one line fits; move it all on
                first.append("")
                rest.append(cell)
                continue
        first.append(cell)
        rest.append("")
    seq = line.cells[cols.SEQ]
    rest[cols.SEQ] = _cell(f"{seq if isinstance(seq, str) else ''}\n{_('(续)')}", cols.SEQ, styles)
    return _measure(first), _measure(rest)


def _paginate(lines: list[_Line], header_height: float, styles: _Styles) -> list[_Page]:
    capacity = TABLE_SPACE - header_height
    pages: list[_Page] = []
    current: list[_Line] = []
    used = 0.0
    queue = deque(lines)
    while queue:
        line = queue.popleft()
        room = capacity - used
        if line.height <= room:
            current.append(line)
            used += line.height
            continue
        if line.height > capacity and (not current or room >= MIN_SPLIT_HEIGHT):
            first, rest = _split(line, room, styles)
            current.append(first)
            queue.appendleft(rest)
        else:
            queue.appendleft(line)
        pages.append(_Page(current))
        current, used = [], 0.0
    pages.append(_Page(current))
    if used + SIGNATURE_HEIGHT <= capacity:
        pages[-1].signatures = True
    else:
        pages.append(_Page([], signatures=True))
    return pages


# --- drawing --------------------------------------------------------------------------


@dataclass(frozen=True)
class _Heading:
    site_name: str
    dates: str
    form_revision: str
    printed_by: str
    printed_at: str


def _dates_text(date_from: date | None, date_to: date | None, *, blank: bool) -> str:
    if blank and date_from is None and date_to is None:
        return _("____年__月__日 至 ____年__月__日")
    return cols.date_range_text(date_from, date_to)


def _table_style(font: str) -> TableStyle:
    commands = [
        ("FONTNAME", (0, 0), (-1, -1), font),
        ("FONTSIZE", (0, 0), (-1, -1), CELL_SIZE),
        ("LEADING", (0, 0), (-1, -1), CELL_LEADING),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("BOX", (0, 0), (-1, -1), 1.0, colors.black),
        ("LINEBELOW", (0, 0), (-1, 0), 1.0, colors.black),
        ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.92, 0.92, 0.92)),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), PAD_X),
        ("RIGHTPADDING", (0, 0), (-1, -1), PAD_X),
        ("TOPPADDING", (0, 0), (-1, -1), PAD_Y),
        ("BOTTOMPADDING", (0, 0), (-1, -1), PAD_Y),
    ]
    commands += [("ALIGN", (c, 0), (c, -1), "CENTER") for c in sorted(CENTERED)]
    return TableStyle(commands)


def _draw(
    target: Path | BinaryIO, pages: list[_Page], header: _Line, heading: _Heading, styles: _Styles,
    progress: Progress,
) -> None:
    canvas = Canvas(str(target) if isinstance(target, Path) else target, pagesize=(PAGE_WIDTH, PAGE_HEIGHT))
    canvas.setTitle(f"{cols.title()} {cols.FORM_NUMBER}")
    canvas.setAuthor(heading.site_name)
    table_style = _table_style(styles.font)
    total = len(pages)
    for number, page in enumerate(pages, start=1):
        check(progress)
        if number % 5 == 1:
            progress.update(0.6 + 0.4 * (number - 1) / total, _("正在生成第 {n}/{total} 页…").format(n=number, total=total))
        _draw_furniture(canvas, heading, styles.font, number, total)
        bottom = TABLE_TOP
        if page.lines:
            table = Table(
                [header.cells] + [line.cells for line in page.lines],
                colWidths=COLUMN_WIDTHS,
                rowHeights=[header.height] + [line.height for line in page.lines],
            )
            table.setStyle(table_style)
            _width, height = table.wrapOn(canvas, PAGE_WIDTH - 2 * MARGIN_X, TABLE_SPACE)
            bottom = TABLE_TOP - height
            table.drawOn(canvas, MARGIN_X, bottom)
        if page.signatures:
            _draw_signatures(canvas, styles.font, bottom - SIGNATURE_HEIGHT + 8)
        canvas.showPage()
    canvas.save()


def _draw_furniture(canvas: Canvas, heading: _Heading, font: str, number: int, total: int) -> None:
    canvas.setFont(font, TITLE_SIZE)
    canvas.drawCentredString(PAGE_WIDTH / 2, TITLE_BASELINE, cols.title())

    canvas.setFont(font, HEADER_SIZE)
    left = f"{_('服务站')}:{heading.site_name}    {_('日期')}:{heading.dates}"
    canvas.drawString(MARGIN_X, HEADER_BASELINE, left)
    right = f"{_('表单编号')}:{cols.FORM_NUMBER}    {_('版本')}:{heading.form_revision}"
    canvas.drawRightString(PAGE_WIDTH - MARGIN_X, HEADER_BASELINE, right)

    canvas.setFont(font, FOOTER_SIZE)
    canvas.drawString(MARGIN_X, FOOTER_BASELINE, f"{_('打印时间')}:{heading.printed_at}")
    pages = _("第 {n} 页 / 共 {total} 页").format(n=number, total=total)
    canvas.drawCentredString(PAGE_WIDTH / 2, FOOTER_BASELINE, pages)
    if heading.printed_by:
        canvas.drawRightString(PAGE_WIDTH - MARGIN_X, FOOTER_BASELINE, f"{_('打印人')}:{heading.printed_by}")


def _draw_signatures(canvas: Canvas, font: str, baseline: float) -> None:
    """登记人 ______  审核人 ______  日期 ______, with real lines to sign on."""
    canvas.setFont(font, HEADER_SIZE + 1)
    canvas.setLineWidth(0.6)
    x = MARGIN_X + 20
    for label in (_("登记人"), _("审核人"), _("日期")):
        text = f"{label}:"
        canvas.drawString(x, baseline, text)
        x += stringWidth(text, font, HEADER_SIZE + 1) + 2
        canvas.line(x, baseline - 2, x + 120, baseline - 2)
        x += 120 + 60
