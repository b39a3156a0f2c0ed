"""Work contact letters — 《工作联系函》 Z-QR-025 (SPEC §3).

A letter goes from one department to one addressee department, with copies, a
reply deadline and, often, a linked complaint.  The receiving department signs
for it and replies; a leader (the supervisor or an area manager) adds an opinion.
States are sent → received → replied; *overdue* is never stored but derived from
the reply clock (:func:`frontdesk.services.deadlines.letter_clocks`), so a reply
written after the deadline is kept and its clock stays missed.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from sqlalchemy import or_, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from frontdesk.db.engine import Database
from frontdesk.db.models import Complaint, Department, Letter, User
from frontdesk.domain.errors import NotFound, PermissionDenied, StaleRecord, ValidationFailed
from frontdesk.domain.letter import (
    OVERDUE,
    RECEIVED,
    REPLIED,
    SENT,
    STATUSES,
    Direction,
    LetterEntry,
    LetterInput,
    may_answer,
    may_give_opinion,
    may_read,
    may_write,
    may_write_from,
    validate_letter,
    validate_text,
)
from frontdesk.domain.numbering import letter_number, period_of
from frontdesk.domain.permissions import Perm, can, is_scoped
from frontdesk.domain.progress import Progress
from frontdesk.domain.sla import ClockState, ClockStatus
from frontdesk.domain.types import Actor, HistoryItem, LetterView, Printout
from frontdesk.domain.wallclock import now
from frontdesk.i18n import _
from frontdesk.services import audit, deadlines, exports, settings
from frontdesk.services.access import current
from frontdesk.services.complaints import next_number

TABLE = "letters"


def _department_code(department: Department) -> str:
    return department.code.strip() or f"D{department.id:02d}"


# -- use cases ----------------------------------------------------------------------------------

def create(db: Database, actor: Actor, form: LetterInput) -> LetterView:
    """Send a letter: numbered per sending department, the reply clock starts now."""
    moment = now()
    errors = validate_letter(form, moment)
    with db.write() as session:
        actor = current(session, actor)
        if not may_write(actor):
            raise PermissionDenied(_("发联系函"))
        if not may_write_from(actor, form.from_department_id):
            raise PermissionDenied(_("部门处理人只能以本部门名义发函"))
        sender = session.get(Department, form.from_department_id) if form.from_department_id else None
        if form.from_department_id is not None and sender is None:
            errors["from_department_id"] = _("发函部门不存在,请重新选择")
        if form.to_department_id is not None and session.get(Department, form.to_department_id) is None:
            errors.setdefault("to_department_id", _("收函部门不存在,请重新选择"))
        complaint = session.get(Complaint, form.complaint_id) if form.complaint_id is not None else None
        if form.complaint_id is not None and complaint is None:
            errors["complaint_id"] = _("关联的投诉不存在,请重新选择或不关联")
        if errors:
            raise ValidationFailed(errors)
        assert sender is not None and form.reply_due is not None
        code = _department_code(sender)
        period = period_of(moment)
        sequence, _text = next_number(session, code, period)
        letter = Letter(
            number=letter_number(code, period, sequence), complaint_id=form.complaint_id,
            from_department_id=sender.id, handler_id=actor.id, issuer_name=form.issuer_name.strip(),
            to_department_id=form.to_department_id, copies=form.copies.strip(), sent_at=moment,
            subject=form.subject.strip(), body=form.body.strip(), requirement=form.requirement.strip(),
            reply_due=form.reply_due, status=SENT,
        )
        session.add(letter)
        session.flush()
        audit.record(session, actor, "create", TABLE, letter.id, "number", "", letter.number, at=moment)
        for name in ("from_department_id", "to_department_id", "issuer_name", "copies", "subject", "body",
                     "requirement", "reply_due", "complaint_id"):
            value = getattr(letter, name)
            if value not in (None, ""):
                audit.record(session, actor, "create", TABLE, letter.id, name, "", value, at=moment)
        if complaint is not None:
            limit = (letter.reply_due - letter.sent_at).total_seconds() / 60
            deadlines.add_event(session, actor, complaint.id, "letter_sent", at=moment, letter_id=letter.id,
                                number=letter.number, limit_minutes=limit)
            audit.record(session, actor, "letter_sent", "complaints", complaint.id, "letter", "",
                         letter.number, at=moment)
        return _view(session, letter, moment).view


def receive(db: Database, actor: Actor, letter_id: int, version: int) -> LetterView:
    """The receiving department signs for the letter."""
    with _changing(db, actor, letter_id, version) as (session, actor, letter):
        if not may_answer(actor, letter.to_department_id):
            raise PermissionDenied(_("只有收函部门的人员可以签收"))
        if letter.status != SENT:
            raise ValidationFailed({"status": _("这份联系函已签收,无需再签收")})
        moment = now()
        letter.received_by, letter.received_at, letter.status = actor.id, moment, RECEIVED
        session.flush()
        audit.record(session, actor, "receive", TABLE, letter.id, "status", SENT, RECEIVED, at=moment)
        return _view(session, letter, moment).view


def reply(db: Database, actor: Actor, letter_id: int, text: str, version: int) -> LetterView:
    """The receiving department's 回复意见, signed with the replier's name and time.

    A letter not yet signed for is signed for by the same act.  A reply after the
    deadline is recorded as any other; its clock stays missed.
    """
    with _changing(db, actor, letter_id, version) as (session, actor, letter):
        if not may_answer(actor, letter.to_department_id):
            raise PermissionDenied(_("只有收函部门的人员可以回复"))
        if letter.status == REPLIED:
            raise ValidationFailed({"reply_text": _("这份联系函已回复,回复内容不能再修改")})
        errors = validate_text("reply_text", text)
        if errors:
            raise ValidationFailed(errors)
        moment = now()
        old_status = letter.status
        if letter.received_at is None:
            letter.received_by, letter.received_at = actor.id, moment
        letter.reply_text, letter.replied_by, letter.replied_at = text.strip(), actor.id, moment
        letter.status = REPLIED
        session.flush()
        audit.record(session, actor, "reply", TABLE, letter.id, "reply_text", "", letter.reply_text, at=moment)
        audit.record(session, actor, "reply", TABLE, letter.id, "status", old_status, REPLIED, at=moment)
        if letter.complaint_id is not None:
            deadlines.add_event(session, actor, letter.complaint_id, "letter_replied", at=moment,
                                letter_id=letter.id, number=letter.number)
            audit.record(session, actor, "letter_replied", "complaints", letter.complaint_id, "letter", "",
                         letter.number, at=moment)
        return _view(session, letter, moment).view


def leader_opinion(db: Database, actor: Actor, letter_id: int, text: str, version: int) -> LetterView:
    """The leaders' opinion (领导意见), by the supervisor or an area manager; signed once, then kept."""
    with _changing(db, actor, letter_id, version) as (session, actor, letter):
        if not may_give_opinion(actor):
            raise PermissionDenied(_("只有资产管理部负责人或片区经理可以填写领导意见"))
        if letter.leader_at is not None:
            raise ValidationFailed({"leader_opinion": _(
                "领导意见已签署,不能再修改;如需补充,请另发联系函或在关联投诉中说明")})
        errors = validate_text("leader_opinion", text)
        if errors:
            raise ValidationFailed(errors)
        moment = now()
        old = letter.leader_opinion
        letter.leader_opinion, letter.leader_by, letter.leader_at = text.strip(), actor.id, moment
        session.flush()
        audit.record(session, actor, "opinion", TABLE, letter.id, "leader_opinion", old, letter.leader_opinion,
                     at=moment)
        return _view(session, letter, moment).view


