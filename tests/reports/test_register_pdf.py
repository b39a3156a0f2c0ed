"""The printed register ZC-QR-027, checked by reopening the PDF and reading its text."""

from __future__ import annotations

import io
import re
import time
from datetime import date, datetime
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from frontdesk.domain import wallclock
from frontdesk.domain.progress import Cancelled
from frontdesk.reports.register_pdf import build_register_pdf
from tests.reports.register_data import register_row, register_rows

NOVEMBER = dict(site_name="阳光花园服务站", date_from=date(2026, 11, 1), date_to=date(2026, 11, 30))


def page_texts(path: Path | bytes) -> list[str]:
    document = pdfium.PdfDocument(path if isinstance(path, bytes) else str(path))
    try:
        return [page.get_textpage().get_text_range() for page in document]
    finally:
        document.close()


def squeezed(text: str) -> str:
    """Text without the line breaks the table wraps content with."""
    return "".join(text.split())


class RecordingProgress:
    def __init__(self, cancel_after: int | None = None) -> None:
        self.fractions: list[float] = []
        self.cancel_after = cancel_after

    def update(self, fraction: float, message: str = "") -> None:
        self.fractions.append(fraction)

    def cancelled(self) -> bool:
        return self.cancel_after is not None and len(self.fractions) >= self.cancel_after


def test_one_row_prints_the_paper_form(tmp_path):
    wallclock.set_fixed(datetime(2026, 12, 1, 9, 15))
    out = tmp_path / "register.pdf"
    row = register_row(
        7, complainant="欧阳建国", content="地下车库积水严重,车辆无法进出", demand="立即抽水并排查原因",
        validity="unreasonable", validity_note="已解释:暴雨期间市政管网倒灌", note="业主要求书面答复",
        grade="major", status="resolved", channel="visit",
    )

    pages = build_register_pdf([row], out, printed_by="张管理", form_revision="B/1", **NOVEMBER)

    assert pages == 1
    text = page_texts(out)[0]
    flat = squeezed(text)
    assert "客户投诉记录表" in text
    assert "ZC-QR-027" in text and "B/1" in text
    assert "阳光花园服务站" in text and "2026-11-01 至 2026-11-30" in text
    for header in ("序号", "受理时间", "联系电话", "房号", "投诉内容", "客户要求", "有效性", "处理状态", "备注"):
        assert header in flat
    assert "TS-202611-0007" in flat and "欧阳建国" in flat and "3-2-1201" in flat
    assert "地下车库积水严重,车辆无法进出" in flat and "立即抽水并排查原因" in flat
    assert "来访" in flat and "无理" in flat and "重大" in flat and "已解决" in flat
    assert "工程部/维修班组" in flat
    assert "业主要求书面答复" in flat and "暴雨期间市政管网倒灌" in flat
    assert "13812345678" in flat
    assert "第 1 页" in text and "共 1 页" in text
    assert "2026-12-01 09:15" in text and "张管理" in text
    assert "登记人" in text and "审核人" in text


def test_the_font_is_embedded(tmp_path):
    out = tmp_path / "register.pdf"
    build_register_pdf([register_row()], out, **NOVEMBER)
    assert b"/FontFile2" in out.read_bytes()


def test_many_rows_number_every_page_and_repeat_the_header(tmp_path):
    out = tmp_path / "register.pdf"
    rows = register_rows(60)

    pages = build_register_pdf(rows, out, **NOVEMBER)

    texts = page_texts(out)
    assert pages == len(texts) > 2
    for number, text in enumerate(texts, start=1):
        assert f"第 {number} 页" in text
        assert f"共 {pages} 页" in text
        assert "客户投诉记录表" in text and "投诉内容" in text and "ZC-QR-027" in text
    everything = squeezed("".join(texts))
    for row in rows:
        assert row.complainant in everything
    assert "登记人" in texts[-1] and "登记人" not in texts[0]


def test_phones_are_masked_on_request(tmp_path):
    out = tmp_path / "register.pdf"
    build_register_pdf([register_row(phone="13812345678")], out, mask_phones=True, **NOVEMBER)
    flat = squeezed(page_texts(out)[0])
    assert "138****5678" in flat
    assert "13812345678" not in flat


def test_the_dealership_register_has_a_plate_column(tmp_path):
    out = tmp_path / "register.pdf"
    build_register_pdf([register_row(location_text="粤B12345")], out, profile="dealership", **NOVEMBER)
    flat = squeezed(page_texts(out)[0])
    assert "车牌号" in flat and "粤B12345" in flat
    assert "房号" not in flat


