"""The printed 《客户投诉处置表》 ZC-QR-028, checked by reopening the PDF and reading its text."""

from __future__ import annotations

import io
from datetime import datetime, timedelta
from pathlib import Path

import pypdfium2 as pdfium

from frontdesk.domain import wallclock
from frontdesk.domain.sla import ClockState, ClockStatus
from frontdesk.domain.types import ComplaintView, DispositionView
from frontdesk.reports.disposition_pdf import build_disposition_pdf, format_limit

SITE = dict(site_name="阳光花园物业服务中心")
RECEIVED = datetime(2026, 11, 23, 9, 0)

BLOCK_LABELS = (
    "编号", "日期", "投诉人", "联系方式", "房号", "投诉类别", "级别", "投诉内容", "客户要求",
    "被投诉部门", "派单人", "派单时间", "处理时限", "处理方法", "部门负责人签名", "处理结果", "完成时间",
    "现场解决", "验证、回访结果", "验证人签名", "通过", "未通过", "资产管理部负责人意见", "归档人", "归档日期",
)


def complaint_view(**changes: object) -> ComplaintView:
    values: dict[str, object] = dict(
        id=7, number="TS-202611-0007", received_at=RECEIVED, receiver_name="李娜", channel="phone",
        complainant="欧阳建国", phone="13812345678", customer_id=1, location_id=1, location_text="3-2-1201",
        category_id=3, category_name="供水", department_id=2, department_name="工程部", target="维修班组",
        content="厨房水管漏水,楼下住户天花板渗水,已反映两次仍未修好。", demand="今天之内修好并赔偿楼下损失",
        validity="valid", validity_note="", grade="major", major_criteria="A",
        grade_reason="A. 承诺或合同约定的服务未提供或明显有缺陷,多次反映仍未解决", status="archived",
        escalated=False, note="", version=3,
    )
    values.update(changes)
    return ComplaintView(**values)  # type: ignore[arg-type]


def disposition_view(**changes: object) -> DispositionView:
    values: dict[str, object] = dict(
        id=1, complaint=complaint_view(), department_id=2, department_name="工程部", dispatcher_name="李娜",
        dispatched_at=RECEIVED + timedelta(minutes=5), handling_limit_minutes=60, dispatch_note="",
        method_text="派维修工上门更换厨房进水管阀门,关闭总阀后检修。", method_by=5, method_by_name="张强",
        method_at=datetime(2026, 11, 23, 9, 40), head_name="王丽", head_at=datetime(2026, 11, 23, 10, 5),
        on_the_spot=False, result_text="已更换阀门及水管,试水无渗漏。", completed_at=datetime(2026, 11, 23, 14, 0),
        result_by_name="张强", result_at=datetime(2026, 11, 23, 14, 10),
        verification_text="电话回访业主,对维修结果满意。", verifier_name="欧阳建国(业主本人)",
        verification_passed=True, verified_by_name="李娜", verified_at=datetime(2026, 11, 24, 11, 0),
        verification_channel="visit", verification_for="片区经理", callback_owner="片区经理", callback_is_mine=False,
        supervisor_opinion="同意结案,楼下天花板修补由工程部跟进。", supervisor_name="赵敏",
        supervisor_at=datetime(2026, 11, 24, 13, 0),
        archived_by_name="孙悦", archived_at=datetime(2026, 11, 24, 15, 0), version=9,
    )
    values.update(changes)
    return DispositionView(**values)  # type: ignore[arg-type]


def clock_state(key: str, label: str, deadline: datetime, stopped: datetime | None, status: ClockStatus) -> ClockState:
    return ClockState(
        key=key, label=label, who="责任部门", started_at=RECEIVED, deadline=deadline, stopped_at=stopped,
        limit=deadline - RECEIVED, spent=(stopped or deadline) - RECEIVED, status=status,
    )


def page_texts(source: Path | bytes) -> list[str]:
    document = pdfium.PdfDocument(source if isinstance(source, bytes) else str(source))
    try:
        return [page.get_textpage().get_text_range() for page in document]
    finally:
        document.close()


def squeezed(text: str) -> str:
    """Text without the spaces and line breaks that layout puts between words."""
    return "".join(text.split())


