"""Site settings as a typed value: declared defaults, the stored JSON form and the checks before a save."""

from __future__ import annotations

import json
import math
from dataclasses import FrozenInstanceError, replace
from datetime import time, timedelta

import pytest

from frontdesk.domain.settings import ClockSetting, SiteSettings
from frontdesk.domain.sla import RULES, Mode, Unit


def test_defaults_are_declared_on_the_type():
    site = SiteSettings()
    assert (site.profile, site.site_name, site.language) == ("property", "", "zh_CN")
    assert (site.lock_after_failures, site.lock_minutes, site.form_revision, site.archive_years) == (5, 15, "A/0", 2)
    assert dict(site.clocks) == {}
    assert site.clock_warn_fraction == 0.2
    assert (site.work_day_start, site.work_day_end) == ("00:00", "24:00")
    assert site.problems() == {}


def test_an_empty_table_reads_as_the_defaults():
    assert SiteSettings.from_stored({}) == SiteSettings()


def test_round_trip_through_the_stored_form():
    site = SiteSettings(
        profile="dealership", site_name="城东 4S 店客服部", language="en", lock_after_failures=3, lock_minutes=30,
        form_revision="B/1", archive_years=5,
        clocks={"feedback": ClockSetting(48 * 60, "working", True), "callback": ClockSetting(90.5, "calendar", False)},
        clock_warn_fraction=0.25, work_day_start="08:30", work_day_end="17:30",
    )
    stored = json.loads(json.dumps(site.to_stored(), ensure_ascii=False))  # as the table keeps it
    assert SiteSettings.from_stored(stored) == site


def test_clocks_are_stored_in_the_format_existing_databases_have():
    site = SiteSettings(clocks={"handling_method": ClockSetting(90, "working", True)})
    assert site.to_stored()["clocks"] == {
        "handling_method": {"limit_minutes": 90, "mode": "working", "pausable": True}}
    assert SiteSettings.from_stored(
        {"clocks": {"handling_method": {"limit_minutes": 90, "mode": "working", "pausable": True}}}
    ).clocks["handling_method"] == ClockSetting(90.0, "working", True)


def test_unknown_keys_are_ignored_and_missing_ones_take_their_default():
    stored = {"site_name": "阳光花园服务站", "colour_scheme": "dark", "clocks": {"nope": {}}}
    site = SiteSettings.from_stored(stored)
    assert site == SiteSettings(site_name="阳光花园服务站")


def test_unreadable_stored_values_keep_their_default():
    site = SiteSettings.from_stored({
        "lock_minutes": "soon", "site_name": None, "work_day_start": "", "work_day_end": "late",
        "clock_warn_fraction": [0.3],
        "clocks": {"feedback": {"limit_minutes": "x"}, "callback": {"limit_minutes": 0},
                   "major_report": {"mode": "lunar"}, "handling_method": "90"},
    })
    assert site == SiteSettings()


def test_a_clock_stored_without_every_field_keeps_the_rule_book_for_the_rest():
    site = SiteSettings.from_stored({"clocks": {"feedback": {"pausable": True}}})
    assert site.clocks["feedback"] == ClockSetting(24 * 60, "calendar", True)


def test_the_value_cannot_be_changed_in_place():
    site = SiteSettings()
    with pytest.raises(FrozenInstanceError):
        site.site_name = "x"  # type: ignore[misc]
    with pytest.raises(TypeError):
        site.clocks["feedback"] = ClockSetting(60, "calendar", False)  # type: ignore[index]
    given = {"feedback": ClockSetting(60, "calendar", False)}
    changed = replace(site, clocks=given)
    given["callback"] = ClockSetting(60, "calendar", False)
    assert list(changed.clocks) == ["feedback"]


def test_a_clock_counts_as_set_or_as_the_rule_book_says():
    site = SiteSettings().with_clock("handling_method", ClockSetting(90, "working", True))
    assert site.clock("handling_method") == ClockSetting(90, "working", True)
    assert site.clock("feedback") == ClockSetting(24 * 60, "calendar", False, "hours")
    rules = site.rules()
    assert rules["handling_method"].limit == timedelta(minutes=90)
    assert rules["handling_method"].mode is Mode.WORKING
    assert rules["feedback"] == RULES["feedback"]


def test_a_limit_keeps_the_unit_it_was_entered_in():
    site = SiteSettings().with_clock("minor_to_major", ClockSetting(10 * 1440, "working", False, "days"))
    stored = site.to_stored()
    assert stored["clocks"]["minor_to_major"]["unit"] == "days"
    again = SiteSettings.from_stored(stored)
    assert again.clock("minor_to_major").amount == 10
    rule = again.rules()["minor_to_major"]
    assert (rule.unit, rule.amount, rule.mode) == (Unit.DAYS, 10, Mode.WORKING)
    # a clock stored before units were kept reads in the rule book's unit
    old = SiteSettings.from_stored({"clocks": {"feedback": {"limit_minutes": 720, "mode": "working", "pausable": False}}})
    assert old.rules()["feedback"].unit is Unit.HOURS
    assert "clocks.feedback.unit" in SiteSettings().with_clock("feedback", ClockSetting(60, "calendar", False, "weeks")).problems()