def test_a_blank_form_for_filling_by_hand(tmp_path):
    out = tmp_path / "blank.pdf"
    pages = build_register_pdf([], out, site_name="阳光花园服务站", date_from=None, date_to=None, blank_rows=12)
    assert pages == 1
    text = page_texts(out)[0]
    assert "客户投诉记录表" in text and "投诉内容" in text and "登记人" in text
    assert "(无记录)" not in text
    assert "____年__月__日" in text


def test_no_rows_print_a_no_records_line(tmp_path):
    out = tmp_path / "empty.pdf"
    assert build_register_pdf([], out, **NOVEMBER) == 1
    text = page_texts(out)[0]
    assert "(无记录)" in text and "共 1 页" in text


def test_a_row_longer_than_a_page_continues_on_the_next(tmp_path):
    out = tmp_path / "register.pdf"
    content = "".join(f"第{i:03d}句:维修多次仍未解决。" for i in range(400))
    rows = [register_row(1), register_row(2, content=content), register_row(3, complainant="最后一位")]

    pages = build_register_pdf(rows, out, **NOVEMBER)

    texts = page_texts(out)
    assert pages == len(texts) >= 3
    # the page furniture (signature line, title, header row) stands between two pieces of the row
    everything = re.sub(r"客户投诉记录表服务站.*?备注|\(续\)", "", squeezed("".join(texts)))
    for i in range(400):
        assert f"第{i:03d}句" in everything
    assert "(续)" in texts[1]
    assert "最后一位" in everything


def test_nothing_is_drawn_outside_the_page(tmp_path):
    out = tmp_path / "register.pdf"
    long_word = "LSVAU2180N2183294" * 12
    rows = [register_row(1, location_text=long_word, complainant=long_word, note=long_word, number=long_word)]
    build_register_pdf(rows, out, **NOVEMBER)
    document = pdfium.PdfDocument(str(out))
    try:
        page = document[0]
        width, height = page.get_size()
        textpage = page.get_textpage()
        for index in range(textpage.count_chars()):
            left, bottom, right, top = textpage.get_charbox(index)
            if right > left:  # skip line breaks
                assert 0 < left and right < width and 0 < bottom and top < height
    finally:
        document.close()


def test_writes_to_an_open_stream(tmp_path):
    stream = io.BytesIO()
    pages = build_register_pdf(register_rows(3), stream, **NOVEMBER)
    assert pages == 1
    assert "业主3号" in squeezed(page_texts(stream.getvalue())[0])


def test_progress_is_reported_to_the_end(tmp_path):
    progress = RecordingProgress()
    build_register_pdf(register_rows(120), tmp_path / "register.pdf", progress=progress, **NOVEMBER)
    assert progress.fractions[0] == 0.0
    assert progress.fractions[-1] == 1.0
    assert progress.fractions == sorted(progress.fractions)


def test_a_cancel_leaves_nothing_behind(tmp_path):
    out = tmp_path / "register.pdf"
    with pytest.raises(Cancelled):
        build_register_pdf(register_rows(300), out, progress=RecordingProgress(cancel_after=3), **NOVEMBER)
    assert list(tmp_path.iterdir()) == []


def test_a_cancel_keeps_an_earlier_file(tmp_path):
    out = tmp_path / "register.pdf"
    out.write_bytes(b"earlier")
    with pytest.raises(Cancelled):
        build_register_pdf(register_rows(300), out, progress=RecordingProgress(cancel_after=3), **NOVEMBER)
    assert out.read_bytes() == b"earlier"
    assert list(tmp_path.iterdir()) == [out]


@pytest.mark.slow
def test_several_thousand_rows_in_reasonable_time(tmp_path):
    out = tmp_path / "register.pdf"
    started = time.perf_counter()
    pages = build_register_pdf(register_rows(3000), out, **NOVEMBER)
    assert time.perf_counter() - started < 30
    texts = page_texts(out)
    assert len(texts) == pages
    assert f"第 {pages} 页 / 共 {pages} 页" in texts[-1]
    assert "业主3000号" in squeezed(texts[-1])


def test_a_note_with_its_explanation_fits_in_a_few_lines():
    """备注 carries the explanation given for an invalid complaint: it must not run to seven lines."""
    from frontdesk.reports import register_columns as cols
    from frontdesk.reports.fonts import register_fonts
    from frontdesk.reports.register_pdf import _cell, _cell_height, _Styles

    styles = _Styles(register_fonts())
    note = "客户要求处理后电话回复\n有效性说明:道路施工属于市政工程,非本公司管理范围,已提供市政服务热线12345。"
    cell = _cell(note, cols.NOTE, styles)
    lines = (_cell_height(cell, cols.NOTE) - 4) / styles.left.leading
    assert lines <= 5  # it ran to seven with the old widths