def test_filled_form_prints_every_block_with_its_values(tmp_path):
    wallclock.set_fixed(datetime(2026, 11, 25, 8, 30))
    out = tmp_path / "disposition.pdf"

    pages = build_disposition_pdf(disposition_view(), out, form_revision="B/1", **SITE)

    assert pages == 1
    text = page_texts(out)[0]
    flat = squeezed(text)
    assert "客户投诉处置表" in text
    assert "ZC-QR-028" in text and "B/1" in text
    assert "阳光花园物业服务中心" in text
    for label in BLOCK_LABELS:
        assert label in flat, label
    assert "TS-202611-0007" in flat and "2026-11-2309:00" in flat
    assert "欧阳建国" in flat and "13812345678" in flat and "3-2-1201" in flat and "供水" in flat
    assert "厨房水管漏水,楼下住户天花板渗水,已反映两次仍未修好。" in flat
    assert "今天之内修好并赔偿楼下损失" in flat
    assert "工程部/维修班组" in flat and "李娜" in flat
    assert "2026-11-2309:05" in flat and "1小时(至2026-11-2310:05)" in flat
    assert "派维修工上门更换厨房进水管阀门,关闭总阀后检修。" in flat
    assert "已更换阀门及水管,试水无渗漏。" in flat and "完成时间:2026-11-2314:00" in flat
    assert "电话回访业主,对维修结果满意。" in flat and "验证人:欧阳建国(业主本人)" in flat
    assert "同意结案,楼下天花板修补由工程部跟进。" in flat
    assert "孙悦" in flat and "2026-11-2415:00" in flat
    assert "第 1 页 / 共 1 页" in text
    assert "打印时间:2026-11-25 08:30" in text


def test_ticked_boxes_show_the_grade_criteria_and_outcome(tmp_path):
    out = tmp_path / "disposition.pdf"
    build_disposition_pdf(disposition_view(), out, **SITE)
    flat = squeezed(page_texts(out)[0])
    assert "□轻微✓重大" in flat
    assert "重大投诉依据:✓A□B□C□D" in flat
    assert "承诺或合同约定的服务未提供或明显有缺陷" in flat
    assert "□现场解决" in flat
    assert "✓通过□未通过" in flat

    solved_here = disposition_view(
        on_the_spot=True, verification_passed=False, complaint=complaint_view(grade="minor", major_criteria="",
                                                                              grade_reason=""),
    )
    build_disposition_pdf(solved_here, out, **SITE)
    flat = squeezed(page_texts(out)[0])
    assert "✓轻微□重大" in flat
    assert "✓现场解决" in flat
    assert "□通过✓未通过" in flat


def test_each_signed_block_prints_its_electronic_sign_off_beside_the_pen_line(tmp_path):
    out = tmp_path / "disposition.pdf"
    build_disposition_pdf(disposition_view(), out, **SITE)
    text = page_texts(out)[0]
    flat = squeezed(text)
    assert flat.count("签名:______________日期:____年____月____日") == 5
    assert "部门负责人签名:______________日期:____年____月____日电子签名:王丽2026-11-2310:05" in flat
    assert "处理人签名:______________日期:____年____月____日电子签名:张强2026-11-2309:40" in flat
    assert "电子签名:张强2026-11-2314:10" in flat
    assert "验证人签名:______________日期:____年____月____日电子签名:李娜(代片区经理录入)2026-11-2411:00" in flat
    assert "负责人签名:______________日期:____年____月____日电子签名:赵敏2026-11-2413:00" in flat
    assert "电子签名:王丽 2026-11-23 10:05" in text


def test_unsigned_blocks_leave_only_the_pen_line(tmp_path):
    out = tmp_path / "disposition.pdf"
    view = disposition_view(
        head_name="", head_at=None, supervisor_opinion="", supervisor_name="", supervisor_at=None,
        archived_by_name="", archived_at=None, verification_passed=None,
    )
    build_disposition_pdf(view, out, **SITE)
    flat = squeezed(page_texts(out)[0])
    assert "王丽" not in flat and "赵敏" not in flat and "孙悦" not in flat
    assert "部门负责人签名:______________日期:____年____月____日处理结果" in flat
    assert flat.count("电子签名") == 3
    assert "□通过□未通过" in flat


def test_the_location_label_follows_the_profile(tmp_path):
    out = tmp_path / "disposition.pdf"
    view = disposition_view(complaint=complaint_view(location_text="粤B·12345"))
    build_disposition_pdf(view, out, profile="dealership", **SITE)
    flat = squeezed(page_texts(out)[0])
    assert "车牌号粤B·12345" in flat and "房号" not in flat


def test_escalation_and_the_dispatch_note_are_printed(tmp_path):
    out = tmp_path / "disposition.pdf"
    view = disposition_view(dispatch_note="涉及楼下住户,请一并查看", complaint=complaint_view(escalated=True))
    build_disposition_pdf(view, out, **SITE)
    flat = squeezed(page_texts(out)[0])
    assert "派单说明【已升级】涉及楼下住户,请一并查看" in flat


