"""Deadlines of complaints and letters: the clock engine fed from the database.

The rules come from :data:`frontdesk.domain.sla.RULES` with the administrator's settings
(limit and its unit, calendar or working time, whether a pause is allowed) applied; the
working-time calendar is Chinese public holidays with the administrator's own corrections.
Every event that starts a clock keeps the rule in force at that moment, so a setting
changed later does not re-judge it (see docs/deadlines.md for the rules as the app applies them).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from frontdesk.db.engine import Database
from frontdesk.db.models import Complaint, ComplaintEvent, Department, Holiday, Letter
from frontdesk.domain.complaint import grade_reason
from frontdesk.domain.disposition import validate_pause_reason
from frontdesk.domain.errors import NotFound, PermissionDenied, ValidationFailed
from frontdesk.domain.permissions import Perm
from frontdesk.domain.settings import ClockSetting
from frontdesk.domain.sla import (
    ClockRule,
    ClockState,
    ClockStatus,
    Event,
    evaluate,
    limit_words,
)
from frontdesk.domain.types import Actor, BoardItem
from frontdesk.domain.vocab import STATUSES_WITH_CLOCKS, Grade
from frontdesk.domain.wallclock import now as clock_now
from frontdesk.domain.workcal import WorkCalendar
from frontdesk.i18n import _
from frontdesk.services import audit, settings
from frontdesk.services.access import require

SYSTEM = None  # history entries written by the app itself carry no user

OPEN_LETTER_STATUSES = ("sent", "received")


# -- rules and calendar --------------------------------------------------------------------------

def rules_in(session: Session) -> dict[str, ClockRule]:
    return settings.load_in(session).rules()


def warn_fraction_in(session: Session) -> float:
    return settings.load_in(session).clock_warn_fraction


def calendar_in(session: Session) -> WorkCalendar:
    overrides = {
        row.day.date(): row.is_workday for row in session.execute(select(Holiday)).scalars()
    }
    values = settings.load_in(session)
    start, end = values.working_hours()
    return WorkCalendar(overrides=overrides, day_start=start, day_end=end,
                        confirmed_years=frozenset(values.confirmed_years))


def calendar(db: Database) -> WorkCalendar:
    with db.read() as session:
        return calendar_in(session)


def rules(db: Database) -> dict[str, ClockRule]:
    with db.read() as session:
        return rules_in(session)


def set_rule(
    db: Database, actor: Actor, key: str, *, limit_minutes: float, mode: str, pausable: bool, unit: str = "",
) -> None:
    """The administrator changes one clock.  Clocks already running keep the rule they started
    with; the new one applies from the next start.  ``unit`` is the unit the limit was entered
    in (a working-time day is one office day); empty keeps the rule book's unit.

    A field error names the field alone (``"limit_minutes"``), not the clock.
    """
    loaded = settings.load(db)
    new = loaded.with_clock(key, ClockSetting(limit_minutes, str(mode), bool(pausable), str(unit)))
    try:
        settings.save(db, actor, new, base=loaded)
    except ValidationFailed as exc:
        prefix = f"clocks.{key}."
        raise ValidationFailed({name.removeprefix(prefix): message for name, message in exc.fields.items()}) from exc


def set_work_hours(db: Database, actor: Actor, start: str, end: str, warn_fraction: float) -> None:
    """The working day ("HH:MM", an end of "24:00" for the whole day) and the warning fraction."""
    loaded = settings.load(db)
    settings.save(db, actor, replace(loaded, work_day_start=start, work_day_end=end, clock_warn_fraction=warn_fraction),
                  base=loaded)


# -- holidays --------------------------------------------------------------------------------------

def confirm_year(db: Database, actor: Actor, year: int, confirmed: bool = True) -> None:
    """The administrator says the holidays and make-up days of ``year`` are all entered
    (or takes that back); until then deadlines in working time that cross it say so."""
    with db.write() as session:
        _confirm_in(session, require(session, actor, Perm.ADMIN), year, confirmed)


def _confirm_in(session: Session, actor: Actor, year: int, confirmed: bool) -> None:
    before = settings.load_in(session).confirmed_years
    after = tuple(sorted(set(before) | {year} if confirmed else set(before) - {year}))
    if after != before:
        settings.put_in(session, "confirmed_years", list(after))
        audit.record(session, actor, "update", "settings", None, "confirmed_years",
                     json.dumps(list(before)), json.dumps(list(after)))


def set_year_schedule(
    db: Database, actor: Actor, year: int, days: Mapping[date, tuple[bool, str]], *, confirmed: bool = True,
) -> None:
    """Enter a whole year's schedule at once (when the State Council publishes it): every day
    given (day → is a working day, name) replaces that year's corrections, in one unit of work,
    and the year counts as known when ``confirmed``."""
    wrong = sorted(d for d in days if d.year != year)
    if wrong:
        raise ValidationFailed({"days": _("{day} 不在 {year} 年内").format(day=wrong[0].isoformat(), year=year)})
    with db.write() as session:
        actor = require(session, actor, Perm.ADMIN)
        existing = {row.day.date(): row for row in session.execute(
            select(Holiday).where(Holiday.day >= datetime(year, 1, 1), Holiday.day < datetime(year + 1, 1, 1))
        ).scalars()}
        for day, row in existing.items():
            if day not in days:
                session.delete(row)
                audit.record(session, actor, "delete", "holidays", None, day.isoformat(),
                             "workday" if row.is_workday else "holiday", "")
        for day, (is_workday, name) in sorted(days.items()):
            row = existing.get(day)
            new = ("workday" if is_workday else "holiday") + (f" {name.strip()}" if name.strip() else "")
            if row is None:
                session.add(Holiday(day=datetime.combine(day, time.min), is_workday=is_workday, name=name.strip()))
                audit.record(session, actor, "update", "holidays", None, day.isoformat(), "", new)
            elif (row.is_workday, row.name) != (is_workday, name.strip()):
                old = "workday" if row.is_workday else "holiday"
                row.is_workday, row.name = is_workday, name.strip()
                audit.record(session, actor, "update", "holidays", None, day.isoformat(), old, new)
        _confirm_in(session, actor, year, confirmed)


def years_to_confirm(db: Database, moment: datetime | None = None) -> list[int]:
    """This year and, from December, next year, when neither the bundled calendar nor the
    administrator knows their holidays: what the administrator is warned about."""
    moment = moment or clock_now()
    cal = calendar(db)
    years = [moment.year] + ([moment.year + 1] if moment.month == 12 else [])
    return [y for y in years if not cal.knows_year(y)]


def holidays(db: Database, year: int) -> list[tuple[date, bool, str]]:
    """The administrator's corrections for ``year``: (day, is a working day, name)."""
    with db.read() as session:
        rows = session.execute(
            select(Holiday).where(Holiday.day >= datetime(year, 1, 1), Holiday.day < datetime(year + 1, 1, 1))
            .order_by(Holiday.day)
        ).scalars()
        return [(r.day.date(), r.is_workday, r.name) for r in rows]


