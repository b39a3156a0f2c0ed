"""Shared drawing for the boxed A4 portrait paper forms (ZC-QR-028, Z-QR-025 …).

A form is described as plain data — rows of labelled boxes, full-width text blocks
with room for handwriting and signature lines, and small listings — and laid out
here the way the paper forms are: the company/site name, the title and the form
number with its revision at the top of every page, a grid of boxes whose label
cells are shaded, and 第 X 页 / 共 Y 页 at the bottom.  A block too long for the
page continues on the next one; the page total is filled in once the whole form
has been laid out.

Each signature line leaves room for a pen (``签名:________  日期:____年__月__日``)
and, when the block was signed in the application, prints the electronic sign-off
beside it (``电子签名:王丽 2026-11-23 10:05``).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import BinaryIO
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from frontdesk.domain.text import printable
from frontdesk.i18n import _
from frontdesk.reports.fonts import register_fonts

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_X = 15 * mm
MARGIN_TOP = 10 * mm
MARGIN_BOTTOM = 10 * mm
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN_X

TITLE_SIZE = 18
HEADER_SIZE = 9
LABEL_SIZE = 10
VALUE_SIZE = 10
VALUE_LEADING = 14
SMALL_SIZE = 8
SMALL_LEADING = 11
FOOTER_SIZE = 8
PAD_X = 4
PAD_Y = 4

#: The 4-column grid: label | value | label | value.
LABEL_WIDTH = 29 * mm
VALUE_WIDTH = (CONTENT_WIDTH - 2 * LABEL_WIDTH) / 2
GRID_WIDTHS = [LABEL_WIDTH, VALUE_WIDTH, LABEL_WIDTH, VALUE_WIDTH]
WIDE_VALUE_WIDTH = CONTENT_WIDTH - LABEL_WIDTH

#: Height of a row of boxes: room to write a value by hand.
ROW_HEIGHT = 8 * mm

# Page furniture, from the top and bottom edges.
SITE_BASELINE = PAGE_HEIGHT - MARGIN_TOP - HEADER_SIZE
TITLE_BASELINE = PAGE_HEIGHT - MARGIN_TOP - 20
RULE_Y = TITLE_BASELINE - 9
FRAME_TOP = RULE_Y - 4
FOOTER_BASELINE = MARGIN_BOTTOM
FRAME_BOTTOM = FOOTER_BASELINE + FOOTER_SIZE + 4

LABEL_SHADE = colors.Color(0.9, 0.9, 0.9)
SIGN_OFF_COLOUR = colors.Color(0.1, 0.22, 0.55)

PEN_LINE = "_" * 14
DATE_LINE = "____年____月____日"


# --- the description of a form ----------------------------------------------------------


@dataclass(frozen=True)
class Signature:
    """A line to sign on; ``name`` and ``at`` are the electronic sign-off, if any."""

    label: str  # e.g. 部门负责人签名
    name: str = ""
    at: datetime | None = None

    @property
    def signed(self) -> bool:
        return bool(self.name)


@dataclass(frozen=True)
class Field:
    """A label with its value, or with tick boxes (``checks``: option label, ticked)."""

    label: str
    value: str = ""
    checks: tuple[tuple[str, bool], ...] = ()


@dataclass(frozen=True)
class Row:
    """One row of the grid: one field across the width, or two side by side."""

    fields: tuple[Field, ...]


@dataclass(frozen=True)
class Block:
    """A labelled full-width box: text (or room to write), then notes and signature lines."""

    label: str
    text: str = ""
    min_height: float = 20 * mm  # of the text area, so a blank form has room to write
    notes: tuple[Field, ...] = ()  # one line under the text: 完成时间:…  ☐现场解决
    signatures: tuple[Signature, ...] = ()
    small_print: str = ""  # guidance printed small under the text (e.g. the major criteria)


@dataclass(frozen=True)
class Listing:
    """A small table of its own under the grid (e.g. the deadlines of a complaint)."""

    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...] = ()  # fractions of the width; equal when empty


Part = Row | Block | Listing


@dataclass(frozen=True)
class FormDocument:
    title: str
    form_number: str
    revision: str
    site_name: str
    parts: tuple[Part, ...]
    printed_at: str = ""  # 打印时间 in the footer; empty on a blank form
    reference: str = ""  # the record's number, repeated in the footer of every page


# --- building -------------------------------------------------------------------------------


def build_form(form: FormDocument, out: Path | BinaryIO) -> int:
    """Write ``form`` to ``out`` (a path, replaced atomically, or a binary file); return the pages."""
    if isinstance(out, Path):
        temporary = out.with_name(f".{out.name}.{uuid.uuid4().hex}.part")
        try:
            pages = _build(form, str(temporary))
            os.replace(temporary, out)
        finally:
            temporary.unlink(missing_ok=True)
        return pages
    return _build(form, out)


def sign_off_text(signature: Signature) -> str:
    """``电子签名:王丽 2026-11-23 10:05`` for a signed block, else ``""``."""
    if not signature.signed:
        return ""
    when = f" {format_moment(signature.at)}" if signature.at is not None else ""
    return f"{_('电子签名')}:{signature.name}{when}"


def format_moment(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value is not None else ""


class _Styles:
    def __init__(self, font: str) -> None:
        self.font = font
        self.label = ParagraphStyle(
            "form_label", fontName=font, fontSize=LABEL_SIZE, leading=VALUE_LEADING - 1,
            wordWrap="CJK", alignment=TA_CENTER,
        )
        self.value = ParagraphStyle(
            "form_value", fontName=font, fontSize=VALUE_SIZE, leading=VALUE_LEADING,
            wordWrap="CJK", alignment=TA_LEFT,
        )
        self.small = ParagraphStyle(
            "form_small", parent=self.value, fontSize=SMALL_SIZE, leading=SMALL_LEADING,
            textColor=colors.Color(0.25, 0.25, 0.25),
        )
        self.signature = ParagraphStyle("form_signature", parent=self.value, alignment=TA_RIGHT)
        self.heading = ParagraphStyle("form_heading", parent=self.label, alignment=TA_LEFT)
        self.cell = ParagraphStyle("form_cell", parent=self.value, fontSize=9, leading=12)
        self.cell_center = ParagraphStyle("form_cell_center", parent=self.cell, alignment=TA_CENTER)


def _paragraph(text: str, style: ParagraphStyle) -> Paragraph:
    """``text`` as it reads, line breaks kept; a character the PDF cannot show becomes a visible mark."""
    return Paragraph(escape(printable(text)).replace("\n", "<br/>"), style)


class Checks(Flowable):
    """One line of text runs and tick boxes: ``完成时间:…   ☑现场解决``.

    The boxes and ticks are drawn as lines (the bundled font has no ☑/☐ and its □
    is tiny); an invisible ✓ or □ goes with each so the text of the PDF says which
    boxes are ticked.
    """

    GAP = 16

    def __init__(self, fields: Sequence[Field], font: str, size: float = VALUE_SIZE) -> None:
        super().__init__()
        self.fields = list(fields)
        self.font = font
        self.size = size

    def _runs(self) -> list[tuple[str, str]]:
        runs: list[tuple[str, str]] = []
        for index, item in enumerate(self.fields):
            if index:
                runs.append(("gap", ""))
            if item.checks:
                if item.label:
                    runs.append(("text", f"{item.label}:"))
                    runs.append(("space", ""))
                for number, (option, ticked) in enumerate(item.checks):
                    if number:
                        runs.append(("gap", ""))
                    runs.append(("ticked" if ticked else "box", ""))
                    runs.append(("text", option))
            else:
                runs.append(("text", f"{item.label}:{item.value}" if item.label else item.value))
        return runs

    def _width(self, kind: str, text: str) -> float:
        if kind == "gap":
            return self.GAP
        if kind == "space":
            return self.size * 0.3
        if kind in ("box", "ticked"):
            return self.size * 1.1
        return stringWidth(text, self.font, self.size)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = sum(self._width(kind, text) for kind, text in self._runs())
        self.height = self.size * 1.4
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        canvas.setLineWidth(0.7)
        x = 0.0
        baseline = self.size * 0.3
        side = self.size * 0.8
        for kind, text in self._runs():
            if kind in ("box", "ticked"):
                bottom = baseline - self.size * 0.08
                canvas.rect(x, bottom, side, side, stroke=1, fill=0)
                if kind == "ticked":
                    canvas.setLineWidth(1.3)
                    path = canvas.beginPath()
                    path.moveTo(x + side * 0.15, bottom + side * 0.5)
                    path.lineTo(x + side * 0.42, bottom + side * 0.18)
                    path.lineTo(x + side * 0.95, bottom + side * 1.0)
                    canvas.drawPath(path, stroke=1, fill=0)
                    canvas.setLineWidth(0.7)
                canvas.saveState()
                marker = canvas.beginText(x, baseline)
                marker.setFont(self.font, self.size * 0.6)
                marker.setTextRenderMode(3)  # invisible, for the text of the PDF only
                marker.textOut("✓" if kind == "ticked" else "□")
                marker.setTextRenderMode(0)
                canvas.drawText(marker)
                canvas.restoreState()
            elif kind == "text":
                canvas.setFont(self.font, self.size)
                canvas.drawString(x, baseline, text)
            x += self._width(kind, text)


def _signature_paragraph(signature: Signature, styles: _Styles) -> Paragraph:
    line = f"{escape(signature.label)}:{PEN_LINE}&nbsp;&nbsp;&nbsp;{_('日期')}:{DATE_LINE}"
    sign_off = sign_off_text(signature)
    if sign_off:
        colour = SIGN_OFF_COLOUR.hexval().replace("0x", "#")
        line += f"&nbsp;&nbsp;&nbsp;<font color='{colour}'>{escape(printable(sign_off))}</font>"
    return Paragraph(line, styles.signature)


def _height(flowables: Sequence[Flowable], width: float) -> float:
    return sum(f.wrap(width, 1e6)[1] for f in flowables)


def _value_cell(item: Field, width: float, styles: _Styles) -> list[Flowable]:
    """The value's text; with tick boxes, the boxes and the text printed small under them."""
    if item.checks:
        cell: list[Flowable] = [Checks([Field("", "", item.checks)], styles.font)]
        if item.value:
            cell.append(_paragraph(item.value, styles.small))
        return cell
    return [_paragraph(item.value, styles.value)]