def test_blank_form_has_the_labels_and_signature_lines_but_no_values(tmp_path):
    wallclock.set_fixed(datetime(2026, 11, 25, 8, 30))
    out = tmp_path / "blank.pdf"

    pages = build_disposition_pdf(None, out, **SITE)

    assert pages == 1
    text = page_texts(out)[0]
    flat = squeezed(text)
    assert "客户投诉处置表" in text and "ZC-QR-028" in text and "A/0" in text
    for label in BLOCK_LABELS:
        assert label in flat, label
    assert flat.count("签名:______________日期:____年____月____日") == 5
    assert "完成时间:____年____月____日____时____分" in flat
    for criterion in ("A. 承诺或合同约定的服务未提供或明显有缺陷", "B. 相邻单元或其他非公司原因", "D. 10天内未得到合理解决"):
        assert squeezed(criterion) in flat
    assert "电子签名" not in flat and "打印时间" not in flat and "✓" not in flat
    assert "TS-" not in flat and "2026" not in flat
    assert "第 1 页 / 共 1 页" in text


def test_long_content_continues_on_a_second_page_with_the_right_page_count(tmp_path):
    out = tmp_path / "long.pdf"
    long_text = "楼上装修噪音严重影响休息,多次沟通无果。" * 80
    view = disposition_view(complaint=complaint_view(content=long_text), method_text=long_text)

    pages = build_disposition_pdf(view, out, **SITE)

    assert pages >= 2
    texts = page_texts(out)
    assert len(texts) == pages
    for number, text in enumerate(texts, start=1):
        assert f"第 {number} 页 / 共 {pages} 页" in text
        assert "客户投诉处置表" in text and "ZC-QR-028" in text and "TS-202611-0007" in text
    # Without the page headers and footers, and the label repeated on the next page,
    # both texts read through whole: nothing is lost or clipped at the page breaks.
    bodies = squeezed("".join("".join(text.splitlines()[1:-1]) for text in texts))
    assert "处理方法(续)" in bodies
    assert bodies.replace("处理方法(续)", "").count(squeezed(long_text)) == 2
    assert "电子签名:赵敏2026-11-2413:00" in squeezed(texts[-1])
    assert "归档人孙悦" in squeezed(texts[-1])


def test_the_clocks_summary_lists_each_deadline_and_whether_it_was_met(tmp_path):
    out = tmp_path / "clocks.pdf"
    states = (
        clock_state("handling_method", "处理方法", RECEIVED + timedelta(hours=1),
                    RECEIVED + timedelta(minutes=40), ClockStatus.MET),
        clock_state("major_report", "重大投诉上报", RECEIVED + timedelta(minutes=10),
                    RECEIVED + timedelta(minutes=15), ClockStatus.MISSED),
        clock_state("callback", "回访", RECEIVED + timedelta(hours=24), None, ClockStatus.OVERDUE),
    )
    build_disposition_pdf(disposition_view(clocks=states), out, **SITE)
    flat = squeezed(page_texts(out)[0])
    assert "时限记录" in flat
    assert "处理方法责任部门2026-11-2309:002026-11-2310:002026-11-2309:40按时" in flat
    assert "重大投诉上报责任部门2026-11-2309:002026-11-2309:102026-11-2309:15超时" in flat
    assert "回访责任部门2026-11-2309:002026-11-2409:00超时(未完成)" in flat

    build_disposition_pdf(disposition_view(), out, **SITE)
    assert "时限记录" not in page_texts(out)[0]


def test_the_font_is_embedded(tmp_path):
    out = tmp_path / "disposition.pdf"
    build_disposition_pdf(disposition_view(), out, **SITE)
    assert b"/FontFile2" in out.read_bytes()


def test_writes_to_a_binary_stream(tmp_path):
    stream = io.BytesIO()
    pages = build_disposition_pdf(disposition_view(), stream, **SITE)
    data = stream.getvalue()
    assert pages == 1 and data.startswith(b"%PDF")
    assert "TS-202611-0007" in page_texts(data)[0]


def test_a_path_is_replaced_whole_and_leaves_no_temporary_file(tmp_path):
    out = tmp_path / "disposition.pdf"
    out.write_bytes(b"old")
    build_disposition_pdf(None, out, **SITE)
    assert out.read_bytes().startswith(b"%PDF")
    assert [p.name for p in tmp_path.iterdir()] == ["disposition.pdf"]


def test_handling_limits_read_in_days_hours_and_minutes():
    assert format_limit(60) == "1小时"
    assert format_limit(30) == "30分钟"
    assert format_limit(90) == "1小时30分钟"
    assert format_limit(2880) == "2天"
    assert format_limit(None) == ""


def test_no_limit_prints_an_empty_box(tmp_path):
    out = tmp_path / "disposition.pdf"
    build_disposition_pdf(disposition_view(handling_limit_minutes=None), out, **SITE)
    assert "处理时限处理方法" in squeezed(page_texts(out)[0])
