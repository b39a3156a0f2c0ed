"""Values a careless user or an attacker hands the services: each is refused with a message keyed by
its field, and nothing is written (SPEC §2.1, §3, §5)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select

from frontdesk.db.models import Complaint, Customer, HistoryEntry
from frontdesk.domain import complaint as complaint_rules
from frontdesk.domain import wallclock
from frontdesk.domain.errors import ValidationFailed
from frontdesk.domain.types import CustomerInput
from frontdesk.services import complaints, customers

NOW = datetime(2026, 11, 20, 9, 0)
CONTROL = ["\x00", "\x07", "\x1b", "\x7f", "\x85"]


def _count(db, model) -> int:  # noqa: ANN001
    with db.read() as session:
        return session.execute(select(func.count()).select_from(model)).scalar_one()


def _history(db) -> int:  # noqa: ANN001
    return _count(db, HistoryEntry)


@pytest.fixture(autouse=True)
def _now():
    wallclock.set_fixed(NOW)


def _refused(call, field: str) -> str:  # noqa: ANN001
    """Run ``call``; it must be refused with a message under ``field``, which is returned."""
    with pytest.raises(ValidationFailed) as info:
        call()
    assert field in info.value.fields, info.value.fields
    return info.value.fields[field]


# -- complaints ------------------------------------------------------------------------------------

COMPLAINT_TEXTS = ["complainant", "location_text", "target", "content", "demand", "validity_note", "note"]


@pytest.mark.parametrize("field", COMPLAINT_TEXTS)
def test_every_complaint_text_has_a_limit(db, clerk, make_form, field):
    limit = complaint_rules.TEXT_RULES[field].limit
    extra = {"validity": "invalid", "validity_note": "超出合同约定范围"} if field == "validity_note" else {}
    before = (_count(db, Complaint), _history(db))
    message = _refused(lambda: complaints.register(db, clerk, make_form(**{**extra, field: "漏" * (limit + 1)})),
                       field)
    assert str(limit) in message
    assert (_count(db, Complaint), _history(db)) == before
    complaints.register(db, clerk, make_form(**{**extra, field: "漏" * limit}))  # the limit itself is fine


def test_a_megabyte_of_content_is_refused_on_edit_too(db, clerk, make_form):
    view = complaints.register(db, clerk, make_form())
    _refused(lambda: complaints.update(db, clerk, view.id, replace(complaints.as_input(view), content="水" * 1_000_000),
                                       view.version), "content")
    assert complaints.get(db, clerk, view.id).content == view.content


@pytest.mark.parametrize("char", CONTROL)
@pytest.mark.parametrize("field", ["complainant", "content", "demand", "note"])
def test_control_characters_are_refused(db, clerk, make_form, field, char):
    message = _refused(lambda: complaints.register(db, clerk, make_form(**{field: f"楼上{char}漏水"})), field)
    assert "控制字符" in message
    assert _count(db, Complaint) == 0


def test_line_feeds_and_tabs_are_fine_in_a_text_box_but_not_in_a_line(db, clerk, make_form):
    view = complaints.register(db, clerk, make_form(content="楼上漏水\n\t天花板渗水", demand="尽快\n维修"))
    assert view.content == "楼上漏水\n\t天花板渗水"
    _refused(lambda: complaints.register(db, clerk, make_form(complainant="李\n四")), "complainant")
    _refused(lambda: complaints.register(db, clerk, make_form(note="回访\t两次")), "note")


@pytest.mark.parametrize("phone", ["---", "( )", "+ + +", "   -   "])
def test_a_phone_without_digits_is_refused(db, clerk, make_form, phone):
    _refused(lambda: complaints.register(db, clerk, make_form(phone=phone)), "phone")


@pytest.mark.parametrize("received_at", [
    datetime(1900, 1, 1), NOW - timedelta(days=400), NOW + timedelta(days=365), NOW + timedelta(minutes=30),
])
def test_a_received_time_far_from_now_is_refused(db, clerk, make_form, received_at):
    _refused(lambda: complaints.register(db, clerk, make_form(received_at=received_at)), "received_at")
    assert _count(db, Complaint) == 0


@pytest.mark.parametrize("received_at", [NOW - timedelta(days=300), NOW - timedelta(minutes=5), NOW + timedelta(minutes=2)])
def test_paper_forms_of_the_past_year_can_be_entered(db, clerk, make_form, received_at):
    assert complaints.register(db, clerk, make_form(received_at=received_at)).received_at == received_at


def test_an_old_complaint_can_still_be_edited(db, clerk, make_form):
    view = complaints.register(db, clerk, make_form(received_at=NOW - timedelta(days=300)))
    wallclock.set_fixed(NOW + timedelta(days=200))  # now more than a year after it was received
    edited = complaints.update(db, clerk, view.id, replace(complaints.as_input(view), demand="上门维修"), view.version)
    assert edited.demand == "上门维修" and edited.received_at == view.received_at
    _refused(lambda: complaints.update(db, clerk, view.id, replace(complaints.as_input(edited),
                                                                   received_at=datetime(1900, 1, 1)),
                                       edited.version), "received_at")


@pytest.mark.parametrize(("field", "value"), [("customer_id", 9999), ("location_id", 9999)])
def test_a_customer_or_location_that_does_not_exist_is_named(db, clerk, make_form, field, value):
    _refused(lambda: complaints.register(db, clerk, make_form(**{field: value})), field)
    view = complaints.register(db, clerk, make_form())
    _refused(lambda: complaints.update(db, clerk, view.id, replace(complaints.as_input(view), **{field: value}),
                                       view.version), field)


def test_a_location_of_another_customer_is_refused(db, clerk, make_form):
    zhang = customers.create(db, clerk, CustomerInput(name="张三", phone="13900001111", building="3", room="101"))
    li = customers.create(db, clerk, CustomerInput(name="李四", phone="13700002222", building="5", room="502"))
    _refused(lambda: complaints.register(db, clerk, make_form(customer_id=zhang.customer_id,
                                                               location_id=li.location_id)), "location_id")


@pytest.mark.parametrize(("field", "value"), [("category_id", 9999), ("department_id", 9999)])
def test_a_category_or_department_that_does_not_exist_is_named(db, clerk, make_form, field, value):
    _refused(lambda: complaints.register(db, clerk, make_form(**{field: value})), field)


# -- customers -------------------------------------------------------------------------------------

@pytest.mark.parametrize(("field", "value", "key"), [
    ("phone", "abc", "customer_phone"),
    ("phone", "---", "customer_phone"),
    ("name", "张" * 51, "customer_name"),
    ("name", "张\x00三", "customer_name"),
    ("building", "3" * 21, "customer_building"),
    ("room", "12\x0701", "customer_room"),
    ("plate", "粤B" + "1" * 30, "customer_plate"),
    ("vin", "L" * 41, "customer_vin"),
    ("model", "凯" * 51, "customer_model"),
    ("area", "一" * 31, "customer_area"),
    ("other_phones", "1" * 101, "customer_other_phones"),
    ("id_number", "4" * 31, "customer_id_number"),
    ("note", "备" * 201, "customer_note"),
    ("kind", "robot", "customer_kind"),
])
def test_a_new_customer_with_a_bad_value_is_refused(db, clerk, make_form, field, value, key):
    values = {"name": "张三", "phone": "13900001111", field: value}
    new = CustomerInput(**values)
    _refused(lambda: customers.create(db, clerk, new), key)
    _refused(lambda: complaints.register(db, clerk, make_form(), new), key)
    assert (_count(db, Customer), _count(db, Complaint)) == (0, 0)


