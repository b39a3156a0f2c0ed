"""The clock engine (SPEC §2.4): every deadline computed from a record's event history.

Nothing here is stored: a clock is evaluated from the events (received, dispatched,
method written, resolved, reopened, paused, resumed …), so a pause never loses time
already spent.  A clock met at exactly its limit is met; one second later it is
missed, and a deadline met late stays missed.

- Each start event opens an instance of a clock; the first stop event after it stops it.
  A *resume* event after the stop (a failed verification reopens the complaint) starts
  it again from where it stood: the time in between does not count.  A *cancel* event
  ends it as no longer applying (a major complaint corrected to minor).
- A start event carries the rule in force when it happened (limit and its unit, calendar
  or working time, pause permission, office hours: ``Event.rules``), so a setting changed
  later never re-judges a clock that had started, let alone one that had finished.
- A limit keeps its unit: in working time, days count working days (a day is one working
  day, however long the office day is) and hours count working hours.
- A working-time clock that crosses a year whose holidays nobody has confirmed says so
  (``ClockState.unknown_years``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from enum import StrEnum

from frontdesk.domain.workcal import WorkCalendar
from frontdesk.i18n import N_, _


class Mode(StrEnum):
    CALENDAR = "calendar"
    WORKING = "working"


class ClockStatus(StrEnum):
    RUNNING = "running"  # time left, not yet near the end
    WARNING = "warning"  # amber: in the last part of its time
    OVERDUE = "overdue"  # red: missed and still open
    PAUSED = "paused"
    MET = "met"
    MISSED = "missed"  # stopped, but after the deadline
    CANCELLED = "cancelled"  # ended because it no longer applies (a major complaint corrected to minor)


class Unit(StrEnum):
    """The unit a limit is set in, and counted in: in working time a day is a working day."""

    MINUTES = "minutes"
    HOURS = "hours"
    DAYS = "days"


UNIT_MINUTES = {Unit.MINUTES: 1, Unit.HOURS: 60, Unit.DAYS: 1440}


#: A clock in one of these is still counting (or waiting, paused); the others have finished.
OPEN_CLOCK_STATUSES = (ClockStatus.RUNNING, ClockStatus.WARNING, ClockStatus.OVERDUE, ClockStatus.PAUSED)


@dataclass(frozen=True)
class ClockRule:
    """One clock of the rule book: when it starts and stops, its limit, how it counts."""

    key: str
    label: str
    starts: tuple[str, ...]  # event kinds that start it (each start is one instance)
    stops: tuple[str, ...]  # event kinds that stop the running instance
    limit: timedelta
    who: str = ""
    mode: Mode = Mode.CALENDAR
    pausable: bool = False
    only_major: bool = False  # applies only while the record is major
    only_minor: bool = False  # applies only while the record is minor
    unit: Unit = Unit.HOURS  # what the limit is set and counted in
    resumes: tuple[str, ...] = ()  # event kinds that start a stopped instance again, from where it stood
    cancels: tuple[str, ...] = ()  # event kinds that end a running instance as no longer applying
    who_major: str = ""  # who is responsible when the record is major, if someone else

    @property
    def amount(self) -> float:
        """The limit in its own unit (10 for ten days)."""
        return self.limit.total_seconds() / 60 / UNIT_MINUTES[self.unit]

    def counted_limit(self, calendar: WorkCalendar) -> timedelta:
        """The time the clock may run: in working time a day is one office day of the calendar."""
        if self.mode is Mode.WORKING and self.unit is Unit.DAYS:
            return calendar.day_length() * self.amount
        return self.limit

    def with_settings(self, values: Mapping[str, object]) -> ClockRule:
        """The rule with the administrator's limit (and its unit), mode and pause permission applied."""
        changes: dict[str, object] = {}
        if "limit_minutes" in values:
            changes["limit"] = timedelta(minutes=float(values["limit_minutes"]))  # type: ignore[arg-type]
        if values.get("unit") in set(Unit):
            changes["unit"] = Unit(str(values["unit"]))
        if "mode" in values:
            changes["mode"] = Mode(str(values["mode"]))
        if "pausable" in values:
            changes["pausable"] = bool(values["pausable"])
        return replace(self, **changes)

    def snapshot(self) -> dict[str, object]:
        """What a start event keeps of the rule, so that later settings do not re-judge the clock."""
        return {"limit_minutes": self.limit.total_seconds() / 60, "unit": str(self.unit), "mode": str(self.mode),
                "pausable": self.pausable}


