"""Typed site settings with declared defaults, stored as JSON in the database."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from frontdesk.db.engine import Database
from frontdesk.db.models import Setting

DEFAULTS: dict[str, Any] = {
    "profile": "property",
    "site_name": "",
    "language": "zh_CN",
    "lock_after_failures": 5,
    "lock_minutes": 15,
    "form_revision": "A/0",
    "archive_years": 2,
    # deadlines (SPEC §2.4): per-clock overrides {key: {limit_minutes, mode, pausable}}
    "clocks": {},
    "clock_warn_fraction": 0.2,
    "work_day_start": "00:00",
    "work_day_end": "24:00",
}


def get(db: Database, key: str) -> Any:
    with db.read() as session:
        return get_in(session, key)


def get_in(session: Session, key: str) -> Any:
    row = session.get(Setting, key)
    return json.loads(row.value) if row is not None else DEFAULTS.get(key)


def all_settings(db: Database) -> dict[str, Any]:
    values = dict(DEFAULTS)
    with db.read() as session:
        for row in session.execute(select(Setting)).scalars():
            values[row.key] = json.loads(row.value)
    return values


def put_in(session: Session, key: str, value: Any) -> Any:
    """Store a value; returns the old one so the caller can write the history."""
    row = session.get(Setting, key)
    old = json.loads(row.value) if row is not None else DEFAULTS.get(key)
    if row is None:
        session.add(Setting(key=key, value=json.dumps(value, ensure_ascii=False)))
    else:
        row.value = json.dumps(value, ensure_ascii=False)
    return old