def set_holiday(db: Database, actor: Actor, day: date, is_workday: bool, name: str = "") -> None:
    with db.write() as session:
        actor = require(session, actor, Perm.ADMIN)
        key = datetime.combine(day, time.min)
        row = session.get(Holiday, key)
        old = "" if row is None else ("workday" if row.is_workday else "holiday")
        if row is None:
            session.add(Holiday(day=key, is_workday=is_workday, name=name.strip()))
        else:
            row.is_workday, row.name = is_workday, name.strip()
        audit.record(session, actor, "update", "holidays", None, day.isoformat(), old,
                     ("workday" if is_workday else "holiday") + (f" {name.strip()}" if name.strip() else ""))


def remove_holiday(db: Database, actor: Actor, day: date) -> None:
    with db.write() as session:
        actor = require(session, actor, Perm.ADMIN)
        row = session.get(Holiday, datetime.combine(day, time.min))
        if row is None:
            return
        old = "workday" if row.is_workday else "holiday"
        session.delete(row)
        audit.record(session, actor, "delete", "holidays", None, day.isoformat(), old, "")


# -- complaint clocks ------------------------------------------------------------------------------

def events_in(session: Session, complaint_id: int) -> list[Event]:
    rows = session.execute(
        select(ComplaintEvent).where(ComplaintEvent.complaint_id == complaint_id)
        .order_by(ComplaintEvent.at, ComplaintEvent.id)
    ).scalars()
    return [_event(row) for row in rows]


