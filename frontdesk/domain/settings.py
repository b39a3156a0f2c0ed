"""The site's settings as one typed value, every setting with its declared default.

The ``settings`` table keeps one JSON value per key.  :meth:`SiteSettings.from_stored`
reads those values (an unknown key is ignored; a missing or unreadable one takes its
default) and :meth:`SiteSettings.to_stored` gives them back in the same form, so a
database written before this module reads the same.  The clocks (SPEC §2.4) are stored
as ``{clock key: {"limit_minutes": …, "unit": …, "mode": …, "pausable": …}}``: only the
clocks the administrator changed; the others keep the rule book's values.  The limit is
kept in minutes with the unit it was entered in ("days", "hours", "minutes"): in working
time a day counts one office day, not 24 hours.

:meth:`SiteSettings.problems` says what must be corrected before a save, keyed by
field (a clock's as ``"clocks.<key>.<field>"``); the settings service refuses a save
that has any.  No Qt and no database here.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from datetime import time
from types import MappingProxyType
from typing import Any

from frontdesk.domain.sla import RULES, UNIT_MINUTES, ClockRule, Mode, Unit, rules_with_settings
from frontdesk.domain.text import TextRule, text_problem
from frontdesk.domain.vocab import Profile
from frontdesk.i18n import N_, _

WHOLE_DAY_START, WHOLE_DAY_END = "00:00", "24:00"
MINUTES_PER_DAY = 24 * 60
#: The longest a clock (or a lock-out) may run: a limit beyond a year is a typing mistake and
#: would break the board, the rules and the printouts.
LIMIT_MAX_MINUTES = 366 * MINUTES_PER_DAY
#: Bounds of the whole numbers: (least, most).
NUMBER_BOUNDS = {"lock_after_failures": (1, 100), "lock_minutes": (1, LIMIT_MAX_MINUTES), "archive_years": (1, 100)}
#: Texts printed on every form.
TEXT_RULES = {"site_name": TextRule(50, N_("站点名称")), "form_revision": TextRule(20, N_("表单版本"))}
_TIME_OF_DAY = re.compile(r"(\d{1,2}):(\d{2})")


@dataclass(frozen=True)
class ClockSetting:
    """The administrator's choice for one clock: its limit and the unit it was entered in,
    calendar or working time, may it pause."""

    limit_minutes: float
    mode: str
    pausable: bool
    unit: str = ""  # "days", "hours" or "minutes"; empty: the rule book's unit for the clock

    @classmethod
    def of_rule(cls, rule: ClockRule) -> ClockSetting:
        """The rule book's own values for a clock."""
        return cls(rule.limit.total_seconds() / 60, str(rule.mode), rule.pausable, str(rule.unit))

    @property
    def amount(self) -> float:
        """The limit in its unit (10 for ten days)."""
        return self.limit_minutes / UNIT_MINUTES[Unit(self.unit)] if self.unit in set(Unit) else self.limit_minutes

    @classmethod
    def from_stored(cls, key: str, value: Mapping[str, Any]) -> ClockSetting:
        """A stored override of ``key``; a field it lacks keeps the rule book's value."""
        default = cls.of_rule(RULES[key])
        return cls(
            limit_minutes=float(value.get("limit_minutes", default.limit_minutes)),
            mode=str(value.get("mode", default.mode)),
            pausable=bool(value.get("pausable", default.pausable)),
            unit=str(value.get("unit", "")),
        )

    def to_stored(self) -> dict[str, Any]:
        limit = self.limit_minutes
        if isinstance(limit, float) and limit.is_integer():
            limit = int(limit)  # 90, not 90.0, as the settings were always written
        stored = {"limit_minutes": limit, "mode": self.mode, "pausable": self.pausable}
        return {**stored, "unit": self.unit} if self.unit else stored


def _no_clocks() -> Mapping[str, ClockSetting]:
    return MappingProxyType({})


