"""The lazy register model, tested without a view: row count, cell text, lazy pages, sorting."""

from __future__ import annotations

import inspect
from datetime import datetime, timedelta

import pytest
from PySide6.QtCore import Qt

from frontdesk.domain.types import RegisterRow
from frontdesk.ui.complaints import register_model
from frontdesk.ui.complaints.register_model import (
    CHANNEL,
    COMPLAINANT,
    CONTENT,
    GRADE,
    LOCATION,
    NUMBER,
    PAGE_SIZE,
    PHONE,
    RECEIVED_AT,
    RECEIVER,
    STATUS,
    VALIDITY,
    IdRole,
    RegisterModel,
)

DISPLAY = Qt.ItemDataRole.DisplayRole


def make_row(complaint_id: int) -> RegisterRow:
    return RegisterRow(
        id=complaint_id, number=f"TS-202611-{complaint_id:04d}",
        received_at=datetime(2026, 11, 1, 9, 0) + timedelta(minutes=complaint_id),
        receiver_name="王前台", channel="phone" if complaint_id % 2 else "wechat", complainant=f"客户{complaint_id}",
        phone="13812345678", location_text="3-2-1201", category_name="维修服务", department_name="工程部",
        target="", content="楼上漏水,天花板渗水。\n已经第三次反映。" + "很长" * 40, demand="尽快维修",
        validity="valid", validity_note="", grade="major" if complaint_id % 10 == 0 else "minor",
        status="registered", note="",
    )


class FakeRegister:
    """Stands in for services.register.rows and counts the fetches."""

    def __init__(self) -> None:
        self.calls: list[list[int]] = []

    def __call__(self, ids):
        self.calls.append(list(ids))
        return [make_row(i) for i in ids if i != 13]  # 13 was deleted meanwhile


@pytest.fixture
def fetch():
    return FakeRegister()


@pytest.fixture
def model(qapp, fetch):
    return RegisterModel(fetch, profile="property")


def text(model: RegisterModel, row: int, column: int):
    return model.data(model.index(row, column), DISPLAY)


def test_holds_only_ids_until_asked(model, fetch):
    model.set_ids(range(1, 1001))
    assert model.rowCount() == 1000
    assert model.row_count() == 1000
    assert model.columnCount() == 13
    assert fetch.calls == []
    assert model.id_at(0) == 1
    assert model.id_at(999) == 1000
    assert model.id_at(1000) is None
    assert model.data(model.index(5, NUMBER), IdRole) == 6
    assert fetch.calls == []


def test_fetches_one_page_for_the_visible_rows(model, fetch):
    model.set_ids(range(1, 1001))
    for row in range(40):
        for column in range(model.columnCount()):
            text(model, row, column)
    assert model.pages_fetched == 1
    assert fetch.calls == [list(range(1, PAGE_SIZE + 1))]
    text(model, 950, NUMBER)
    assert model.pages_fetched == 2
    assert fetch.calls[-1] == list(range(801, 1001))
    text(model, 3, NUMBER)
    assert model.pages_fetched == 2  # still cached


def test_cache_is_bounded(model, fetch):
    model.set_ids(range(1, PAGE_SIZE * (register_model.MAX_CACHED_PAGES + 5) + 1))
    for page in range(register_model.MAX_CACHED_PAGES + 5):
        text(model, page * PAGE_SIZE, NUMBER)
    assert len(model._pages) == register_model.MAX_CACHED_PAGES
    fetched = model.pages_fetched
    text(model, 0, NUMBER)  # the oldest page was dropped: fetched again
    assert model.pages_fetched == fetched + 1


def test_cell_text_in_chinese(model):
    model.set_ids([10, 11, 13])
    assert text(model, 0, NUMBER) == "TS-202611-0010"
    assert text(model, 0, RECEIVED_AT) == "2026-11-01 09:10"
    assert text(model, 0, CHANNEL) == "微信"
    assert text(model, 1, CHANNEL) == "来电"
    assert text(model, 0, COMPLAINANT) == "客户10"
    assert text(model, 0, PHONE) == "13812345678"
    assert text(model, 0, LOCATION) == "3-2-1201"
    assert text(model, 0, VALIDITY) == "有效"
    assert text(model, 0, GRADE) == "重大"
    assert text(model, 1, GRADE) == "轻微"
    assert text(model, 0, STATUS) == "已登记"
    assert text(model, 0, RECEIVER) == "王前台"
    content = text(model, 0, CONTENT)
    assert "\n" not in content and content.endswith("…")
    tooltip = model.data(model.index(0, CONTENT), Qt.ItemDataRole.ToolTipRole)
    assert "已经第三次反映" in tooltip and "客户要求:尽快维修" in tooltip
    # a row deleted since the ids were read shows as such instead of failing
    assert text(model, 2, NUMBER) == "(已删除)"
    assert text(model, 2, PHONE) is None


def test_major_complaints_have_their_own_colour(model):
    model.set_ids([10, 11])
    major = model.data(model.index(0, COMPLAINANT), Qt.ItemDataRole.ForegroundRole)
    minor = model.data(model.index(1, COMPLAINANT), Qt.ItemDataRole.ForegroundRole)
    assert major is not None and major.color() == register_model.MAJOR_COLOR
    assert minor is None


def test_headers_follow_the_profile(qapp, fetch):
    prop = RegisterModel(fetch, profile="property")
    car = RegisterModel(fetch, profile="dealership")
    horizontal = Qt.Orientation.Horizontal
    assert prop.headerData(NUMBER, horizontal) == "编号"
    assert prop.headerData(LOCATION, horizontal) == "房号"
    assert car.headerData(LOCATION, horizontal) == "车牌号"
    assert prop.headerData(RECEIVER, horizontal) == "受理人"


def test_phones_shown_as_the_service_gives_them(model, fetch):
    """The service masks by the user's role (``register.rows``); the table shows what it gets."""
    model.set_ids([1])
    assert text(model, 0, PHONE) == "13812345678"
    assert "mask_phones" not in inspect.signature(RegisterModel).parameters


def test_sort_asks_for_new_ids(model, fetch, qtbot):
    model.set_ids([1, 2, 3])
    with qtbot.waitSignal(model.sort_requested) as blocker:
        model.sort(COMPLAINANT, Qt.SortOrder.AscendingOrder)
    assert blocker.args == ["complainant", False]
    assert (model.sort_key, model.sort_descending) == ("complainant", False)
    with qtbot.waitSignal(model.sort_requested) as blocker:
        model.sort(LOCATION, Qt.SortOrder.DescendingOrder)
    assert blocker.args == ["location_text", True]
    # the content column cannot be sorted: nothing is asked, the order stays
    with qtbot.assertNotEmitted(model.sort_requested):
        model.sort(CONTENT, Qt.SortOrder.AscendingOrder)
    assert model.sort_key == "location_text"
    assert model.sort_column() == LOCATION


def test_set_ids_resets_and_drops_cache(model, fetch, qtbot):
    model.set_ids(range(1, 11))
    text(model, 0, NUMBER)
    with qtbot.waitSignal(model.modelReset):
        model.set_ids([5, 4])
    assert model.row_count() == 2
    assert text(model, 0, NUMBER) == "TS-202611-0005"
    assert model.pages_fetched == 2
    assert model.row_of(4) == 1
    assert model.row_of(99) is None


def test_every_sort_key_is_a_service_sort_column():
    from frontdesk.services.register import SORT_COLUMNS

    assert set(register_model.SORT_KEYS.values()) <= set(SORT_COLUMNS)