def _event(row: ComplaintEvent) -> Event:
    data = json.loads(row.data) if row.data else {}
    limit = data.get("limit_minutes")
    return Event(kind=row.kind, at=row.at, clock=data.get("clock", ""),
                 limit=timedelta(minutes=limit) if limit else None, rules=data.get("rules") or {})


#: Clocks that belong to other records: a letter's reply clock is the letter's own (a complaint
#: only notes that a letter went out), and a repair's callback is the repair order's.
_NOT_COMPLAINT_CLOCKS = ("letter_reply", "repair_callback")


def rules_kept(session: Session, kind: str) -> dict[str, dict[str, object]]:
    """For an event of ``kind``: clock key → the rule in force now, for every clock it starts."""
    values = settings.load_in(session)
    hours = {"day_start": values.work_day_start, "day_end": values.work_day_end}
    return {key: {**rule.snapshot(), **hours}
            for key, rule in complaint_rules(values.rules()).items() if kind in rule.starts}


def complaint_rules(rule_book: dict[str, ClockRule]) -> dict[str, ClockRule]:
    return {key: rule for key, rule in rule_book.items() if key not in _NOT_COMPLAINT_CLOCKS}


def clocks_in(session: Session, complaint_id: int, moment: datetime | None = None) -> list[ClockState]:
    return evaluate(events_in(session, complaint_id), moment or clock_now(), complaint_rules(rules_in(session)),
                    calendar_in(session), warn_fraction_in(session))


def complaint_clocks(db: Database, actor: Actor, complaint_id: int, moment: datetime | None = None) -> list[ClockState]:
    with db.read() as session:
        require(session, actor, Perm.COMPLAINT_VIEW)
        if session.get(Complaint, complaint_id) is None:
            raise NotFound(_("找不到这条投诉"))
        return clocks_in(session, complaint_id, moment)


def add_event(
    session: Session, actor: Actor | None, complaint_id: int, kind: str, at: datetime | None = None, **data: object
) -> ComplaintEvent:
    """Append a step to a complaint's life (inside the caller's unit of work).

    An event that starts clocks keeps the rules in force now (limit and unit, calendar or
    working time, pause permission, office hours) for each of them.
    """
    kept = rules_kept(session, kind)
    if kept:
        data["rules"] = kept
    event = ComplaintEvent(
        complaint_id=complaint_id, kind=kind, at=at or clock_now(), user_id=actor.id if actor else None,
        data=json.dumps(data, ensure_ascii=False, default=str) if data else "",
    )
    session.add(event)
    session.flush()
    return event


def pause(db: Database, actor: Actor, complaint_id: int, clock_key: str, reason: str) -> None:
    """Stop a clock while waiting for the customer; only where the administrator allows it."""
    with db.write() as session:
        actor = require(session, actor, Perm.COMPLAINT_EDIT)
        errors = validate_pause_reason(reason)
        if errors:
            raise ValidationFailed(errors)
        state = _open_state(session, complaint_id, clock_key)
        if state is None or _is_paused(state):
            raise ValidationFailed({"clock": _("这个时限没有在计时,无需暂停")})
        if not state.pausable:  # the permission in force when this clock started
            raise PermissionDenied(message=_(
                "这个时限开始计时时管理员未允许暂停,不能暂停;管理员在“时限设置”中开启后,新开始的时限可以暂停"))
        add_event(session, actor, complaint_id, "paused", clock=clock_key, reason=reason.strip())
        audit.record(session, actor, "pause", "complaints", complaint_id, clock_key, "", reason.strip())


