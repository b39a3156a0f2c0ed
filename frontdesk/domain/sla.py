"""The clock engine (SPEC §2.4): every deadline computed from a record's event history.

Nothing here is stored: a clock is evaluated from the events (received, dispatched,
method written, resolved, paused, resumed …) with the rules in force, so a changed
limit or a pause never loses time already spent.  A clock met at exactly its limit
is met; one second later it is missed, and a deadline met late stays missed.
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
    only_major: bool = False  # counts only while the record is major
    only_minor: bool = False

    def with_settings(self, values: Mapping[str, object]) -> ClockRule:
        """The rule with the administrator's limit, mode and pause permission applied."""
        changes: dict[str, object] = {}
        if "limit_minutes" in values:
            changes["limit"] = timedelta(minutes=float(values["limit_minutes"]))  # type: ignore[arg-type]
        if "mode" in values:
            changes["mode"] = Mode(str(values["mode"]))
        if "pausable" in values:
            changes["pausable"] = bool(values["pausable"])
        return replace(self, **changes)


#: The clocks of SPEC §2.4 with their default limits (calendar time).
RULES: dict[str, ClockRule] = {
    rule.key: rule
    for rule in (
        ClockRule("feedback", N_("首次反馈客户"), ("received",), ("feedback", "resolved", "closed"),
                  timedelta(hours=24), N_("服务站")),
        # a new dispatch (escalation to another department) ends the previous department's clock
        ClockRule("handling_method", N_("处理方法"), ("dispatched",), ("method_written", "dispatched"),
                  timedelta(hours=1), N_("责任部门")),
        ClockRule("major_report", N_("重大投诉上报"), ("became_major",), ("reported_major",),
                  timedelta(minutes=10), N_("片区经理"), only_major=True),
        ClockRule("major_resolution", N_("重大投诉解决"), ("became_major",), ("resolved",),
                  timedelta(hours=12), N_("片区经理"), only_major=True),
        ClockRule("minor_to_major", N_("轻微转重大"), ("received",), ("resolved", "became_major", "closed"),
                  timedelta(days=10), N_("自动"), only_minor=True),
        ClockRule("callback", N_("回访"), ("resolved",), ("callback_done",),
                  timedelta(hours=24), N_("受理人/片区经理")),
        ClockRule("letter_reply", N_("联系函回复"), ("letter_sent",), ("letter_replied",),
                  timedelta(days=3), N_("收函部门")),
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

    Each start event opens an instance; the first stop event after it closes it.
    """
    rules = RULES if rules is None else rules
    calendar = calendar or WorkCalendar()
    ordered = sorted(events, key=lambda e: e.at)
    states: list[ClockState] = []
    for rule in rules.values():
        for index, start_event in enumerate(ordered):
            if start_event.kind not in rule.starts:
                continue
            stop = next((e for e in ordered[index:] if e.kind in rule.stops and e.at >= start_event.at
                         and e is not start_event), None)
            states.append(_state(rule, calendar, ordered, start_event, stop, now, warn_fraction))
    states.sort(key=lambda s: (s.deadline or datetime.max))
    return states


def _state(
    rule: ClockRule, calendar: WorkCalendar, events: Sequence[Event], start_event: Event,
    stop: Event | None, now: datetime, warn_fraction: float,
) -> ClockState:
    start = start_event.at
    limit = start_event.limit or rule.limit
    end = stop.at if stop is not None else now
    raw_pauses = _pauses_for(rule, events, start, stop.at if stop else None, now)
    open_pause = raw_pauses and raw_pauses[-1][1] is None and stop is None
    closed_pauses = [(lo, hi if hi is not None else end) for lo, hi in raw_pauses]
    spent = spent_between(rule, calendar, start, end, closed_pauses)
    if open_pause and spent < limit:
        # project the deadline as if the clock resumed now
        deadline = deadline_of(rule, calendar, now, limit - spent)
    else:  # (a clock paused after its time ran out keeps the moment it ran out)
        deadline = deadline_of(rule, calendar, start, limit, closed_pauses)
    if stop is not None:
        status = ClockStatus.MET if spent <= limit else ClockStatus.MISSED
    elif spent > limit:
        status = ClockStatus.OVERDUE
    elif open_pause:
        status = ClockStatus.PAUSED
    elif limit - spent <= limit * warn_fraction:
        status = ClockStatus.WARNING
    else:
        status = ClockStatus.RUNNING
    return ClockState(
        key=rule.key, label=_(rule.label), who=_(rule.who), started_at=start, deadline=deadline,
        stopped_at=stop.at if stop else None, limit=limit, spent=spent, status=status,
        mode=rule.mode, pauses=tuple(raw_pauses),
    )


def rules_with_settings(overrides: Mapping[str, Mapping[str, object]]) -> dict[str, ClockRule]:
    """The rule book with the administrator's per-clock settings applied."""
    return {key: rule.with_settings(overrides.get(key, {})) for key, rule in RULES.items()}


def describe_remaining(state: ClockState) -> str:
    """``剩余 3小时05分`` / ``超时 12分`` / ``已暂停`` for lists and the board."""
    if state.status is ClockStatus.PAUSED:
        return _("已暂停(剩余 {t})").format(t=format_duration(state.remaining))
    if state.status is ClockStatus.MET:
        return _("按时完成")
    if state.status is ClockStatus.MISSED:
        return _("超时完成(超 {t})").format(t=format_duration(-state.remaining))
    if state.remaining < timedelta(0):
        return _("已超时 {t}").format(t=format_duration(-state.remaining))
    return _("剩余 {t}").format(t=format_duration(state.remaining))


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