def _with_min_height(cell: list[Flowable], width: float, height: float) -> list[Flowable]:
    used = _height(cell, width)
    if used < height:
        cell.append(Spacer(0, height - used))
    return cell


def _row_cells(row: Row, styles: _Styles) -> list[object]:
    """A grid row: label | value, or label | value | label | value."""
    inner = ROW_HEIGHT - 2 * PAD_Y
    if len(row.fields) not in (1, 2):
        raise ValueError("a grid row holds one or two fields")
    width = (WIDE_VALUE_WIDTH if len(row.fields) == 1 else VALUE_WIDTH) - 2 * PAD_X
    cells: list[object] = []
    for item in row.fields:
        value = _with_min_height(_value_cell(item, width, styles), width, inner)
        cells += [_paragraph(item.label, styles.label), value]
    return cells


def _block_cells(block: Block, styles: _Styles) -> list[object]:
    """label | text (at least ``min_height``), notes, small print and signature lines."""
    width = WIDE_VALUE_WIDTH - 2 * PAD_X
    content: list[Flowable] = [_paragraph(block.text, styles.value)] if block.text else []
    _with_min_height(content, width, block.min_height)
    if block.notes:
        content.append(Spacer(0, 2))
        content.append(Checks(block.notes, styles.font))
    if block.small_print:
        content.append(_paragraph(block.small_print, styles.small))
    for signature in block.signatures:
        content.append(Spacer(0, 4))
        content.append(_signature_paragraph(signature, styles))
    return [_paragraph(block.label, styles.label), content]


