"""What every text field of every form may hold, and how text from the database is made safe
to search for, print and export.

Each form's rules module declares its fields' limits once (:class:`TextRule`, sized to the
paper form and the database column) and checks them with :func:`check_texts`; the screens
use the same limits.  A field may not hold control characters: a text box may hold line
feeds and tabs, a one-line field neither.  They come from text pasted out of other programs,
break the Excel export and the search, and mean nothing on paper.

Older databases may already hold such characters or very long texts:
:func:`printable` replaces what a PDF or a workbook cannot show, and :func:`search_text`
cleans what is typed into a search box.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from frontdesk.i18n import _

#: C0 and C1 control characters, lone surrogates and the two non-characters XML refuses;
#: a text box keeps tab and line feed.
_CONTROL_IN_BOX = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_CONTROL_IN_LINE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
#: What a printout or export shows where the database holds a character it cannot show.
REPLACEMENT = "\ufffd"
#: Longest search text: a few words are enough; the rest is ignored.
SEARCH_MAX = 100
_PHONE = re.compile(r"[0-9+\-() ]{3,20}")
PHONE_MAX = 20
PHONE_MIN_DIGITS = 3


@dataclass(frozen=True)
class TextRule:
    """One text field: its most characters, its name as the message says it (``N_``-marked), and
    whether it is a box of several lines."""

    limit: int
    label: str
    lines: bool = False


def has_control(value: str, *, lines: bool = False) -> bool:
    return bool((_CONTROL_IN_BOX if lines else _CONTROL_IN_LINE).search(value))


def text_problem(value: str, rule: TextRule) -> str:
    """Why ``value`` cannot be saved in the field ``rule`` describes; ``""`` when it can.

    The text is judged as it will be saved, without surrounding blanks.
    """
    label = _(rule.label)
    value = value.strip()
    if has_control(value, lines=rule.lines):
        return _("{field}中有看不见的控制字符(多来自从其他软件复制的文字),请删除后重新输入").format(field=label)
    length = len(value)
    if length > rule.limit:
        return _("{field}最多 {limit} 个字,现在有 {length} 个字,请删减").format(
            field=label, limit=rule.limit, length=length)
    return ""


def check_texts(errors: dict[str, str], values: object, rules: Mapping[str, TextRule], prefix: str = "") -> None:
    """Add a message for each field of ``values`` (an input dataclass) that breaks its rule.

    A field that already has a message (e.g. "please fill in") keeps it; the message goes
    under the key ``prefix + field``.
    """
    for name, rule in rules.items():
        problem = text_problem(getattr(values, name), rule)
        if problem:
            errors.setdefault(prefix + name, problem)


def phone_problem(phone: str, label: str) -> str:
    """Why ``phone`` is not a number to call back (``""`` when it is); ``label`` is the field's name."""
    phone = phone.strip()
    if not _PHONE.fullmatch(phone):
        return _("{field}只能包含数字、空格和 + - ( ),长度 3–20 位").format(field=label)
    if sum(ch.isdigit() for ch in phone) < PHONE_MIN_DIGITS:
        return _("{field}中没有号码,请填写可以回电的号码,例如 13812345678").format(field=label)
    return ""


def search_text(text: str) -> str:
    """What is typed in a search box, ready for the query: control characters become spaces,
    runs of blanks one space, and only the first :data:`SEARCH_MAX` characters count."""
    cleaned = " ".join(_CONTROL_IN_LINE.sub(" ", text).split())
    return cleaned[:SEARCH_MAX].strip()


def printable(text: str) -> str:
    """``text`` with every character a PDF or a workbook cannot show replaced by a visible mark
    (line feeds and tabs stay)."""
    return _CONTROL_IN_BOX.sub(REPLACEMENT, text)
