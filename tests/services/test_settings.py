"""The settings service on a real database: one typed value read, saved by the administrator all or nothing."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from sqlalchemy import func, select

from frontdesk.db.engine import Database
from frontdesk.db.models import HistoryEntry, Setting
from frontdesk.domain.errors import PermissionDenied, ValidationFailed
from frontdesk.domain.settings import ClockSetting, SiteSettings
from frontdesk.services import audit, settings


def history_count(db: Database) -> int:
    with db.read() as session:
        return session.execute(select(func.count(HistoryEntry.id))).scalar_one()


def settings_history(db: Database) -> list[tuple[str, str, str]]:
    with db.read() as session:
        rows = session.execute(
            select(HistoryEntry.field, HistoryEntry.old_value, HistoryEntry.new_value)
            .where(HistoryEntry.table_name == "settings", HistoryEntry.action == "update")
            .order_by(HistoryEntry.id)
        ).all()
    return [tuple(row) for row in rows]


def stored_rows(db: Database) -> dict[str, str]:
    with db.read() as session:
        return {row.key: row.value for row in session.execute(select(Setting)).scalars()}


def test_a_new_site_reads_its_defaults_with_the_name_given_at_setup(db, admin):
    assert settings.load(db) == SiteSettings(profile="property", site_name="阳光花园服务站")
    with db.read() as session:
        assert settings.load_in(session) == settings.load(db)


def test_values_written_before_typed_settings_read_the_same(db, admin):
    with db.write() as session:
        session.add(Setting(key="clocks", value=json.dumps(
            {"handling_method": {"limit_minutes": 90, "mode": "working", "pausable": True}})))
        session.add(Setting(key="work_day_start", value='"08:30"'))
        session.add(Setting(key="retired_setting", value='"kept, not read"'))
    site = settings.load(db)
    assert site.clocks == {"handling_method": ClockSetting(90, "working", True)}
    assert site.work_day_start == "08:30"


def test_a_good_save_writes_one_history_entry_per_changed_key(db, admin):
    before = settings.load(db)
    new = replace(
        before.with_clock("feedback", ClockSetting(48 * 60, "working", True))
        .with_clock("callback", ClockSetting(12 * 60, "calendar", False)),
        work_day_start="08:30", work_day_end="17:30", lock_minutes=30,
    )
    count = history_count(db)

    written = settings.save(db, admin, new)

    assert settings.load(db) == new
    assert sorted(written) == ["clocks.callback", "clocks.feedback", "lock_minutes", "work_day_end", "work_day_start"]
    assert history_count(db) == count + 5
    history = {field: (old, new_value) for field, old, new_value in settings_history(db)}
    assert history["lock_minutes"] == ("15", "30")
    assert history["work_day_end"] == ("24:00", "17:30")
    assert history["clocks.feedback"] == ("{}", '{"limit_minutes": 2880, "mode": "working", "pausable": true}')
    assert json.loads(stored_rows(db)["clocks"]) == {
        "feedback": {"limit_minutes": 2880, "mode": "working", "pausable": True},
        "callback": {"limit_minutes": 720, "mode": "calendar", "pausable": False},
    }
    assert audit.verify_chain(db).ok


def test_saving_the_same_values_writes_nothing(db, admin):
    new = settings.load(db).with_clock("feedback", ClockSetting(60, "calendar", True))
    settings.save(db, admin, new)
    count = history_count(db)
    assert settings.save(db, admin, settings.load(db)) == ()
    assert settings.save(db, admin, new) == ()
    assert history_count(db) == count


def test_a_changed_clock_keeps_the_other_clocks(db, admin):
    settings.save(db, admin, settings.load(db).with_clock("feedback", ClockSetting(60, "calendar", True)))
    settings.save(db, admin, settings.load(db).with_clock("callback", ClockSetting(30, "calendar", False)))
    assert settings.save(db, admin, settings.load(db)) == ()
    assert set(settings.load(db).clocks) == {"feedback", "callback"}
    assert [field for field, _old, _new in settings_history(db)] == ["clocks.feedback", "clocks.callback"]


def test_one_bad_clock_limit_changes_nothing(db, admin):
    settings.save(db, admin, settings.load(db).with_clock("callback", ClockSetting(30, "calendar", False)))
    before = settings.load(db)
    rows = stored_rows(db)
    count = history_count(db)
    new = replace(
        before.with_clock("feedback", ClockSetting(48 * 60, "working", True))
        .with_clock("handling_method", ClockSetting(0, "calendar", False))
        .with_clock("callback", ClockSetting(90, "working", True)),
        site_name="新名称", work_day_start="08:30", work_day_end="17:30", clock_warn_fraction=0.3,
    )

    with pytest.raises(ValidationFailed) as refused:
        settings.save(db, admin, new)

    assert refused.value.fields == {"clocks.handling_method.limit_minutes": "时限必须大于 0"}
    after = settings.load(db)
    assert after == before
    assert after.clocks == {"callback": ClockSetting(30, "calendar", False)}
    assert (after.site_name, after.work_day_start, after.work_day_end, after.clock_warn_fraction) == (
        "阳光花园服务站", "00:00", "24:00", 0.2)
    assert stored_rows(db) == rows
    assert history_count(db) == count


def test_a_failure_half_way_through_the_writes_leaves_every_value_as_it_was(db, admin, monkeypatch):
    """Every key is written in the one unit of work: nothing is kept when a later key fails."""
    before = settings.load(db)
    rows = stored_rows(db)
    count = history_count(db)
    real_record = audit.record
    calls = []

    def failing_second_time(*args, **kwargs):
        calls.append(args)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return real_record(*args, **kwargs)

    monkeypatch.setattr(audit, "record", failing_second_time)
    new = replace(before.with_clock("feedback", ClockSetting(60, "calendar", True)),
                  site_name="新名称", work_day_start="08:30", work_day_end="17:30")
    with pytest.raises(RuntimeError):
        settings.save(db, admin, new)
    monkeypatch.undo()
    assert len(calls) == 2
    assert settings.load(db) == before
    assert stored_rows(db) == rows
    assert history_count(db) == count


def test_every_problem_is_reported_at_once(db, admin):
    new = replace(
        settings.load(db).with_clock("feedback", ClockSetting(60, "lunar", False)),
        work_day_start="18:00", work_day_end="09:00", clock_warn_fraction=1.5,
    )
    with pytest.raises(ValidationFailed) as refused:
        settings.save(db, admin, new)
    assert set(refused.value.fields) == {"clocks.feedback.mode", "work_day_end", "clock_warn_fraction"}


def test_a_non_administrator_is_refused(db, admin, clerk):
    count = history_count(db)
    with pytest.raises(PermissionDenied):
        settings.save(db, clerk, replace(settings.load(db), site_name="别的名字"))
    assert settings.load(db).site_name == "阳光花园服务站"
    assert history_count(db) == count


def test_put_in_knows_only_declared_settings(db):
    with pytest.raises(KeyError), db.write() as session:
        settings.put_in(session, "colour_scheme", "dark")


def test_a_save_from_an_earlier_load_keeps_what_others_changed_meanwhile(db, admin):
    loaded = settings.load(db)
    other = replace(settings.load(db), site_name="新站名")
    settings.save(db, admin, other)  # someone else, after our load
    edited = loaded.with_clock("feedback", ClockSetting(720, "calendar", False))
    settings.save(db, admin, edited, base=loaded)
    now = settings.load(db)
    assert now.site_name == "新站名"
    assert now.clock("feedback").limit_minutes == 720