def _shape(part: Row | Block) -> int:
    """The number of columns a part takes: 4 for two fields side by side, else 2."""
    return 4 if isinstance(part, Row) and len(part.fields) == 2 else 2


def _grid_table(parts: Sequence[Row | Block], styles: _Styles, *, first: bool, last: bool) -> Table:
    """Consecutive parts of one shape as one table, its label cells shaded.

    The parts of a form are stacked tables of the same width; only the outer edges
    of the whole grid are drawn heavy.  Blocks have no spanned cells, so a block
    too long for the page splits inside its row and continues on the next page.
    """
    columns = _shape(parts[0])
    widths = GRID_WIDTHS if columns == 4 else [LABEL_WIDTH, WIDE_VALUE_WIDTH]
    data: list[list[object]] = []
    commands: list[tuple] = [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("LINEBEFORE", (0, 0), (0, -1), 1.0, colors.black),
        ("LINEAFTER", (-1, 0), (-1, -1), 1.0, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), PAD_X),
        ("RIGHTPADDING", (0, 0), (-1, -1), PAD_X),
        ("TOPPADDING", (0, 0), (-1, -1), PAD_Y),
        ("BOTTOMPADDING", (0, 0), (-1, -1), PAD_Y),
    ]
    commands += [("BACKGROUND", (c, 0), (c, -1), LABEL_SHADE) for c in range(0, columns, 2)]
    if first:
        commands.append(("LINEABOVE", (0, 0), (-1, 0), 1.0, colors.black))
    if last:
        commands.append(("LINEBELOW", (0, -1), (-1, -1), 1.0, colors.black))
    for index, part in enumerate(parts):
        if isinstance(part, Row):
            data.append(_row_cells(part, styles))
        else:
            data.append(_block_cells(part, styles))
            commands.append(("VALIGN", (1, index), (1, index), "TOP"))
    table = _GridTable(data, colWidths=widths, splitByRow=1, splitInRow=1)
    table.setStyle(TableStyle(commands))
    return table


