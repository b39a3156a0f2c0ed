"""The register's pure rules: required fields, numbers, grades, masking, labels."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from frontdesk.domain.complaint import CONTENT_MAX, TEXT_RULES, validate_complaint
from frontdesk.domain.customer import unit_label
from frontdesk.domain.numbering import format_number, parse_number
from frontdesk.domain.privacy import mask_phone
from frontdesk.domain.types import ComplaintInput


def form(**changes) -> ComplaintInput:
    values = dict(
        channel="phone", complainant="李四", phone="13812345678", category_id=1,
        content="楼上漏水,天花板渗水",
    )
    values.update(changes)
    return ComplaintInput(**values)


def test_a_complete_form_has_no_errors():
    assert validate_complaint(form()) == {}


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("channel", ""),
        ("channel", "fax"),
        ("complainant", "  "),
        ("phone", ""),
        ("category_id", None),
        ("content", " \n "),
    ],
)
def test_each_required_field_is_named(field, value):
    errors = validate_complaint(form(**{field: value}))
    assert list(errors) == [field]
    assert errors[field]  # a message to show beside the field


@pytest.mark.parametrize("phone", ["13812345678", "0755-8888 1234", "+86 138 1234 5678", "(010)12345678", "110"])
def test_phone_formats_accepted(phone):
    assert "phone" not in validate_complaint(form(phone=phone))


@pytest.mark.parametrize("phone", ["abc", "1381234567x", "12", "1" * 21, "138#1234", "---", "+ ( )", "1-2"])
def test_phone_formats_refused(phone):
    assert "phone" in validate_complaint(form(phone=phone))


@pytest.mark.parametrize("field", list(TEXT_RULES))
def test_each_text_is_bounded(field):
    limit = TEXT_RULES[field].limit
    over = "1" * (limit + 1) if field == "phone" else "字" * (limit + 1)
    assert field in validate_complaint(form(**{field: over}))
    assert field not in validate_complaint(form(**{field: over[:limit]}))


def test_blanks_around_a_text_do_not_count():
    assert validate_complaint(form(content=" " * 50 + "字" * CONTENT_MAX + "\n" * 50)) == {}


@pytest.mark.parametrize("char", ["\x00", "\x08", "\x0b", "\x1f", "\x7f", "\x9f", "\ud800", "\uffff"])
def test_control_characters_are_refused_everywhere(char):
    assert set(validate_complaint(form(content=f"漏{char}水", complainant=f"李{char}四"))) == {"content", "complainant"}


def test_a_text_box_keeps_line_feeds_and_tabs_a_line_does_not():
    assert validate_complaint(form(content="漏水\n\t渗水")) == {}
    assert list(validate_complaint(form(target="王\t师傅"))) == ["target"]


MOMENT = datetime(2026, 11, 20, 9, 0)


@pytest.mark.parametrize(("received_at", "refused"), [
    (MOMENT, False), (MOMENT + timedelta(minutes=5), False), (MOMENT - timedelta(days=366), False),
    (MOMENT + timedelta(minutes=6), True), (MOMENT - timedelta(days=367), True), (datetime(1900, 1, 1), True),
    (datetime(9999, 12, 31), True),
])
def test_a_received_time_within_a_year_before_now(received_at, refused):
    assert ("received_at" in validate_complaint(form(received_at=received_at), MOMENT)) is refused


def test_a_saved_received_time_is_not_checked_again():
    old = datetime(2024, 1, 5, 9, 0)
    assert validate_complaint(form(received_at=old), MOMENT, saved_received_at=old) == {}


def test_criteria_are_letters_a_to_d_even_on_a_minor_complaint():
    assert list(validate_complaint(form(major_criteria="XYZ"))) == ["major_criteria"]


@pytest.mark.parametrize("validity", ["invalid", "unreasonable"])
def test_invalid_or_unreasonable_needs_the_explanation(validity):
    assert list(validate_complaint(form(validity=validity))) == ["validity_note"]
    assert list(validate_complaint(form(validity=validity, validity_note="   "))) == ["validity_note"]
    assert validate_complaint(form(validity=validity, validity_note="不在合同范围内,已解释")) == {}


def test_unknown_validity_refused():
    assert "validity" in validate_complaint(form(validity="maybe"))


def test_valid_needs_no_explanation():
    assert validate_complaint(form(validity="valid", validity_note="")) == {}


def test_major_needs_criteria():
    assert list(validate_complaint(form(grade="major"))) == ["major_criteria"]
    for criteria in ("A", "B", "C", "D", "AD", "ABCD"):
        assert validate_complaint(form(grade="major", major_criteria=criteria)) == {}


@pytest.mark.parametrize("criteria", ["E", "AE", "a", "1"])
def test_only_criteria_a_to_d(criteria):
    assert list(validate_complaint(form(grade="major", major_criteria=criteria))) == ["major_criteria"]


def test_unknown_grade_refused():
    assert "grade" in validate_complaint(form(grade="huge"))


def test_format_number():
    assert format_number("TS", "202611", 1) == "TS-202611-0001"
    assert format_number("TS", "202612", 9999) == "TS-202612-9999"
    assert format_number("TS", "202612", 10000) == "TS-202612-10000"  # widens, never wraps


@pytest.mark.parametrize("sequence", [1, 42, 9999, 123456])
def test_parse_number_round_trip(sequence):
    assert parse_number(format_number("TS", "202611", sequence)) == ("TS", "202611", sequence)


@pytest.mark.parametrize("text", ["", "TS-2026-0001", "TS-202611-01", "ts-202611-0001", "TS202611-0001"])
def test_parse_number_refuses_other_text(text):
    assert parse_number(text) is None


def test_mask_mobile_phone():
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone(" 13812345678 ") == "138****5678"


@pytest.mark.parametrize("phone", ["0755-88881234", "88881234", "12345"])
def test_mask_other_numbers_hides_the_middle(phone):
    masked = mask_phone(phone)
    assert len(masked) == len(phone)
    assert masked.endswith(phone[-2:])
    assert masked != phone
    assert masked[-3] == "*"


def test_mask_very_short_number_hides_everything():
    assert mask_phone("110") == "***"
    assert mask_phone("") == ""


def test_unit_label():
    assert unit_label("", "3", "2", "1201") == "3-2-1201"
    assert unit_label("一期", "3", "2", "1201") == "一期 3-2-1201"
    assert unit_label(" ", " 3 ", "", "1201 ") == "3-1201"
    assert unit_label("", "", "", "") == ""
