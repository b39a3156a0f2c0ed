"""The printed 《工作联系函》 Z-QR-025, checked by reopening the PDF and reading its text."""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path

import pypdfium2 as pdfium

from frontdesk.domain import wallclock
from frontdesk.domain.types import LetterView
from frontdesk.reports.letter_pdf import build_letter_pdf

SITE = dict(site_name="阳光花园物业服务中心")

LABELS = (
    "编号", "发函部门", "经办人", "签发人", "收函部门", "抄送", "发函日期", "事由", "具体内容", "处理要求",
    "回复期限", "关联投诉", "回复意见", "收函部门签名", "领导意见", "领导签名",
)


def letter_view(**changes: object) -> LetterView:
    values: dict[str, object] = dict(
        id=3, number="GC-202611-003", complaint_id=7, complaint_number="TS-202611-0007",
        from_department_id=1, from_department_name="服务站", handler_name="李娜", issuer_name="陈经理",
        to_department_id=2, to_department_name="工程部", copies="资产管理部、总经理",
        sent_at=datetime(2026, 11, 23, 10, 30), subject="3-2-1201厨房水管漏水导致楼下渗水",
        body="业主反映厨房水管漏水,楼下住户天花板渗水,请工程部尽快安排维修。",
        requirement="请于24小时内完成维修并书面回复处理结果。", reply_due=datetime(2026, 11, 26, 10, 30),
        received_by_name="周杰", received_at=datetime(2026, 11, 23, 11, 0),
        reply_text="已派维修工更换阀门及水管,楼下天花板修补已排期。", replied_by_name="王丽",
        replied_at=datetime(2026, 11, 24, 9, 15), leader_opinion="同意,请服务站做好回访。", leader_name="赵敏",
        leader_at=datetime(2026, 11, 24, 16, 0), status="replied", version=4,
    )
    values.update(changes)
    return LetterView(**values)  # type: ignore[arg-type]


def page_texts(source: Path | bytes) -> list[str]:
    document = pdfium.PdfDocument(source if isinstance(source, bytes) else str(source))
    try:
        return [page.get_textpage().get_text_range() for page in document]
    finally:
        document.close()


def squeezed(text: str) -> str:
    return "".join(text.split())


def test_filled_letter_prints_every_field(tmp_path):
    wallclock.set_fixed(datetime(2026, 11, 25, 8, 30))
    out = tmp_path / "letter.pdf"

    pages = build_letter_pdf(letter_view(), out, form_revision="A/2", **SITE)

    assert pages == 1
    text = page_texts(out)[0]
    flat = squeezed(text)
    assert "工作联系函" in text
    assert "Z-QR-025" in text and "A/2" in text and "阳光花园物业服务中心" in text
    for label in LABELS:
        assert label in flat, label
    assert "编号GC-202611-003发函日期2026-11-2310:30" in flat
    assert "发函部门服务站收函部门工程部" in flat
    assert "经办人李娜签发人陈经理" in flat
    assert "抄送资产管理部、总经理" in flat
    assert "事由3-2-1201厨房水管漏水导致楼下渗水" in flat
    assert "业主反映厨房水管漏水,楼下住户天花板渗水,请工程部尽快安排维修。" in flat
    assert "请于24小时内完成维修并书面回复处理结果。" in flat
    assert "回复期限2026-11-2610:30关联投诉TS-202611-0007" in flat
    assert "已派维修工更换阀门及水管,楼下天花板修补已排期。" in flat
    assert "签收:周杰2026-11-2311:00" in flat
    assert "同意,请服务站做好回访。" in flat
    assert "第 1 页 / 共 1 页" in text and "打印时间:2026-11-25 08:30" in text


def test_the_reply_and_the_leaders_opinion_carry_their_electronic_sign_offs(tmp_path):
    out = tmp_path / "letter.pdf"
    build_letter_pdf(letter_view(), out, **SITE)
    text = page_texts(out)[0]
    flat = squeezed(text)
    assert "收函部门签名:______________日期:____年____月____日电子签名:王丽2026-11-2409:15" in flat
    assert "领导签名:______________日期:____年____月____日电子签名:赵敏2026-11-2416:00" in flat
    assert "电子签名:王丽 2026-11-24 09:15" in text


def test_a_letter_not_yet_replied_leaves_the_reply_block_to_fill_in(tmp_path):
    out = tmp_path / "letter.pdf"
    view = letter_view(
        received_by_name="", received_at=None, reply_text="", replied_by_name="", replied_at=None,
        leader_opinion="", leader_name="", leader_at=None, status="sent", complaint_id=None, complaint_number="",
    )
    build_letter_pdf(view, out, **SITE)
    flat = squeezed(page_texts(out)[0])
    assert "电子签名" not in flat and "签收" not in flat
    assert "收函部门签名:______________日期:____年____月____日" in flat
    assert "关联投诉回复意见" in flat  # an empty box for a letter raised on its own


def test_blank_letter_has_the_labels_and_signature_lines_but_no_values(tmp_path):
    wallclock.set_fixed(datetime(2026, 11, 25, 8, 30))
    out = tmp_path / "blank.pdf"

    pages = build_letter_pdf(None, out, **SITE)

    assert pages == 1
    text = page_texts(out)[0]
    flat = squeezed(text)
    assert "工作联系函" in text and "Z-QR-025" in text and "A/0" in text
    for label in LABELS:
        assert label in flat, label
    assert "收函部门签名:______________日期:____年____月____日" in flat
    assert "领导签名:______________日期:____年____月____日" in flat
    assert "电子签名" not in flat and "打印时间" not in flat
    assert "2026" not in flat and "GC-" not in flat and "TS-" not in flat
    assert "第 1 页 / 共 1 页" in text


def test_a_long_letter_continues_on_the_next_page(tmp_path):
    out = tmp_path / "long.pdf"
    body = "请工程部核查楼下住户天花板渗水原因并提出修复方案。" * 120

    pages = build_letter_pdf(letter_view(body=body), out, **SITE)

    assert pages == 2
    texts = page_texts(out)
    assert "第 1 页 / 共 2 页" in texts[0] and "第 2 页 / 共 2 页" in texts[1]
    assert all("Z-QR-025" in text and "GC-202611-003" in text for text in texts)
    bodies = squeezed("".join("".join(text.splitlines()[1:-1]) for text in texts))
    assert "具体内容(续)" in bodies
    assert squeezed(body) in bodies.replace("具体内容(续)", "")
    assert "电子签名:赵敏2026-11-2416:00" in squeezed(texts[1])


def test_the_font_is_embedded(tmp_path):
    out = tmp_path / "letter.pdf"
    build_letter_pdf(letter_view(), out, **SITE)
    assert b"/FontFile2" in out.read_bytes()


def test_writes_to_a_binary_stream():
    stream = io.BytesIO()
    pages = build_letter_pdf(None, stream, **SITE)
    data = stream.getvalue()
    assert pages == 1 and data.startswith(b"%PDF")
    assert "工作联系函" in page_texts(data)[0]
