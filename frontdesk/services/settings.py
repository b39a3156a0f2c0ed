"""Site settings: read as one typed :class:`SiteSettings`, changed by the administrator all at once.

Each setting is one row of the ``settings`` table holding its JSON value; the defaults
are declared on :class:`~frontdesk.domain.settings.SiteSettings` and nowhere else.
:func:`save` checks the whole value, then writes every changed key in one unit of work
with one history entry per change (a clock's as ``clocks.<key>``), so a refused value
leaves every setting as it was.
"""

from __future__ import annotations

import json
from dataclasses import fields, replace
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from frontdesk.db.engine import Database
from frontdesk.db.models import Setting
from frontdesk.domain.errors import ValidationFailed
from frontdesk.domain.permissions import Perm
from frontdesk.domain.settings import ClockSetting, SiteSettings
from frontdesk.domain.types import Actor
from frontdesk.services import audit
from frontdesk.services.access import require

KEYS = frozenset(f.name for f in fields(SiteSettings))


def load(db: Database) -> SiteSettings:
    with db.read() as session:
        return load_in(session)


def load_in(session: Session) -> SiteSettings:
    """The settings inside the caller's unit of work."""
    stored: dict[str, Any] = {}
    for row in session.execute(select(Setting)).scalars():
        try:
            stored[row.key] = json.loads(row.value)
        except ValueError:
            continue  # an unreadable value keeps its default
    return SiteSettings.from_stored(stored)


def put_in(session: Session, key: str, value: Any) -> None:
    """Store one setting's JSON value inside the caller's unit of work; the caller writes the history.

    For a use case that sets a key as part of its own work (the first start sets the
    profile and the site name); the administrator's changes go through :func:`save`.
    """
    if key not in KEYS:
        raise KeyError(key)
    text = json.dumps(value, ensure_ascii=False)
    row = session.get(Setting, key)
    if row is None:
        session.add(Setting(key=key, value=text))
    else:
        row.value = text


def save(db: Database, actor: Actor, new: SiteSettings, base: SiteSettings | None = None) -> tuple[str, ...]:
    """The administrator's settings, all or nothing; returns the history fields written.

    Refused as a whole (:class:`ValidationFailed`, keyed by field, a clock's as
    ``"clocks.<key>.<field>"``) if any value is wrong; otherwise every key that differs
    from the database is written in one unit of work.  With ``base`` (what the caller loaded
    and edited), only what differs from ``base`` is applied, onto the settings as they now
    stand, so a setting someone else changed meanwhile is not written back.
    """
    errors = new.problems()
    written: list[str] = []
    with db.write() as session:
        actor = require(session, actor, Perm.ADMIN)
        if errors:
            raise ValidationFailed(errors)
        current = load_in(session)
        if base is not None:
            new = _edits_onto(current, base, new)
        wanted = new.to_stored()
        before = current.to_stored()
        for key, value in wanted.items():
            if value == before[key]:
                continue
            put_in(session, key, value)
            if key == "clocks":
                written += _record_clocks(session, actor, current, new)
            else:
                audit.record(session, actor, "update", "settings", None, key, before[key], value)
                written.append(key)
    return tuple(written)


def _edits_onto(current: SiteSettings, base: SiteSettings, edited: SiteSettings) -> SiteSettings:
    """``current`` with what ``edited`` changed relative to ``base`` (clock by clock)."""
    changes = {f.name: getattr(edited, f.name) for f in fields(SiteSettings)
               if f.name != "clocks" and getattr(edited, f.name) != getattr(base, f.name)}
    clocks = dict(current.clocks)
    for key in {*base.clocks, *edited.clocks}:
        if base.clocks.get(key) != edited.clocks.get(key):
            if key in edited.clocks:
                clocks[key] = edited.clocks[key]
            else:
                clocks.pop(key, None)
    return replace(current, clocks=clocks, **changes)


def _record_clocks(session: Session, actor: Actor, old: SiteSettings, new: SiteSettings) -> list[str]:
    """One history entry per changed clock, its old and new values as JSON (``{}``: the rule book's)."""
    written: list[str] = []
    for key in dict.fromkeys([*old.clocks, *new.clocks]):
        before, after = old.clocks.get(key), new.clocks.get(key)
        if before != after:
            audit.record(session, actor, "update", "settings", None, f"clocks.{key}",
                         _clock_json(before), _clock_json(after))
            written.append(f"clocks.{key}")
    return written


def _clock_json(setting: ClockSetting | None) -> str:
    return json.dumps(setting.to_stored() if setting else {}, ensure_ascii=False)