@dataclass(frozen=True)
class SiteSettings:
    """Every site setting; the defaults are the ones a new database starts with."""

    profile: str = Profile.PROPERTY.value
    site_name: str = ""
    language: str = "zh_CN"
    lock_after_failures: int = 5  # wrong passwords in a row before an account is locked
    lock_minutes: int = 15
    form_revision: str = "A/0"  # printed on every form
    archive_years: int = 2
    clocks: Mapping[str, ClockSetting] = field(default_factory=_no_clocks)  # clock key → override
    clock_warn_fraction: float = 0.2  # amber when less than this part of a limit is left
    work_day_start: str = WHOLE_DAY_START  # "HH:MM"
    work_day_end: str = WHOLE_DAY_END  # "HH:MM", "24:00" for the end of the day
    #: Years whose public holidays and make-up days the administrator confirmed complete
    #: (the bundled calendar does not know next year until the State Council publishes it).
    confirmed_years: tuple[int, ...] = ()

    def __post_init__(self) -> None:
        # a copy behind a read-only view: ``replace(s, clocks={...})`` cannot be changed afterwards
        object.__setattr__(self, "clocks", MappingProxyType(dict(self.clocks)))

    # -- the stored form --------------------------------------------------------------------------

    @classmethod
    def from_stored(cls, stored: Mapping[str, Any]) -> SiteSettings:
        """The settings from the table's JSON values: unknown keys ignored, missing ones defaulted.

        A value this version would refuse to save (see :meth:`problems`; e.g. a limit of
        ``Infinity`` written before the checks) reads as its default too.
        """
        defaults = cls()
        values: dict[str, Any] = {}
        for f in fields(cls):
            if f.name not in stored:
                continue
            try:
                values[f.name] = _read(f.name, getattr(defaults, f.name), stored[f.name])
            except (TypeError, ValueError, AttributeError, OverflowError):
                continue  # an unreadable value keeps its default
        site = cls(**values)
        wrong = {key.split(".")[0] for key in site.problems()}  # a bad clock is already left out
        return replace(site, **{name: getattr(defaults, name) for name in wrong}) if wrong else site

    def to_stored(self) -> dict[str, Any]:
        """Every setting as the JSON value the table keeps under its key."""
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        values["clocks"] = {key: setting.to_stored() for key, setting in self.clocks.items()}
        values["confirmed_years"] = sorted(self.confirmed_years)
        return values

    # -- clocks and working hours -----------------------------------------------------------------

    def clock(self, key: str) -> ClockSetting:
        """The clock as it counts: the administrator's override, or the rule book's values."""
        return self.clocks.get(key) or ClockSetting.of_rule(RULES[key])

    def with_clock(self, key: str, setting: ClockSetting) -> SiteSettings:
        return replace(self, clocks={**self.clocks, key: setting})

    def rules(self) -> dict[str, ClockRule]:
        """The rule book with these settings applied."""
        return rules_with_settings({key: setting.to_stored() for key, setting in self.clocks.items()})

    def working_hours(self) -> tuple[time, time | None]:
        """(start, end) of a working day; an end of ``None`` is midnight at the end of the day."""
        start = _minute_of_day(self.work_day_start)
        end = _minute_of_day(self.work_day_end)
        if start is None or end is None:
            raise ValueError(f"bad working hours {self.work_day_start}-{self.work_day_end}")
        return _time(start) or time(0, 0), _time(end)

    # -- checks -----------------------------------------------------------------------------------

    def problems(self) -> dict[str, str]:
        """What must be corrected before these settings are saved: field → message."""
        errors: dict[str, str] = {}
        if self.profile not in set(Profile):
            errors["profile"] = _("请选择物业或汽车")
        for name, (least, most) in NUMBER_BOUNDS.items():
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < least:
                errors[name] = _("应为大于 0 的整数")
            elif value > most:
                errors[name] = _("不能大于 {n}").format(n=most)
        for name, rule in TEXT_RULES.items():
            problem = text_problem(getattr(self, name), rule)
            if problem:
                errors[name] = problem
        for key, setting in self.clocks.items():
            errors.update({f"clocks.{key}.{name}": message for name, message in _clock_problems(key, setting).items()})
        start = _minute_of_day(self.work_day_start)
        end = _minute_of_day(self.work_day_end)
        if start is None or start >= MINUTES_PER_DAY:
            errors["work_day_start"] = _("时间格式应为 时:分,例如 08:30")
        if end is None:
            errors["work_day_end"] = _("时间格式应为 时:分,例如 08:30")
        elif start is not None and end <= start:
            errors["work_day_end"] = _("下班时间必须晚于上班时间")
        if not (math.isfinite(self.clock_warn_fraction) and 0 < self.clock_warn_fraction < 1):
            errors["clock_warn_fraction"] = _("预警比例应在 1% 到 99% 之间")
        return errors


def _clock_problems(key: str, setting: ClockSetting) -> dict[str, str]:
    if key not in RULES:
        return {"key": _("没有这个时限")}
    errors: dict[str, str] = {}
    limit = setting.limit_minutes
    if isinstance(limit, bool) or not isinstance(limit, int | float) or not math.isfinite(limit) or limit <= 0:
        errors["limit_minutes"] = _("时限必须大于 0")
    elif limit > LIMIT_MAX_MINUTES:
        errors["limit_minutes"] = _("时限不能超过 366 天,请检查数字和单位")
    if setting.mode not in set(Mode):
        errors["mode"] = _("请选择自然时间或工作时间")
    if setting.unit and setting.unit not in set(Unit):
        errors["unit"] = _("请选择天、小时或分钟")
    return errors


def _read(name: str, default: Any, raw: Any) -> Any:
    """One stored value in the type of its default."""
    if name == "clocks":
        return _read_clocks(raw)
    if name == "confirmed_years":
        return tuple(sorted({int(y) for y in raw if not isinstance(y, bool) and 1900 < int(y) < 3000}))
    if isinstance(default, str):
        if not isinstance(raw, str):
            raise TypeError(name)
        if name in ("work_day_start", "work_day_end") and _minute_of_day(raw) is None:
            return default  # empty (once read as the whole day) or unreadable
        return raw
    if isinstance(raw, bool):
        raise TypeError(name)
    return type(default)(raw)


def _read_clocks(raw: Mapping[str, Any]) -> dict[str, ClockSetting]:
    """The stored overrides of the clocks the rule book knows; an unreadable or invalid one is left out."""
    clocks: dict[str, ClockSetting] = {}
    for key, value in raw.items():
        if key in RULES and isinstance(value, Mapping):
            try:
                setting = ClockSetting.from_stored(key, value)
            except (TypeError, ValueError):
                continue
            if not _clock_problems(key, setting):
                clocks[key] = setting
    return clocks


def _minute_of_day(text: str) -> int | None:
    """``"08:30"`` → 510, ``"24:00"`` → 1440; ``None`` for anything else."""
    match = _TIME_OF_DAY.fullmatch(text) if isinstance(text, str) else None
    if match is None:
        return None
    hours, minutes = int(match[1]), int(match[2])
    if minutes > 59 or hours > 24 or (hours == 24 and minutes):
        return None
    return hours * 60 + minutes


def _time(minute: int) -> time | None:
    return None if minute >= MINUTES_PER_DAY else time(minute // 60, minute % 60)