def resume(db: Database, actor: Actor, complaint_id: int, clock_key: str, note: str = "") -> None:
    """The clock counts again; ``note`` (optional) says why, e.g. 客户已回来."""
    with db.write() as session:
        actor = require(session, actor, Perm.COMPLAINT_EDIT)
        errors = validate_pause_reason(note) if note.strip() else {}
        if errors:
            raise ValidationFailed({"note": errors["reason"]})
        state = _open_state(session, complaint_id, clock_key)
        if state is None or not _is_paused(state):
            raise ValidationFailed({"clock": _("这个时限没有暂停")})
        add_event(session, actor, complaint_id, "resumed", clock=clock_key, note=note.strip())
        audit.record(session, actor, "resume", "complaints", complaint_id, clock_key, "", note.strip())


def _open_state(session: Session, complaint_id: int, clock_key: str) -> ClockState | None:
    return next((s for s in clocks_in(session, complaint_id) if s.key == clock_key and s.is_open), None)


def _is_paused(state: ClockState) -> bool:
    """An open pause, also on a clock already past its deadline (shown red, not as paused)."""
    return bool(state.pauses) and state.pauses[-1][1] is None


# -- automatic upgrade (criterion D) ---------------------------------------------------------------

#: How far ahead of this PC's clock the day-10 job may be asked to run (another PC's clock).
UPGRADE_CLOCK_TOLERANCE = timedelta(minutes=1)


def apply_automatic_upgrades(db: Database, actor: Actor, moment: datetime | None = None) -> list[str]:
    """Minor complaints not reasonably resolved within 10 days become major by themselves
    (criterion D); returns their numbers.

    Run by the board of any signed-in user who may see complaints, at the present moment
    (a moment ahead of now would upgrade complaints before their time).  Due one second after
    the ten days have run, like every clock.  The upgrade is dated when it is applied, so that
    the area manager's 10-minute report clock starts then; when it is applied late (the app
    was closed on day 10) the record says when it fell due.  The history names the app
    itself, not the user whose board ran it.
    """
    present = clock_now()
    moment = moment or present
    if moment > present + UPGRADE_CLOCK_TOLERANCE:
        raise PermissionDenied(message=_("自动转为重大只能按当前时间执行;请检查本机的日期和时间是否正确"))
    with db.read() as session:  # finding them takes no write lock: other PCs keep saving
        require(session, actor, Perm.COMPLAINT_VIEW)
        due = _due_upgrades(session, moment)
    if not due:
        return []
    upgraded: list[str] = []
    with db.write() as session:
        require(session, actor, Perm.COMPLAINT_VIEW)
        for complaint_id, state in due:
            complaint = session.get(Complaint, complaint_id)
            if complaint is None or complaint.grade != Grade.MINOR:
                continue  # changed since it was read
            before = (complaint.grade, complaint.major_criteria, complaint.grade_reason)
            complaint.grade = Grade.MAJOR
            complaint.major_criteria = "".join(sorted(set(complaint.major_criteria) | {"D"}))
            complaint.grade_reason = _upgrade_reason(complaint.major_criteria, state, moment)
            complaint.updated_at = moment
            session.flush()
            add_event(session, None, complaint.id, "became_major", at=moment, reason="D", due_at=state.deadline)
            for field_name, old, new in zip(
                ("grade", "major_criteria", "grade_reason"), before,
                (complaint.grade, complaint.major_criteria, complaint.grade_reason), strict=True,
            ):
                audit.record(session, None, "auto_upgrade", "complaints", complaint.id, field_name, old, new)
            upgraded.append(complaint.number)
    return upgraded


