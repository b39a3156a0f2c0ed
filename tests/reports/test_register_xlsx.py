"""The Excel export of the register, checked by reopening the workbook with openpyxl."""

from __future__ import annotations

from datetime import date, datetime

import openpyxl
import pytest

from frontdesk.domain.progress import Cancelled
from frontdesk.reports.register_xlsx import build_register_xlsx, export_register_xlsx
from tests.reports.register_data import register_row, register_rows

NOVEMBER = dict(site_name="阳光花园服务站", date_from=date(2026, 11, 1), date_to=date(2026, 11, 30))
HEADER_ROW = 3


class Source:
    """Rows by id, the way the register page fetches them, recording each chunk asked for."""

    def __init__(self, count: int) -> None:
        self.rows = {row.id: row for row in register_rows(count)}
        self.chunks: list[int] = []

    def fetch(self, ids):
        self.chunks.append(len(ids))
        return [self.rows[i] for i in ids]


class CancelAfter:
    def __init__(self, updates: int) -> None:
        self.updates = 0
        self.limit = updates

    def update(self, fraction: float, message: str = "") -> None:
        self.updates += 1

    def cancelled(self) -> bool:
        return self.updates >= self.limit


def read(path):
    workbook = openpyxl.load_workbook(path)
    return workbook.active


def test_title_headers_and_rows(tmp_path):
    out = tmp_path / "register.xlsx"
    row = register_row(
        5, channel="wechat", validity="invalid", validity_note="不在服务范围内", grade="major",
        status="closed", note="已电话解释",
    )

    written = build_register_xlsx([row], out, **NOVEMBER)

    assert written == 1
    sheet = read(out)
    assert sheet["A1"].value == "客户投诉记录表"
    info = sheet["A2"].value
    assert "ZC-QR-027" in info and "阳光花园服务站" in info and "2026-11-01 至 2026-11-30" in info
    headers = [cell.value for cell in sheet[HEADER_ROW]]
    assert headers == [
        "序号", "编号", "受理时间", "渠道", "投诉人", "联系电话", "房号", "投诉类别", "被投诉部门/对象",
        "投诉内容", "客户要求", "有效性", "级别", "处理状态", "受理人", "备注",
    ]
    values = [cell.value for cell in sheet[HEADER_ROW + 1]]
    assert values == [
        1, "TS-202611-0005", row.received_at, "微信", "李四", "13812345678", "3-2-1201", "维修服务",
        "工程部 / 维修班组", "楼上漏水,天花板渗水", "尽快维修", "无效", "重大", "已关闭", "王前台",
        "已电话解释\n有效性说明:不在服务范围内",
    ]


def test_dates_are_real_excel_datetimes(tmp_path):
    out = tmp_path / "register.xlsx"
    build_register_xlsx([register_row(1, received_at=datetime(2026, 11, 3, 14, 5))], out, **NOVEMBER)
    cell = read(out)[f"C{HEADER_ROW + 1}"]
    assert cell.is_date
    assert cell.value == datetime(2026, 11, 3, 14, 5)
    assert cell.number_format == "yyyy-mm-dd hh:mm"


def test_sheet_is_ready_to_filter_and_print(tmp_path):
    out = tmp_path / "register.xlsx"
    build_register_xlsx(register_rows(4), out, **NOVEMBER)
    sheet = read(out)
    assert sheet.freeze_panes == f"A{HEADER_ROW + 1}"
    assert sheet.auto_filter.ref == f"A{HEADER_ROW}:P{HEADER_ROW + 4}"
    assert sheet.column_dimensions["J"].width > sheet.column_dimensions["A"].width
    assert sheet.page_setup.orientation == "landscape"


def test_export_fetches_in_chunks_and_keeps_the_view_order(tmp_path):
    out = tmp_path / "register.xlsx"
    source = Source(2500)
    ids = list(reversed(source.rows))

    written = export_register_xlsx(ids, source.fetch, out, **NOVEMBER)

    assert written == 2500
    assert source.chunks == [1000, 1000, 500]
    sheet = read(out)
    assert sheet.max_row == HEADER_ROW + 2500
    first = [cell.value for cell in sheet[HEADER_ROW + 1]]
    last = [cell.value for cell in sheet[HEADER_ROW + 2500]]
    assert first[0] == 1 and first[1] == "TS-202611-2500"
    assert last[0] == 2500 and last[1] == "TS-202611-0001"


def test_phones_are_masked_on_request(tmp_path):
    out = tmp_path / "register.xlsx"
    build_register_xlsx([register_row(phone="13812345678")], out, mask_phones=True, **NOVEMBER)
    assert read(out)[f"F{HEADER_ROW + 1}"].value == "138****5678"


def test_the_dealership_export_has_a_plate_column(tmp_path):
    out = tmp_path / "register.xlsx"
    build_register_xlsx([register_row(location_text="粤B12345")], out, profile="dealership", **NOVEMBER)
    sheet = read(out)
    assert sheet[f"G{HEADER_ROW}"].value == "车牌号"
    assert sheet[f"G{HEADER_ROW + 1}"].value == "粤B12345"


def test_an_empty_view_exports_the_headers(tmp_path):
    out = tmp_path / "register.xlsx"
    assert export_register_xlsx([], Source(0).fetch, out, **NOVEMBER) == 0
    sheet = read(out)
    assert sheet.max_row == HEADER_ROW
    assert sheet["A3"].value == "序号"


def test_a_cancelled_export_leaves_no_file(tmp_path):
    out = tmp_path / "register.xlsx"
    source = Source(3000)
    with pytest.raises(Cancelled):
        export_register_xlsx(list(source.rows), source.fetch, out, progress=CancelAfter(2), **NOVEMBER)
    assert list(tmp_path.iterdir()) == []


def test_a_failing_fetch_leaves_the_earlier_file(tmp_path):
    out = tmp_path / "register.xlsx"
    out.write_bytes(b"earlier")

    def broken(ids):
        raise OSError("database is locked")

    with pytest.raises(OSError):
        export_register_xlsx([1, 2], broken, out, **NOVEMBER)
    assert out.read_bytes() == b"earlier"
    assert list(tmp_path.iterdir()) == [out]


def test_what_an_older_database_may_hold_still_exports(tmp_path):
    """Control characters become a visible mark, a text beginning with = stays text, and a text longer
    than an Excel cell holds is cut (Excel would otherwise repair the file and empty the cell)."""
    rows = [register_row(1, content="楼上\x00漏水\x0b", complainant="李\x1b四", demand="=SUM(A1:A9)",
                         note="回访" * 20_000)]
    out = tmp_path / "old.xlsx"
    assert build_register_xlsx(rows, out, **NOVEMBER) == 1
    values = [cell.value for cell in read(out)[HEADER_ROW + 1]]
    assert "楼上\ufffd漏水\ufffd" in values and "李\ufffd四" in values and "=SUM(A1:A9)" in values
    assert max(len(v) for v in values if isinstance(v, str)) == 32767
    assert openpyxl.load_workbook(out).active.cell(HEADER_ROW + 1, 11).data_type == "s"
