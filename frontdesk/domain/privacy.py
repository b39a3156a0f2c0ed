"""Personal data shown to roles that may not see it in full (SPEC §8): masked, never dropped."""

from __future__ import annotations

import json

#: History fields that hold a phone number (a complaint's, a customer's).
PHONE_FIELDS = frozenset({"phone"})


def mask_phone(phone: str) -> str:
    """``13812345678`` → ``138****5678``; short numbers keep only their last two digits."""
    digits = phone.strip()
    if len(digits) == 11:
        return digits[:3] + "****" + digits[-4:]
    if len(digits) > 4:
        return digits[:2] + "*" * (len(digits) - 4) + digits[-2:]
    return "*" * len(digits)


def mask_history_value(field: str, text: str) -> str:
    """A history entry's old or new value as a role that may not see phones reads it.

    ``phone`` entries are masked; so is the phone inside a ``*`` entry (the JSON snapshot a
    record is created with).  Anything else is returned as stored.
    """
    if field in PHONE_FIELDS:
        return mask_phone(text) if text else text
    if field == "*" and text:
        try:
            values = json.loads(text)
        except ValueError:
            return text
        if isinstance(values, dict) and values.get("phone"):
            values["phone"] = mask_phone(str(values["phone"]))
            return json.dumps(values, ensure_ascii=False)
    return text