#: The clocks of SPEC §2.4 with their default limits (calendar time).
RULES: dict[str, ClockRule] = {
    rule.key: rule
    for rule in (
        ClockRule("feedback", N_("首次反馈客户"), ("received",), ("feedback", "resolved", "closed"),
                  timedelta(hours=24), N_("服务站")),
        # a new dispatch (escalation to another department) ends the previous department's clock;
        # the method counts as written when the department's head has signed it (负责人签字确认)
        ClockRule("handling_method", N_("处理方法"), ("dispatched",), ("method_signed", "dispatched"),
                  timedelta(hours=1), N_("责任部门")),
        ClockRule("major_report", N_("重大投诉上报"), ("became_major",), ("reported_major",),
                  timedelta(minutes=10), N_("片区经理"), only_major=True, unit=Unit.MINUTES,
                  cancels=("became_minor",)),
        # resolved "reasonably" only when the customer accepts it: a failed verification resumes it
        ClockRule("major_resolution", N_("重大投诉解决"), ("became_major",), ("resolved",),
                  timedelta(hours=12), N_("片区经理"), only_major=True, resumes=("reopened",),
                  cancels=("became_minor",)),
        # criterion D: ten days from receipt, resumed by a failed verification, applying while minor
        ClockRule("minor_to_major", N_("轻微转重大"), ("received",), ("resolved", "closed"),
                  timedelta(days=10), N_("自动"), only_minor=True, unit=Unit.DAYS, resumes=("reopened",)),
        # a minor complaint is called back by whoever received it, by phone or WeChat; a major one by
        # the area manager, face to face
        ClockRule("callback", N_("回访"), ("resolved",), ("callback_done",),
                  timedelta(hours=24), N_("受理人(电话/微信)"), who_major=N_("片区经理(上门面谈)")),
        ClockRule("letter_reply", N_("联系函回复"), ("letter_sent",), ("letter_replied",),
                  timedelta(days=3), N_("收函部门"), unit=Unit.DAYS),
        ClockRule("repair_callback", N_("维修回访"), ("repair_completed",), ("repair_callback_done",),
                  timedelta(hours=24), N_("接单人")),
    )
}


@dataclass(frozen=True)
class Event:
    kind: str
    at: datetime
    clock: str = ""  # for paused / resumed: which clock ('' = every pausable clock)
    limit: timedelta | None = None  # a start event may carry its own limit (a dispatch's 处理时限)
    #: For a start event: clock key → the rule in force when it happened (``ClockRule.snapshot``,
    #: plus the office hours ``day_start`` / ``day_end``).  Empty for events recorded before rules
    #: were kept: those clocks count with the rules in force now.
    rules: Mapping[str, Mapping[str, object]] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class ClockState:
    key: str
    label: str
    who: str
    started_at: datetime
    deadline: datetime | None  # while paused: projected as if it resumed now
    stopped_at: datetime | None
    limit: timedelta
    spent: timedelta
    status: ClockStatus
    mode: Mode = Mode.CALENDAR
    pauses: tuple[tuple[datetime, datetime | None], ...] = field(default=())
    unit: Unit = Unit.HOURS
    amount: float = 0.0  # the limit as it was set, in its unit (10 for ten days)
    #: Whether the clock applies to the record as it now is (a minor-only clock on a major complaint does not).
    applies: bool = True
    #: Years the working-time span crosses whose holidays are not confirmed: its deadline may be off.
    unknown_years: tuple[int, ...] = ()
    #: Whether the rule in force when the clock started lets it be paused.
    pausable: bool = False
    #: "minor" or "major" for a clock that applies to one grade only.
    only: str = ""

    @property
    def remaining(self) -> timedelta:
        return self.limit - self.spent

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_CLOCK_STATUSES

    @property
    def fraction_left(self) -> float:
        total = self.limit.total_seconds()
        return max(0.0, self.remaining.total_seconds() / total) if total > 0 else 0.0