def undo_disproved_upgrade(session: Session, complaint: Complaint, completed_at: datetime, moment: datetime) -> bool:
    """A result entered late with a completion time inside the ten days disproves the automatic
    upgrade made meanwhile: criterion D is withdrawn (and the grade goes back to minor when no
    other criterion holds), the major clocks end, and the history says why.  Returns whether it did."""
    if "D" not in complaint.major_criteria or criterion_d_applies(session, complaint.id, moment):
        return False
    automatic = [e for e in session.execute(
        select(ComplaintEvent).where(ComplaintEvent.complaint_id == complaint.id,
                                     ComplaintEvent.kind == "became_major", ComplaintEvent.user_id.is_(None))
    ).scalars() if json.loads(e.data or "{}").get("reason") == "D"]
    if not automatic:
        return False  # D was chosen by hand: the person who chose it corrects it
    before = (complaint.grade, complaint.major_criteria, complaint.grade_reason)
    complaint.major_criteria = complaint.major_criteria.replace("D", "")
    complaint.grade = Grade.MAJOR if complaint.major_criteria else Grade.MINOR
    why = _("完成时间 {done} 在 10 天期限内,系统撤销自动转为重大").format(done=completed_at.strftime("%Y-%m-%d %H:%M"))
    complaint.grade_reason = (grade_reason(complaint.grade, complaint.major_criteria) + ";" + why).lstrip(";")
    complaint.updated_at = moment
    if complaint.grade == Grade.MINOR:
        add_event(session, None, complaint.id, "became_minor", at=moment, reason="D_withdrawn")
    for field_name, old, new in zip(
        ("grade", "major_criteria", "grade_reason"), before,
        (complaint.grade, complaint.major_criteria, complaint.grade_reason), strict=True,
    ):
        if old != new:
            audit.record(session, None, "auto_upgrade_undone", "complaints", complaint.id, field_name, old, new)
    return True


def _upgrade_reason(criteria: str, state: ClockState, moment: datetime) -> str:
    due = state.deadline
    text = _("{reason}(受理后 {limit}仍未合理解决,于 {due} 到期").format(
        reason=grade_reason(Grade.MAJOR, criteria), limit=limit_words(state),
        due=due.strftime("%Y-%m-%d %H:%M") if due else "")
    if due is not None and moment - due > timedelta(minutes=1):
        return text + _(",系统于 {at} 自动转为重大)").format(at=moment.strftime("%Y-%m-%d %H:%M"))
    return text + _(",系统自动转为重大)")


def _fell_due(state: ClockState | None) -> bool:
    """Ten days ran out on a minor complaint: open and past, or resolved only afterwards."""
    return state is not None and state.applies and state.status in (ClockStatus.OVERDUE, ClockStatus.MISSED)


def criterion_d_applies(session: Session, complaint_id: int, moment: datetime) -> bool:
    """Whether a complaint, taken as minor, has been unresolved for ten days (criterion D)."""
    rule = rules_in(session)["minor_to_major"]
    events = [e for e in events_in(session, complaint_id) if e.kind not in ("became_major", "became_minor")]
    states = evaluate(events, moment, {rule.key: rule}, calendar_in(session))
    return any(s.status in (ClockStatus.OVERDUE, ClockStatus.MISSED) for s in states)