def get(db: Database, actor: Actor, letter_id: int) -> LetterView:
    return entry(db, actor, letter_id).view


def entry(db: Database, actor: Actor, letter_id: int) -> LetterEntry:
    """One letter with its reply clock."""
    with db.read() as session:
        return _view(session, _readable(session, current(session, actor), letter_id), now())


def _readable(session: Session, actor: Actor, letter_id: int) -> Letter:
    """The letter, refused unless the (trusted) actor may read it."""
    letter = session.get(Letter, letter_id)
    if letter is None:
        raise NotFound(_("找不到这份联系函"))
    if not may_read(actor, letter.from_department_id, letter.to_department_id):
        raise PermissionDenied(_("查看其他部门的联系函"))
    return letter


def list_letters(
    db: Database, actor: Actor, direction: Direction = "all", status: str | None = None
) -> list[LetterView]:
    return [e.view for e in entries(db, actor, direction, status)]


def entries(
    db: Database, actor: Actor, direction: Direction = "all", status: str | None = None,
    moment: datetime | None = None,
) -> list[LetterEntry]:
    """The letters the actor may see, earliest reply deadline first.

    ``direction``: ``sent`` — from the actor's department (or written by them);
    ``received`` — addressed to it.  ``status`` filters on the shown state,
    including the derived ``overdue``.
    """
    if direction not in ("all", "sent", "received"):
        raise ValidationFailed({"direction": _("请选择全部、发出或收到")})
    if status is not None and status not in STATUSES:
        raise ValidationFailed({"status": _("请选择联系函状态")})
    with db.read() as session:
        return _entries_in(session, current(session, actor), direction, status, moment or now())