class _GridTable(Table):
    """A table whose pieces, when a page break cuts it, are closed by a heavy line.

    When a block's row itself is cut, its label is kept on the first piece and
    repeated with (续) on the next, and the continued row is only as tall as what
    it holds (reportlab sizes it from the label's centring padding otherwise).
    """

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        # reportlab's in-row split shifts the padding of vertically centred cells in
        # place; keep this table's own styles untouched for the next attempt.
        kept = [[style.copy() for style in row] for row in self._cellStyles]
        try:
            pieces = super().split(avail_width, avail_height)
        finally:
            self._cellStyles = kept
        if len(pieces) != 2:
            return pieces
        top, rest = pieces
        if len(top._cellvalues) + len(rest._cellvalues) > len(self._cellvalues):
            self._mend_cut_row(top, rest)
        top.setStyle([("LINEBELOW", (0, -1), (-1, -1), 1.0, colors.black)])
        rest.setStyle([("LINEABOVE", (0, 0), (-1, 0), 1.0, colors.black)])
        return [top, rest]

    def _mend_cut_row(self, top: Table, rest: Table) -> None:
        for style in (*top._cellStyles[-1], *rest._cellStyles[0]):
            style.topPadding = style.bottomPadding = PAD_Y
        top_label, rest_label = top._cellvalues[-1][0], rest._cellvalues[0][0]
        label = self._label_text(top_label) or self._label_text(rest_label)
        style = self._label_style(top_label) or self._label_style(rest_label)
        if label and style is not None:
            top._cellvalues[-1][0] = Paragraph(escape(label), style)
            rest._cellvalues[0][0] = Paragraph(escape(label) + "<br/>" + escape(_("(续)")), style)
        needed = 0.0
        for value, width in zip(rest._cellvalues[0], rest._colWidths, strict=True):
            flowables = list(value) if isinstance(value, (list, tuple)) else [value]
            flowables = [f for f in flowables if isinstance(f, Flowable)]
            needed = max(needed, _height(flowables, width - 2 * PAD_X) + 2 * PAD_Y)
        rest._argH[0] = needed

    @staticmethod
    def _cell_paragraph(cell: object) -> Paragraph | None:
        if isinstance(cell, (list, tuple)):
            cell = next((c for c in cell if isinstance(c, Paragraph)), None)
        return cell if isinstance(cell, Paragraph) else None

    def _label_text(self, cell: object) -> str:
        paragraph = self._cell_paragraph(cell)
        return paragraph.getPlainText() if paragraph is not None else ""

    def _label_style(self, cell: object) -> ParagraphStyle | None:
        paragraph = self._cell_paragraph(cell)
        return paragraph.style if paragraph is not None else None


def _listing_table(listing: Listing, styles: _Styles) -> Table:
    count = len(listing.headers)
    fractions = listing.widths or tuple(1 / count for _i in range(count))
    widths = [CONTENT_WIDTH * f for f in fractions]
    data: list[list[object]] = [[_paragraph(listing.title, styles.heading)] + [""] * (count - 1)]
    data.append([_paragraph(h, styles.cell_center) for h in listing.headers])
    for values in listing.rows:
        data.append([_paragraph(v, styles.cell) for v in values])
    table = Table(data, colWidths=widths, repeatRows=2, splitByRow=1)
    table.setStyle(TableStyle([
        ("SPAN", (0, 0), (-1, 0)),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("BOX", (0, 0), (-1, -1), 1.0, colors.black),
        ("BACKGROUND", (0, 0), (-1, 1), LABEL_SHADE),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), PAD_X),
        ("RIGHTPADDING", (0, 0), (-1, -1), PAD_X),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]))
    return table