def _subtract(
    intervals: Iterable[tuple[datetime, datetime]], holes: Sequence[tuple[datetime, datetime]]
) -> Iterator[tuple[datetime, datetime]]:
    """``intervals`` minus the (sorted) ``holes``."""
    for lo, hi in intervals:
        cursor = lo
        for h_lo, h_hi in holes:
            if h_hi <= cursor or h_lo >= hi:
                continue
            if h_lo > cursor:
                yield cursor, h_lo
            cursor = max(cursor, h_hi)
            if cursor >= hi:
                break
        if cursor < hi:
            yield cursor, hi


def _active(
    rule: ClockRule, calendar: WorkCalendar, start: datetime, end: datetime | None,
    pauses: Sequence[tuple[datetime, datetime]],
) -> Iterator[tuple[datetime, datetime]]:
    """The stretches of time the clock runs, from ``start`` (up to ``end``)."""
    if rule.mode is Mode.WORKING:
        base: Iterable[tuple[datetime, datetime]] = calendar.intervals(start, end)
    else:
        base = [(start, end or datetime.max)]
    return _subtract(base, pauses)


def spent_between(
    rule: ClockRule, calendar: WorkCalendar, start: datetime, end: datetime,
    pauses: Sequence[tuple[datetime, datetime]] = (),
) -> timedelta:
    if end <= start:
        return timedelta(0)
    return sum((hi - lo for lo, hi in _active(rule, calendar, start, end, pauses)), timedelta(0))


def deadline_of(
    rule: ClockRule, calendar: WorkCalendar, start: datetime, limit: timedelta,
    pauses: Sequence[tuple[datetime, datetime]] = (),
) -> datetime:
    """The moment the clock has run ``limit`` from ``start``, skipping pauses and days off."""
    left = limit
    last = start
    for lo, hi in _active(rule, calendar, start, None, pauses):
        if hi - lo >= left:
            return lo + left
        left -= hi - lo
        last = hi
    return last


def _pauses_for(rule: ClockRule, events: Sequence[Event], start: datetime, end: datetime | None,
                now: datetime) -> list[tuple[datetime, datetime | None]]:
    if not rule.pausable:
        return []
    result: list[tuple[datetime, datetime | None]] = []
    paused_at: datetime | None = None
    for event in events:
        if event.clock not in ("", rule.key) or event.at < start or (end is not None and event.at > end):
            continue
        if event.kind == "paused" and paused_at is None:
            paused_at = event.at
        elif event.kind == "resumed" and paused_at is not None:
            result.append((paused_at, event.at))
            paused_at = None
    if paused_at is not None:
        result.append((paused_at, None))
    return result


def evaluate(
    events: Sequence[Event], now: datetime, rules: Mapping[str, ClockRule] | None = None,
    calendar: WorkCalendar | None = None, warn_fraction: float = 0.2,
) -> list[ClockState]:
    """Every clock instance the events start, with its state at ``now``.

    Each start event opens an instance; the first stop event after it stops it, a resume
    event after that starts it again, a cancel event ends it as no longer applying.
    """
    rules = RULES if rules is None else rules
    calendar = calendar or WorkCalendar()
    ordered = sorted(events, key=lambda e: e.at)
    states: list[ClockState] = []
    for rule in rules.values():
        for index, start_event in enumerate(ordered):
            if start_event.kind in rule.starts:
                states.append(_state(rule, calendar, ordered, index, now, warn_fraction))
    states.sort(key=lambda s: (s.deadline or datetime.max))
    return states