def _entries_in(
    session: Session, actor: Actor, direction: Direction, status: str | None, moment: datetime
) -> list[LetterEntry]:
    if not can(actor.role, Perm.LETTER_READ):
        raise PermissionDenied(_("查看联系函"))
    query = select(Letter)
    dept = actor.department_id
    if is_scoped(actor.role, Perm.LETTER_READ):
        if dept is None:
            return []
        query = query.where(or_(Letter.from_department_id == dept, Letter.to_department_id == dept))
    if direction == "sent":
        query = query.where(or_(Letter.from_department_id == dept, Letter.handler_id == actor.id)
                            if dept is not None else Letter.handler_id == actor.id)
    elif direction == "received":
        if dept is None:
            return []
        query = query.where(Letter.to_department_id == dept)
    rows = session.execute(query.order_by(Letter.reply_due, Letter.id)).scalars().all()
    context = _Context(session)
    result = [_view(session, letter, moment, context) for letter in rows]
    if status is not None:
        result = [e for e in result if e.view.status == status]
    return result


def ids_by_number(db: Database, actor: Actor, numbers: list[str]) -> dict[str, int]:
    """Number → id of the letters among ``numbers`` that ``actor`` may read (links in a history)."""
    if not numbers:
        return {}
    with db.read() as session:
        actor = current(session, actor)
        rows = session.execute(select(Letter).where(Letter.number.in_(set(numbers)))).scalars()
        return {letter.number: letter.id for letter in rows
                if may_read(actor, letter.from_department_id, letter.to_department_id)}


def awaiting_reply(db: Database, actor: Actor, moment: datetime | None = None) -> int:
    """How many letters addressed to the actor's department still wait for its reply."""
    with db.read() as session:
        actor = current(session, actor)
        if not may_answer(actor, actor.department_id):
            return 0
        received = _entries_in(session, actor, "received", None, moment or now())
    return sum(1 for e in received if e.view.replied_at is None)


def history(db: Database, actor: Actor, letter_id: int) -> list[HistoryItem]:
    """The letter's history, with the same access rule as reading it."""
    with db.read() as session:
        actor = current(session, actor)
        _readable(session, actor, letter_id)
        return audit.history_in(session, TABLE, letter_id, masked=not can(actor.role, Perm.PII_VIEW))