def test_confirmed_years_are_stored_as_a_sorted_list():
    site = SiteSettings(confirmed_years=(2028, 2027))
    assert site.to_stored()["confirmed_years"] == [2027, 2028]
    assert SiteSettings.from_stored({"confirmed_years": [2027, "x", True]}).confirmed_years == ()
    assert SiteSettings.from_stored({"confirmed_years": [2028, 2027, 2027]}).confirmed_years == (2027, 2028)


def test_working_hours():
    assert SiteSettings().working_hours() == (time(0, 0), None)
    assert SiteSettings(work_day_start="08:30", work_day_end="17:30").working_hours() == (time(8, 30), time(17, 30))


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"clocks": {"feedback": ClockSetting(0, "calendar", False)}}, "clocks.feedback.limit_minutes"),
        ({"clocks": {"feedback": ClockSetting(-5, "calendar", False)}}, "clocks.feedback.limit_minutes"),
        ({"clocks": {"feedback": ClockSetting(math.inf, "calendar", False)}}, "clocks.feedback.limit_minutes"),
        ({"clocks": {"feedback": ClockSetting(math.nan, "calendar", False)}}, "clocks.feedback.limit_minutes"),
        ({"clocks": {"feedback": ClockSetting(60, "lunar", False)}}, "clocks.feedback.mode"),
        ({"clocks": {"nope": ClockSetting(60, "calendar", False)}}, "clocks.nope.key"),
        ({"work_day_start": "17:00", "work_day_end": "09:00"}, "work_day_end"),
        ({"work_day_start": "09:00", "work_day_end": "09:00"}, "work_day_end"),
        ({"work_day_start": "24:00"}, "work_day_start"),
        ({"work_day_start": "8h30"}, "work_day_start"),
        ({"work_day_end": "24:30"}, "work_day_end"),
        ({"clock_warn_fraction": 0}, "clock_warn_fraction"),
        ({"clock_warn_fraction": 1.0}, "clock_warn_fraction"),
        ({"profile": "hotel"}, "profile"),
        ({"lock_minutes": 0}, "lock_minutes"),
    ],
)
def test_problems_are_named_by_field(changes, field):
    assert field in replace(SiteSettings(), **changes).problems()


def test_a_whole_working_day_and_a_day_ending_at_midnight_are_accepted():
    assert replace(SiteSettings(), work_day_start="08:30", work_day_end="24:00").problems() == {}
    assert replace(SiteSettings(), work_day_start="00:00", work_day_end="17:30").problems() == {}


@pytest.mark.parametrize("limit", [math.inf, -math.inf, math.nan, 1e16, 10**16, 366 * 24 * 60 + 1])
def test_a_limit_that_is_not_finite_or_longer_than_a_year_is_refused(limit):
    site = SiteSettings().with_clock("feedback", ClockSetting(limit, "calendar", False))
    assert "clocks.feedback.limit_minutes" in site.problems()
    assert SiteSettings().with_clock("feedback", ClockSetting(366 * 24 * 60, "calendar", False)).problems() == {}


@pytest.mark.parametrize("limit", ["Infinity", "NaN", 1e16, 10**16, 1e300, -1])
def test_a_stored_limit_out_of_bounds_reads_as_the_rule_book(limit):
    # as the table keeps it; json writes float("inf") and float("nan") as Infinity and NaN
    raw = limit if isinstance(limit, str) else json.dumps(limit)
    stored = json.loads('{"clocks": {"feedback": {"limit_minutes": ' + raw + "}}}")
    site = SiteSettings.from_stored(stored)
    assert site.clock("feedback") == ClockSetting.of_rule(RULES["feedback"])
    assert site.rules()["feedback"] == RULES["feedback"]


@pytest.mark.parametrize(("field", "value"), [
    ("lock_minutes", 10**16), ("lock_minutes", 366 * 24 * 60 + 1), ("lock_after_failures", 10**9),
    ("archive_years", 10**6), ("lock_minutes", math.inf),
])
def test_absurd_numbers_are_refused_and_read_back_as_the_default(field, value):
    assert field in replace(SiteSettings(), **{field: value}).problems()
    stored = {field: value if math.isfinite(value) else 1e400}
    assert getattr(SiteSettings.from_stored(stored), field) == getattr(SiteSettings(), field)


@pytest.mark.parametrize(("field", "value"), [
    ("profile", "hotel"), ("work_day_start", "09:00"), ("clock_warn_fraction", 7.5), ("site_name", "花" * 51),
    ("form_revision", "A\x00"),
])
def test_every_stored_value_with_a_problem_reads_as_its_default(field, value):
    stored = {"work_day_start": "09:00", "work_day_end": "08:00"} if field == "work_day_start" else {field: value}
    site = SiteSettings.from_stored(stored)
    assert site.problems() == {}


@pytest.mark.parametrize(("field", "value"), [
    ("site_name", "花" * 51), ("site_name", "阳光\x07花园"), ("form_revision", "A\x00"), ("form_revision", "A" * 21),
])
def test_the_texts_printed_on_every_form_are_bounded_and_clean(field, value):
    assert field in replace(SiteSettings(), **{field: value}).problems()