@dataclass(frozen=True)
class _Course:
    """What happened to one instance after its start: when it stopped for good, the stretches it
    stood stopped before it was resumed, and whether it was cancelled."""

    stopped: Event | None
    gaps: tuple[tuple[datetime, datetime], ...]
    cancelled: bool


def _course(rule: ClockRule, events: Sequence[Event], start_index: int) -> _Course:
    start = events[start_index]
    stopped: Event | None = _done_before(rule, events, start_index)
    gaps: list[tuple[datetime, datetime]] = []
    for event in events[start_index + 1:]:
        if event.at < start.at:
            continue
        if stopped is None:
            if event.kind in rule.cancels:
                return _Course(event, tuple(gaps), True)
            if event.kind in rule.stops:
                stopped = event
        elif event.kind in rule.resumes:
            gaps.append((stopped.at, event.at))
            stopped = None
        elif event.kind in rule.starts:
            break  # a new instance takes over from here
    return _Course(stopped, tuple(gaps), False)


def _done_before(rule: ClockRule, events: Sequence[Event], start_index: int) -> Event | None:
    """For a clock that can be resumed: a start on a record already done (a complaint made major
    after its work was completed) is met at once, and resumes if it is reopened later."""
    if not rule.resumes:
        return None
    for event in reversed(events[:start_index]):
        if event.kind in rule.resumes:
            return None
        if event.kind in rule.stops:
            return replace(event, at=events[start_index].at)
    return None


def _in_force(rule: ClockRule, calendar: WorkCalendar, start: Event) -> tuple[ClockRule, WorkCalendar]:
    """The rule and office hours as they were when the clock started (as now, for older records)."""
    kept = start.rules.get(rule.key)
    if not kept:
        return rule, calendar
    return rule.with_settings(kept), calendar.with_hours(kept.get("day_start"), kept.get("day_end"))


def major_at(events: Sequence[Event], moment: datetime) -> bool:
    """Whether the record was major at ``moment``, by its grade events."""
    grade_events = [e for e in events if e.kind in ("became_major", "became_minor") and e.at <= moment]
    return bool(grade_events) and grade_events[-1].kind == "became_major"


def _applies(rule: ClockRule, events: Sequence[Event], moment: datetime) -> bool:
    """Whether a minor-only or major-only clock applies to the record as it was at ``moment``."""
    if not (rule.only_major or rule.only_minor):
        return True
    major = major_at(events, moment)
    return major if rule.only_major else not major


def _state(
    rule: ClockRule, calendar: WorkCalendar, events: Sequence[Event], start_index: int, now: datetime,
    warn_fraction: float,
) -> ClockState:
    start_event = events[start_index]
    rule, calendar = _in_force(rule, calendar, start_event)
    start = start_event.at
    limit = start_event.limit or rule.counted_limit(calendar)
    course = _course(rule, events, start_index)
    stop = course.stopped
    end = stop.at if stop is not None else now
    raw_pauses = _pauses_for(rule, events, start, stop.at if stop else None, now)
    open_pause = raw_pauses and raw_pauses[-1][1] is None and stop is None
    holes = sorted([(lo, hi if hi is not None else end) for lo, hi in raw_pauses] + list(course.gaps))
    spent = spent_between(rule, calendar, start, end, holes)
    if open_pause and spent < limit:
        # project the deadline as if the clock resumed now
        deadline = deadline_of(rule, calendar, now, limit - spent)
    else:  # (a clock paused after its time ran out keeps the moment it ran out)
        deadline = deadline_of(rule, calendar, start, limit, holes)
    if course.cancelled:
        status = ClockStatus.CANCELLED
    elif stop is not None:
        status = ClockStatus.MET if spent <= limit else ClockStatus.MISSED
    elif spent > limit:
        status = ClockStatus.OVERDUE
    elif open_pause:
        status = ClockStatus.PAUSED
    elif limit - spent <= limit * warn_fraction:
        status = ClockStatus.WARNING
    else:
        status = ClockStatus.RUNNING
    last = stop.at if stop is not None else max(now, deadline) if deadline else now
    moment = stop.at if stop is not None else now
    who = rule.who_major if rule.who_major and major_at(events, moment) else rule.who
    return ClockState(
        key=rule.key, label=_(rule.label), who=_(who), started_at=start, deadline=deadline,
        stopped_at=stop.at if stop else None, limit=limit, spent=spent, status=status,
        mode=rule.mode, pauses=tuple(raw_pauses), unit=rule.unit,
        amount=start_event.limit.total_seconds() / 60 / UNIT_MINUTES[rule.unit] if start_event.limit else rule.amount,
        applies=_applies(rule, events, moment),
        unknown_years=calendar.unknown_years(start, last) if rule.mode is Mode.WORKING else (),
        pausable=rule.pausable,
        only="minor" if rule.only_minor else "major" if rule.only_major else "",
    )


