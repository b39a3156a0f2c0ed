"""The text rules every form shares: limits, control characters, phone numbers, search and print text."""

from __future__ import annotations

import pytest

from frontdesk.domain.text import (
    SEARCH_MAX,
    TextRule,
    phone_problem,
    printable,
    search_text,
    text_problem,
)

RULE = TextRule(5, "备注")
BOX = TextRule(5, "内容", lines=True)


def test_the_limit_counts_the_text_as_saved():
    assert text_problem("  一二三四五 \n", RULE) == ""
    assert text_problem("一二三四五六", RULE) == "备注最多 5 个字,现在有 6 个字,请删减"


@pytest.mark.parametrize("char", ["\x00", "\x01", "\x1b", "\x7f", "\x80", "\x9f", "\ud800", "\ufffe"])
def test_control_characters_are_refused_in_lines_and_boxes(char):
    assert "控制字符" in text_problem(f"a{char}b", RULE)
    assert "控制字符" in text_problem(f"a{char}b", BOX)


def test_a_box_keeps_line_feeds_and_tabs_a_line_does_not():
    assert text_problem("a\nb\tc", BOX) == ""
    assert "控制字符" in text_problem("a\nb", RULE)
    assert "控制字符" in text_problem("a\tb", RULE)
    assert "控制字符" in text_problem("a\rb", BOX)


@pytest.mark.parametrize(("phone", "ok"), [
    ("13812345678", True), ("0755-8888 1234", True), ("110", True), ("---", False), ("( )-+", False),
    ("1-2", False), ("abc", False), ("", False),
])
def test_a_phone_has_digits(phone, ok):
    assert (phone_problem(phone, "联系电话") == "") is ok


def test_search_text_drops_control_characters_and_stops_at_its_length():
    assert search_text("  漏水\x00\x1b天花板\n\t渗水 ") == "漏水 天花板 渗水"
    assert search_text("\x00\x00") == ""
    assert search_text("水" * 5000) == "水" * SEARCH_MAX


def test_printable_marks_what_cannot_be_shown_and_keeps_lines():
    assert printable("漏\x00水\n\t渗\x1b水") == "漏\ufffd水\n\t渗\ufffd水"
