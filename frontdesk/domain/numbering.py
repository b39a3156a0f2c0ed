"""Record numbers of the paper forms: ``TS-202611-0001`` for complaints, ``D02-202611-001`` for letters.

A number is a prefix, the month it belongs to and a sequence that restarts every
month; the sequences themselves are kept gapless by the database (one row per prefix
and month, taken under the write lock).
"""

from __future__ import annotations

import re
from datetime import datetime

COMPLAINT_PREFIX = "TS"


def period_of(moment: datetime) -> str:
    return moment.strftime("%Y%m")


def format_number(prefix: str, period: str, sequence: int) -> str:
    """``TS-202611-0001``; widens past 9999 instead of wrapping."""
    return f"{prefix}-{period}-{sequence:04d}"


def parse_number(number: str) -> tuple[str, str, int] | None:
    match = re.fullmatch(r"([A-Z]+)-(\d{6})-(\d{4,})", number)
    if not match:
        return None
    return match.group(1), match.group(2), int(match.group(3))


def letter_number(code: str, period: str, sequence: int) -> str:
    """``D02-202611-001``: the department's code, the month, a sequence that widens past 999."""
    return f"{code}-{period}-{sequence:03d}"