def rules_with_settings(overrides: Mapping[str, Mapping[str, object]]) -> dict[str, ClockRule]:
    """The rule book with the administrator's per-clock settings applied."""
    return {key: rule.with_settings(overrides.get(key, {})) for key, rule in RULES.items()}


def not_applying_words(state: ClockState) -> str:
    """Why a one-grade clock no longer counts ("" while it applies): a fired ten-day clock
    reads as the upgrade it caused, never as met."""
    if state.status is ClockStatus.CANCELLED:
        return _("不再适用")
    if state.applies:
        return ""
    if state.only == "minor":
        return _("已转为重大投诉") if state.spent > state.limit else _("不适用(重大投诉)")
    return _("不适用(已改为轻微投诉)")


def calendar_note(state: ClockState) -> str:
    """Said beside a working-time deadline that crosses a year whose holidays are not confirmed."""
    if not state.unknown_years:
        return ""
    return _("{years} 年节假日未确认,期限可能不准").format(years="、".join(str(y) for y in state.unknown_years))


def describe_remaining(state: ClockState) -> str:
    """``剩余 3小时05分`` / ``超时 12分`` / ``已暂停`` for lists and the board (with the calendar's
    note when a year it crosses is not confirmed)."""
    words = not_applying_words(state) or _remaining_words(state)
    note = calendar_note(state) if state.is_open else ""
    return _("{words}({note})").format(words=words, note=note) if note else words


def _remaining_words(state: ClockState) -> str:
    if state.status is ClockStatus.PAUSED:
        return _("已暂停(剩余 {t})").format(t=format_duration(state.remaining))
    if state.status is ClockStatus.MET:
        return _("按时完成")
    if state.status is ClockStatus.MISSED:
        return _("超时完成(超 {t})").format(t=format_duration(-state.remaining))
    if state.remaining < timedelta(0):
        return _("已超时 {t}").format(t=format_duration(-state.remaining))
    return _("剩余 {t}").format(t=format_duration(state.remaining))


def limit_words(state: ClockState) -> str:
    """The limit as it was set: ``10 天``, ``10 个工作日``, ``24 小时``, ``24 个工作小时``, ``10 分钟``."""
    amount = f"{state.amount:g}"
    working = state.mode is Mode.WORKING
    if state.unit is Unit.DAYS:
        return (_("{n} 个工作日") if working else _("{n} 天")).format(n=amount)
    if state.unit is Unit.HOURS:
        return (_("{n} 个工作小时") if working else _("{n} 小时")).format(n=amount)
    return _("{n} 分钟").format(n=amount)


def format_duration(value: timedelta) -> str:
    seconds = int(value.total_seconds())
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    if days:
        return _("{d}天{h}小时").format(d=days, h=hours)
    if hours:
        return _("{h}小时{m:02d}分").format(h=hours, m=minutes)
    if minutes:
        return _("{m}分{s:02d}秒").format(m=minutes, s=secs)
    return _("{s}秒").format(s=secs)