def _due_upgrades(session: Session, moment: datetime) -> list[tuple[int, ClockState]]:
    """(complaint id, its 10-day clock) for every minor complaint past day 10."""
    # The open complaints are few; select them by status alone so that the status index is
    # used (grade and validity would each match most of a large register), then narrow.
    # Resolved ones too: one resolved on day 11 while the app was closed was still
    # unresolved on day 10 (its clock stays missed).
    open_rows = session.execute(
        select(Complaint.id, Complaint.grade, Complaint.validity)
        .where(Complaint.status.in_(STATUSES_WITH_CLOCKS))
    ).all()
    ids = [r.id for r in open_rows if r.grade == Grade.MINOR and r.validity == "valid"]
    rule = rules_in(session)["minor_to_major"]
    cal = calendar_in(session)
    events_by_complaint = _events_for(session, ids)
    due: list[tuple[int, ClockState]] = []
    for complaint_id in ids:
        states = evaluate(events_by_complaint.get(complaint_id, []), moment, {rule.key: rule}, cal)
        state = next((s for s in states if _fell_due(s)), None)
        if state is not None:
            due.append((complaint_id, state))
    return due


# -- the board -------------------------------------------------------------------------------------

def board(db: Database, actor: Actor, moment: datetime | None = None) -> list[BoardItem]:
    """Every open deadline across open complaints and letters, least time left first."""
    moment = moment or clock_now()
    items: list[BoardItem] = []
    with db.read() as session:
        require(session, actor, Perm.COMPLAINT_VIEW)
        rule_book = rules_in(session)
        cal = calendar_in(session)
        warn = warn_fraction_in(session)
        departments = dict(session.execute(select(Department.id, Department.name)).all())
        complaints = session.execute(
            select(Complaint.id, Complaint.number, Complaint.complainant, Complaint.department_id)
            .where(Complaint.status.in_(STATUSES_WITH_CLOCKS))
        ).all()
        events_by_complaint = _events_for(session, [c.id for c in complaints])
        for c in complaints:
            for state in evaluate(events_by_complaint.get(c.id, []), moment, complaint_rules(rule_book), cal, warn):
                if state.is_open and state.applies:
                    items.append(BoardItem("complaint", c.id, c.number, c.complainant,
                                           departments.get(c.department_id, ""), state))
        letter_rule = rule_book["letter_reply"]
        letters = session.execute(select(Letter).where(Letter.status.in_(OPEN_LETTER_STATUSES))).scalars()
        for letter in letters:
            for state in letter_clocks(letter, moment, letter_rule, cal, warn):
                if state.is_open:
                    items.append(BoardItem("letter", letter.id, letter.number, letter.subject,
                                           departments.get(letter.to_department_id, ""), state))
    items.sort(key=lambda item: item.clock.remaining)
    return items


def letter_clocks(
    letter: Letter, moment: datetime, rule: ClockRule, cal: WorkCalendar, warn: float = 0.2
) -> list[ClockState]:
    """The reply clock of a letter: from sending to its own 回复期限."""
    events = [Event("letter_sent", letter.sent_at, limit=letter.reply_due - letter.sent_at)]
    if letter.replied_at is not None:
        events.append(Event("letter_replied", letter.replied_at))
    calendar_rule = ClockRule(rule.key, rule.label, rule.starts, rule.stops, rule.limit, rule.who)
    return evaluate(events, moment, {rule.key: calendar_rule}, cal, warn)


def _events_for(session: Session, complaint_ids: Sequence[int]) -> dict[int, list[Event]]:
    result: dict[int, list[Event]] = {}
    for start in range(0, len(complaint_ids), 500):
        chunk = list(complaint_ids[start:start + 500])
        rows = session.execute(
            select(ComplaintEvent).where(ComplaintEvent.complaint_id.in_(chunk))
            .order_by(ComplaintEvent.at, ComplaintEvent.id)
        ).scalars()
        for row in rows:
            result.setdefault(row.complaint_id, []).append(_event(row))
    return result


def counts(items: Sequence[BoardItem]) -> dict[str, int]:
    """How many board items are amber and red (for the navigation and the tray)."""
    warning = sum(1 for i in items if i.clock.status.value == "warning")
    overdue = sum(1 for i in items if i.clock.status.value == "overdue")
    return {"warning": warning, "overdue": overdue, "total": len(items)}