def printout(db: Database, actor: Actor, letter_id: int | None) -> Printout:
    """Z-QR-025 as filled in, ready to print (``None``: blank, to fill by hand)."""
    from frontdesk.reports.letter_pdf import build_letter_pdf  # reportlab: loaded on first print

    with db.read() as session:
        actor = current(session, actor)
        view = _view(session, _readable(session, actor, letter_id), now()).view if letter_id is not None else None
        site = settings.load_in(session)

    def build(out: Path | BinaryIO, progress: Progress) -> int:  # a page or two: nothing to report
        return build_letter_pdf(view, out, site_name=site.site_name, form_revision=site.form_revision)

    return Printout("letter_pdf", TABLE, view.id if view else None, build,
                    {"letter": view.number if view else ""})


def print_letter(db: Database, actor: Actor, letter_id: int | None, out: Path | BinaryIO) -> int:
    """Print and log in one go (command line, tests); returns the page count."""
    return exports.write(db, actor, printout(db, actor, letter_id), out)


# -- helpers ------------------------------------------------------------------------------------

@contextmanager
def _changing(db: Database, actor: Actor, letter_id: int, version: int) -> Iterator[tuple[Session, Actor, Letter]]:
    """A write unit of work on one letter, checked for existence and version.

    Yields the acting user as the database has them now (callers rebind ``actor`` to it).
    """
    try:
        with db.write() as session:
            actor = current(session, actor)
            letter = session.get(Letter, letter_id)
            if letter is None:
                raise NotFound(_("找不到这份联系函,可能已被删除"))
            if letter.version != version:
                raise StaleRecord()
            yield session, actor, letter
    except StaleDataError as exc:
        raise StaleRecord() from exc


class _Context:
    """Rules, calendar and names read once for a list of letters."""

    def __init__(self, session: Session) -> None:
        self.rule = deadlines.rules_in(session)["letter_reply"]
        self.calendar = deadlines.calendar_in(session)
        self.warn = deadlines.warn_fraction_in(session)
        self.departments = dict(session.execute(select(Department.id, Department.name)).all())
        self.users = dict(session.execute(select(User.id, User.display_name)).all())
        self._complaints: dict[int, str] = {}
        self._session = session

    def complaint_number(self, complaint_id: int | None) -> str:
        if complaint_id is None:
            return ""
        if complaint_id not in self._complaints:
            number = self._session.execute(
                select(Complaint.number).where(Complaint.id == complaint_id)
            ).scalar_one_or_none()
            self._complaints[complaint_id] = number or ""
        return self._complaints[complaint_id]


def shown_status(letter: Letter, clock: ClockState) -> str:
    if letter.replied_at is None and clock.status is ClockStatus.OVERDUE:
        return OVERDUE
    return letter.status


def _view(session: Session, letter: Letter, moment: datetime, context: _Context | None = None) -> LetterEntry:
    context = context or _Context(session)
    clock = deadlines.letter_clocks(letter, moment, context.rule, context.calendar, context.warn)[0]
    name = context.users.get
    view = LetterView(
        id=letter.id, number=letter.number, complaint_id=letter.complaint_id,
        complaint_number=context.complaint_number(letter.complaint_id),
        from_department_id=letter.from_department_id,
        from_department_name=context.departments.get(letter.from_department_id, ""),
        handler_name=name(letter.handler_id, ""), issuer_name=letter.issuer_name,
        to_department_id=letter.to_department_id,
        to_department_name=context.departments.get(letter.to_department_id, ""),
        copies=letter.copies, sent_at=letter.sent_at, subject=letter.subject, body=letter.body,
        requirement=letter.requirement, reply_due=letter.reply_due,
        received_by_name=name(letter.received_by, "") if letter.received_by else "",
        received_at=letter.received_at, reply_text=letter.reply_text,
        replied_by_name=name(letter.replied_by, "") if letter.replied_by else "",
        replied_at=letter.replied_at, leader_opinion=letter.leader_opinion,
        leader_name=name(letter.leader_by, "") if letter.leader_by else "", leader_at=letter.leader_at,
        status=shown_status(letter, clock), version=letter.version,
    )
    return LetterEntry(view, clock)