def _groups(parts: Sequence[Row | Block]) -> list[list[Row | Block]]:
    groups: list[list[Row | Block]] = []
    for part in parts:
        if groups and _shape(groups[-1][-1]) == _shape(part):
            groups[-1].append(part)
        else:
            groups.append([part])
    return groups


def _story(form: FormDocument, styles: _Styles) -> list[Flowable]:
    story: list[Flowable] = []
    run: list[Row | Block] = []

    def flush() -> None:
        groups = _groups(run)
        for index, group in enumerate(groups):
            story.append(_grid_table(group, styles, first=index == 0, last=index == len(groups) - 1))
        run.clear()

    for part in form.parts:
        if isinstance(part, Listing):
            flush()
            story.append(Spacer(0, 3 * mm))
            story.append(_listing_table(part, styles))
        else:
            run.append(part)
    flush()
    return story


def _canvas_class(form: FormDocument, font: str, counted: list[int]) -> type[Canvas]:
    """A canvas that holds its pages back until the end, to print 第 X 页 / 共 Y 页."""

    class FormCanvas(Canvas):
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self) -> None:  # noqa: N802 - reportlab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                _draw_footer(self, form, font, number, total)
                super().showPage()
            counted.append(total)
            super().save()

    return FormCanvas


def _draw_header(canvas: Canvas, form: FormDocument, font: str) -> None:
    canvas.saveState()
    canvas.setFont(font, HEADER_SIZE + 1)
    canvas.drawString(MARGIN_X, SITE_BASELINE, form.site_name)
    canvas.setFont(font, HEADER_SIZE)
    canvas.drawRightString(PAGE_WIDTH - MARGIN_X, SITE_BASELINE, f"{_('表单编号')}:{form.form_number}")
    canvas.drawRightString(PAGE_WIDTH - MARGIN_X, SITE_BASELINE - HEADER_SIZE - 3, f"{_('版本')}:{form.revision}")
    canvas.setFont(font, TITLE_SIZE)
    canvas.drawCentredString(PAGE_WIDTH / 2, TITLE_BASELINE, form.title)
    canvas.setLineWidth(0.8)
    canvas.line(MARGIN_X, RULE_Y, PAGE_WIDTH - MARGIN_X, RULE_Y)
    canvas.restoreState()


def _draw_footer(canvas: Canvas, form: FormDocument, font: str, number: int, total: int) -> None:
    canvas.saveState()
    canvas.setFont(font, FOOTER_SIZE)
    if form.printed_at:
        canvas.drawString(MARGIN_X, FOOTER_BASELINE, f"{_('打印时间')}:{form.printed_at}")
    canvas.drawCentredString(
        PAGE_WIDTH / 2, FOOTER_BASELINE, _("第 {n} 页 / 共 {total} 页").format(n=number, total=total)
    )
    if form.reference:
        canvas.drawRightString(PAGE_WIDTH - MARGIN_X, FOOTER_BASELINE, f"{form.form_number}  {form.reference}")
    else:
        canvas.drawRightString(PAGE_WIDTH - MARGIN_X, FOOTER_BASELINE, form.form_number)
    canvas.restoreState()


def _build(form: FormDocument, target: str | BinaryIO) -> int:
    font = register_fonts()
    styles = _Styles(font)
    frame = Frame(
        MARGIN_X, FRAME_BOTTOM, CONTENT_WIDTH, FRAME_TOP - FRAME_BOTTOM,
        leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="form",
    )
    document = BaseDocTemplate(
        target, pagesize=A4, leftMargin=MARGIN_X, rightMargin=MARGIN_X, topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM, title=f"{form.title} {form.form_number}", author=form.site_name,
        creator="FrontDesk",
    )
    document.addPageTemplates([
        PageTemplate(id="form", frames=[frame], onPage=lambda canvas, _doc: _draw_header(canvas, form, font)),
    ])
    counted: list[int] = []
    document.build(_story(form, styles), canvasmaker=_canvas_class(form, font, counted))
    return counted[0]
