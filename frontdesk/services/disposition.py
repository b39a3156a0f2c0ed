"""《客户投诉处置表》 ZC-QR-028: a valid complaint carried through its life (SPEC §2.3).

Each block of the paper form is filled and signed by the person the rule book names
(:data:`BLOCK_ROLES`), in order (:func:`order_error`).  Every step appends a
``ComplaintEvent`` (the clocks of SPEC §2.4 are computed from them), changes the
disposition row and the complaint's status, and leaves one history entry per changed
field.  The row is stored by the first step taken on a valid complaint's form (reading it
writes nothing: until then it is shown blank, without an id); invalid and unreasonable
complaints were closed at registration and have no disposition.

Every step re-reads the acting user inside its unit of work (:func:`_editing`) and decides
who may fill a block, and who signs it, on that user as the database has them.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any, BinaryIO

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from frontdesk.db.engine import Database
from frontdesk.db.models import Complaint, Department, Disposition, User
from frontdesk.domain.disposition import (
    ARCHIVE,
    BLOCK_WHO,
    DISPATCH,
    ESCALATE,
    FEEDBACK,
    HEAD,
    METHOD,
    ON_THE_SPOT,
    REPORT_MAJOR,
    RESULT,
    SUPERVISOR,
    TODO_KINDS,
    VERIFICATION,
    InboxRow,
    callback_owner_words,
    is_callback_owner,
    may_fill,
    order_error,
    stage,
    validate_callback,
    validate_dispatch,
    validate_method,
    validate_note,
    validate_opinion,
    validate_result,
    validate_verification,
)
from frontdesk.domain.errors import (
    NoDisposition,
    NotFound,
    PermissionDenied,
    StaleRecord,
    ValidationFailed,
)
from frontdesk.domain.permissions import Perm, can
from frontdesk.domain.progress import Progress
from frontdesk.domain.types import Actor, DispositionView, HistoryItem, Printout
from frontdesk.domain.vocab import VALIDITY_LABELS, Status, Validity
from frontdesk.domain.wallclock import now as clock_now
from frontdesk.i18n import _
from frontdesk.services import audit, complaints, deadlines, exports, settings
from frontdesk.services.access import require

# -- reading ---------------------------------------------------------------------------------------


def get(db: Database, actor: Actor, complaint_id: int, moment: datetime | None = None) -> DispositionView:
    """The form as it stands, with every clock at ``moment`` (now).

    A form no step has been taken on yet is shown blank, with ``id`` and ``version`` ``None``;
    reading never stores it.
    """
    with db.read() as session:
        actor = require(session, actor, Perm.COMPLAINT_VIEW)
        return _read(session, actor, complaint_id, moment)


def _read(session: Session, actor: Actor, complaint_id: int, moment: datetime | None) -> DispositionView:
    complaint = _complaint(session, complaint_id)
    row = _row(session, complaint_id) or _blank_row(complaint)
    return _view(session, actor, complaint, row, moment)


def history(db: Database, actor: Actor, complaint_id: int) -> list[HistoryItem]:
    """The complaint's history together with its disposition form's, oldest first.

    Phones are masked for a role without ``Perm.PII_VIEW``.
    """
    with db.read() as session:
        actor = require(session, actor, Perm.HISTORY_VIEW)
        masked = not can(actor.role, Perm.PII_VIEW)
        row_id = session.execute(
            select(Disposition.id).where(Disposition.complaint_id == complaint_id)
        ).scalar_one_or_none()
        items = audit.history_in(session, "complaints", complaint_id, masked=masked)
        if row_id is not None:
            items += audit.history_in(session, "dispositions", row_id, masked=masked)
    return sorted(items, key=lambda item: item.id)


def inbox(db: Database, actor: Actor, moment: datetime | None = None) -> list[InboxRow]:
    """What was dispatched to the actor's department and is not yet resolved, oldest deadline first."""
    with db.read() as session:
        actor = require(session, actor, Perm.COMPLAINT_VIEW)
        if actor.department_id is None:
            return []
        pairs = session.execute(
            select(Complaint, Disposition).join(Disposition, Disposition.complaint_id == Complaint.id)
            .where(Disposition.department_id == actor.department_id, Complaint.status == Status.DISPATCHED)
        ).all()
        return _rows(session, pairs, "handling_method", moment or clock_now())


def todo(db: Database, actor: Actor, kind: str, moment: datetime | None = None) -> list[InboxRow]:
    """One to-do list of :data:`TODO_KINDS` (least time left first, then oldest)."""
    if kind not in TODO_KINDS:
        raise ValidationFailed({"kind": _("没有这个待办类型")})
    label, block = TODO_KINDS[kind]
    query = select(Complaint, Disposition).outerjoin(Disposition, Disposition.complaint_id == Complaint.id)
    clock_key = ""
    if kind == "dispatch":
        query = query.where(Complaint.status == Status.REGISTERED, Complaint.validity == Validity.VALID)
        clock_key = "feedback"
    elif kind == "callback":
        query = query.where(Complaint.status == Status.RESOLVED,
                            Disposition.verification_passed.is_not(True))
        clock_key = "callback"
    elif kind == "opinion":
        query = query.where(Complaint.status == Status.RESOLVED, Disposition.verification_passed.is_(True),
                            Disposition.supervisor_at.is_(None))
    else:
        query = query.where(Complaint.status == Status.CLOSED, Disposition.supervisor_at.is_not(None),
                            Disposition.archived_at.is_(None))
    with db.read() as session:
        actor = require(session, actor, Perm.COMPLAINT_VIEW)
        if not may_fill(actor, block, None):
            raise PermissionDenied(_(label))
        return _rows(session, session.execute(query).all(), clock_key, moment or clock_now())


# -- the steps -------------------------------------------------------------------------------------


def dispatch(
    db: Database, actor: Actor, complaint_id: int, department_id: int, *, version: int | None,
    limit_minutes: int | None = None, note: str = "",
) -> DispositionView:
    """Block 2: send the form to the department, with its 处理时限 (default: the rule's limit)."""
    _check(validate_dispatch(limit_minutes, note))
    with _editing(db, actor, complaint_id, version) as (session, actor, complaint, row):
        _refuse(actor, DISPATCH, None)
        _in_order(DISPATCH, row, complaint)
        department = _department(session, department_id)
        limit = _handling_limit(session, limit_minutes)
        before = _snapshot(row)
        moment = clock_now()
        _assign(row, actor, department.id, moment, limit, note)
        _set_status(session, actor, complaint, Status.DISPATCHED, moment)
        deadlines.add_event(session, actor, complaint.id, "dispatched", at=moment,
                            department_id=department.id, limit_minutes=limit)
        _changes(session, actor, "dispatch", row, before)
        return _view(session, actor, complaint, row)


def give_feedback(db: Database, actor: Actor, complaint_id: int, note: str) -> DispositionView:
    """The first feedback to the customer (stops the 24 h clock)."""
    return _note_step(db, actor, complaint_id, FEEDBACK, "feedback", note)


def report_major(db: Database, actor: Actor, complaint_id: int, note: str) -> DispositionView:
    """The area manager reports a major complaint to the supervisor (the 10-minute clock)."""
    return _note_step(db, actor, complaint_id, REPORT_MAJOR, "reported_major", note)


def escalate(
    db: Database, actor: Actor, complaint_id: int, to_department_id: int | None, note: str, *,
    version: int | None,
) -> DispositionView:
    """升级: forward to another department (dispatched there) or, with ``None``, to a superior.

    The service station keeps tracking it: it stays in the register and on the board.
    """
    with _editing(db, actor, complaint_id, version) as (session, actor, complaint, row):
        _refuse(actor, ESCALATE, None)
        _check(validate_note(ESCALATE, note))
        _in_order(ESCALATE, row, complaint)
        department = _department(session, to_department_id) if to_department_id is not None else None
        before = _snapshot(row)
        moment = clock_now()
        was_escalated = complaint.escalated
        complaint.escalated = True
        complaint.updated_at = moment
        target: dict[str, object] = (
            {"to_department_id": department.id} if department else {"to": "superior"})
        deadlines.add_event(session, actor, complaint.id, "escalated", at=moment, note=note.strip(), **target)
        if not was_escalated:
            audit.record(session, actor, "escalate", "complaints", complaint.id, "escalated", False, True)
        audit.record(session, actor, "escalate", "complaints", complaint.id, "escalated_to", "",
                     department.name if department else _("上级"))
        if department is not None:
            limit = _handling_limit(session, None)
            _assign(row, actor, department.id, moment, limit, note)
            _clear(row, "method_text", "method_by", "method_at", "head_by", "head_at")
            _set_status(session, actor, complaint, Status.DISPATCHED, moment)
            deadlines.add_event(session, actor, complaint.id, "dispatched", at=moment,
                                department_id=department.id, limit_minutes=limit)
        _changes(session, actor, "escalate", row, before)
        return _view(session, actor, complaint, row)


def write_method(db: Database, actor: Actor, complaint_id: int, text: str, *, version: int | None) -> DispositionView:
    """Block 3: the dispatched department's handling method (stops the 1 h clock)."""
    with _editing(db, actor, complaint_id, version) as (session, actor, complaint, row):
        _refuse(actor, METHOD, row.department_id)
        _check(validate_method(text))
        _in_order(METHOD, row, complaint)
        before = _snapshot(row)
        moment = clock_now()
        first = row.method_at is None
        row.method_text, row.method_by, row.method_at = text.strip(), actor.id, moment
        if first:
            deadlines.add_event(session, actor, complaint.id, "method_written", at=moment)
        _changes(session, actor, "write_method", row, before)
        return _view(session, actor, complaint, row)


def sign_method(db: Database, actor: Actor, complaint_id: int, *, version: int | None) -> DispositionView:
    """Block 3: the department's head signs the handling method someone else of the department wrote."""
    with _editing(db, actor, complaint_id, version) as (session, actor, complaint, row):
        _refuse(actor, HEAD, row.department_id)
        _in_order(HEAD, row, complaint, actor)
        before = _snapshot(row)
        moment = clock_now()
        row.head_by, row.head_at = actor.id, moment
        deadlines.add_event(session, actor, complaint.id, "method_signed", at=moment)
        _changes(session, actor, "sign_method", row, before)
        return _view(session, actor, complaint, row)


def record_result(
    db: Database, actor: Actor, complaint_id: int, text: str, completed_at: datetime | None, *,
    on_the_spot: bool = False, version: int | None,
) -> DispositionView:
    """Block 4: 处理结果 and 完成时间.  On the spot: straight from registration, at the counter."""
    block = ON_THE_SPOT if on_the_spot else RESULT
    moment = clock_now()
    completed_at = completed_at or moment
    with _editing(db, actor, complaint_id, version) as (session, actor, complaint, row):
        _refuse(actor, block, row.department_id)
        _in_order(block, row, complaint, actor)
        earliest, since = _work_began(session, complaint, row)
        _check(validate_result(text, completed_at, moment, earliest, since))
        before = _snapshot(row)
        row.on_the_spot = on_the_spot
        row.result_text, row.completed_at = text.strip(), completed_at
        row.result_by, row.result_at = actor.id, moment
        _set_status(session, actor, complaint, Status.RESOLVED, moment)
        complaint.resolved_at = completed_at
        # the clocks count to the completion the form records; the entry keeps when it was typed
        deadlines.add_event(session, actor, complaint.id, "resolved", at=completed_at, entered_at=moment,
                            on_the_spot=on_the_spot)
        _changes(session, actor, "on_the_spot" if on_the_spot else "record_result", row, before)
        deadlines.undo_disproved_upgrade(session, complaint, completed_at, moment)
        return _view(session, actor, complaint, row)


def _work_began(session: Session, complaint: Complaint, row: Disposition) -> tuple[datetime, str]:
    """The earliest completion time a result may give, and what that moment was."""
    reopened = [e.at for e in deadlines.events_in(session, complaint.id) if e.kind == "reopened"]
    if reopened:
        return max(reopened), _("验证未通过重新处理的时间")
    if row.dispatched_at is not None and not row.on_the_spot:
        return row.dispatched_at, _("派单时间")
    return complaint.received_at, _("受理时间")


def record_verification(
    db: Database, actor: Actor, complaint_id: int, text: str, verifier_name: str, passed: bool, *,
    channel: str, on_behalf: bool = False, version: int | None,
) -> DispositionView:
    """Block 5: 验证、回访结果 with 验证人, and how the customer was called back.

    The callback is the receiver's (minor: by phone or WeChat) or the area manager's (major:
    face to face); anyone else allowed to fill the block records it only ``on_behalf`` of
    them, and the form and its history say so.  A failed verification sends it back to be
    done again.
    """
    with _editing(db, actor, complaint_id, version) as (session, actor, complaint, row):
        _refuse(actor, VERIFICATION, row.department_id)
        _in_order(VERIFICATION, row, complaint)
        owner = is_callback_owner(actor, complaint.grade, complaint.receiver_id)
        owner_words = _callback_owner(session, complaint)
        _check({**validate_verification(text, verifier_name),
                **validate_callback(complaint.grade, channel, owner, on_behalf, owner_words)})
        before = _snapshot(row)
        moment = clock_now()
        row.verification_text, row.verifier_name = text.strip(), verifier_name.strip()
        row.verification_passed, row.verified_by, row.verified_at = passed, actor.id, moment
        row.verification_channel, row.verification_for = channel, "" if owner else owner_words
        deadlines.add_event(session, actor, complaint.id, "callback_done", at=moment, passed=passed,
                            channel=channel, on_behalf=not owner)
        if not passed:
            _reopen(session, actor, complaint, row, moment)
        _changes(session, actor, "verify", row, before)
        return _view(session, actor, complaint, row)


def _callback_owner(session: Session, complaint: Complaint) -> str:
    receiver = session.get(User, complaint.receiver_id) if complaint.receiver_id else None
    return callback_owner_words(complaint.grade, receiver.display_name if receiver else "")


def supervisor_opinion(
    db: Database, actor: Actor, complaint_id: int, text: str, *, version: int | None
) -> DispositionView:
    """Block 6: 资产管理部负责人意见, signed; the complaint is closed."""
    with _editing(db, actor, complaint_id, version) as (session, actor, complaint, row):
        _refuse(actor, SUPERVISOR, None)
        _check(validate_opinion(text))
        _in_order(SUPERVISOR, row, complaint)
        before = _snapshot(row)
        moment = clock_now()
        row.supervisor_opinion, row.supervisor_by, row.supervisor_at = text.strip(), actor.id, moment
        _set_status(session, actor, complaint, Status.CLOSED, moment)
        complaint.closed_at = moment
        deadlines.add_event(session, actor, complaint.id, "supervisor_signed", at=moment)
        _changes(session, actor, "supervisor_sign", row, before)
        return _view(session, actor, complaint, row)


def archive(db: Database, actor: Actor, complaint_id: int, *, version: int | None) -> DispositionView:
    """Block 7: the service station files the form (date, by whom)."""
    with _editing(db, actor, complaint_id, version) as (session, actor, complaint, row):
        _refuse(actor, ARCHIVE, None)
        _in_order(ARCHIVE, row, complaint)
        before = _snapshot(row)
        moment = clock_now()
        row.archived_by, row.archived_at = actor.id, moment
        _set_status(session, actor, complaint, Status.ARCHIVED, moment)
        deadlines.add_event(session, actor, complaint.id, "archived", at=moment)
        _changes(session, actor, "archive", row, before)
        return _view(session, actor, complaint, row)


def printout(db: Database, actor: Actor, complaint_id: int | None) -> Printout:
    """ZC-QR-028 ready to print (``None``: the blank form for when the PC is down)."""
    from frontdesk.reports.disposition_pdf import build_disposition_pdf

    with db.read() as session:
        actor = require(session, actor, Perm.COMPLAINT_VIEW)
        site = settings.load_in(session)
        view = _read(session, actor, complaint_id, None) if complaint_id is not None else None

    def build(out: Path | BinaryIO, progress: Progress) -> int:  # a page or two: nothing to report
        return build_disposition_pdf(view, out, site_name=site.site_name,
                                     form_revision=site.form_revision, profile=site.profile)

    # logged on the form, or on its complaint while no step has stored the form yet
    table, record_id = ("complaints", view.complaint.id) if view and view.id is None else (
        "dispositions", view.id if view else None)
    return Printout("disposition_pdf", table, record_id, build,
                    {"complaint": view.complaint.number if view else "",
                     "masked": not can(actor.role, Perm.PII_VIEW)})


def print_form(db: Database, actor: Actor, complaint_id: int | None, out: Path | BinaryIO) -> int:
    """Print and log in one go (command line, tests); returns the page count."""
    return exports.write(db, actor, printout(db, actor, complaint_id), out)


# -- internals -------------------------------------------------------------------------------------

_BLOCK_COLUMNS = (
    "department_id", "dispatcher_id", "dispatched_at", "handling_limit_minutes", "dispatch_note",
    "method_text", "method_by", "method_at", "head_by", "head_at",
    "on_the_spot", "result_text", "completed_at", "result_by", "result_at",
    "verification_text", "verifier_name", "verification_passed", "verified_by", "verified_at",
    "verification_channel", "verification_for",
    "supervisor_opinion", "supervisor_by", "supervisor_at", "archived_by", "archived_at",
)


def _refuse(actor: Actor, block: str, department_id: int | None) -> None:
    if not may_fill(actor, block, department_id):
        raise PermissionDenied(BLOCK_WHO[block])


def _check(errors: dict[str, str]) -> None:
    if errors:
        raise ValidationFailed(errors)


def _in_order(block: str, row: Disposition, complaint: Complaint, actor: Actor | None = None) -> None:
    message = order_error(block, row, complaint.status, complaint.grade, actor)
    if message:
        raise ValidationFailed({"step": message})


@contextmanager
def _editing(
    db: Database, actor: Actor, complaint_id: int, version: int | None
) -> Iterator[tuple[Session, Actor, Complaint, Disposition]]:
    """A write unit of work on one form; a version other than ``version`` means someone else saved.

    Yields the acting user as the database has them now: the step decides, signs and writes
    the history as that user (callers rebind ``actor`` to it), never as the one handed in.
    """
    try:
        with db.write() as session:
            actor = require(session, actor, Perm.COMPLAINT_VIEW)
            complaint = _complaint(session, complaint_id)
            row = _row(session, complaint_id)
            if row is None:
                row = _blank_row(complaint)  # added by _persist once the step is allowed
            elif version is not None and row.version != version:
                raise StaleRecord()
            yield session, actor, complaint, row
            session.flush()
    except StaleDataError as exc:
        raise StaleRecord() from exc


def _complaint(session: Session, complaint_id: int) -> Complaint:
    complaint = session.get(Complaint, complaint_id)
    if complaint is None:
        raise NotFound(_("找不到这条投诉"))
    if complaint.validity != Validity.VALID:
        raise NoDisposition(_("这条投诉登记为“{validity}”,已在受理时结案并向客户说明:{note}。无效和无理投诉没有处置表。")
                            .format(validity=VALIDITY_LABELS.get(Validity(complaint.validity), complaint.validity),
                                    note=complaint.validity_note or _("(未填写说明)")))
    return complaint


def _row(session: Session, complaint_id: int) -> Disposition | None:
    return session.execute(
        select(Disposition).where(Disposition.complaint_id == complaint_id)
    ).scalar_one_or_none()


def _blank_row(complaint: Complaint) -> Disposition:
    return Disposition(complaint_id=complaint.id, on_the_spot=False, dispatch_note="", method_text="",
                       result_text="", verification_text="", verifier_name="", supervisor_opinion="")


def _persist(session: Session, actor: Actor, complaint: Complaint, row: Disposition) -> None:
    """Store a form created in this unit of work (its creation goes into the history)."""
    if row.id is not None:
        return
    session.add(row)
    session.flush()
    audit.record(session, actor, "create", "dispositions", row.id, "complaint", "", complaint.number)


def _department(session: Session, department_id: int) -> Department:
    department = session.get(Department, department_id)
    if department is None or not department.active:
        raise ValidationFailed({"department_id": _("请选择一个在用的部门")})
    return department


def _handling_limit(session: Session, limit_minutes: int | None) -> int:
    if limit_minutes is None:
        return max(1, int(deadlines.rules_in(session)["handling_method"].limit.total_seconds() // 60))
    _check(validate_dispatch(limit_minutes, ""))
    return int(limit_minutes)


def _assign(row: Disposition, actor: Actor, department_id: int, moment: datetime, limit: int, note: str) -> None:
    row.department_id, row.dispatcher_id, row.dispatched_at = department_id, actor.id, moment
    row.handling_limit_minutes, row.dispatch_note = limit, note.strip()


_TEXT_COLUMNS = frozenset({"method_text", "result_text", "verification_text", "verifier_name"})


def _clear(row: Disposition, *names: str) -> None:
    for name in names:
        setattr(row, name, "" if name in _TEXT_COLUMNS else None)


def _reopen(session: Session, actor: Actor, complaint: Complaint, row: Disposition, moment: datetime) -> None:
    """A failed verification: the department (or the counter, if solved on the spot) acts again."""
    deadlines.add_event(session, actor, complaint.id, "reopened", at=moment)
    _clear(row, "result_text", "completed_at", "result_by", "result_at")
    row.on_the_spot = False
    complaint.resolved_at = None
    if row.department_id is not None:
        _clear(row, "method_text", "method_by", "method_at", "head_by", "head_at")
        row.dispatched_at = moment
        _set_status(session, actor, complaint, Status.DISPATCHED, moment)
        deadlines.add_event(session, actor, complaint.id, "dispatched", at=moment,
                            department_id=row.department_id, limit_minutes=row.handling_limit_minutes)
    else:
        _set_status(session, actor, complaint, Status.REGISTERED, moment)


def _note_step(db: Database, actor: Actor, complaint_id: int, block: str, kind: str, note: str) -> DispositionView:
    with _editing(db, actor, complaint_id, None) as (session, actor, complaint, row):
        _refuse(actor, block, None)
        _check(validate_note(block, note))
        _in_order(block, row, complaint)
        moment = clock_now()
        deadlines.add_event(session, actor, complaint.id, kind, at=moment, note=note.strip())
        audit.record(session, actor, kind, "complaints", complaint.id, kind, "", note.strip(), at=moment)
        _persist(session, actor, complaint, row)
        return _view(session, actor, complaint, row)


def _set_status(session: Session, actor: Actor, complaint: Complaint, status: str, moment: datetime) -> None:
    old = complaint.status
    if old == status:
        return
    complaint.status = status
    complaint.updated_at = moment
    audit.record(session, actor, "update", "complaints", complaint.id, "status", old, status, at=moment)


def _snapshot(row: Disposition) -> dict[str, object]:
    return {name: getattr(row, name) for name in _BLOCK_COLUMNS}


def _changes(session: Session, actor: Actor, action: str, row: Disposition, before: dict[str, object]) -> None:
    """One history entry per block column the step changed."""
    complaint = session.get(Complaint, row.complaint_id)
    _persist(session, actor, complaint, row)
    session.flush()
    for name, new_value in _snapshot(row).items():
        old_value = before.get(name)
        if old_value != new_value:
            audit.record(session, actor, action, "dispositions", row.id, name, old_value, new_value)


def _names(session: Session, ids: set[int | None]) -> dict[int, str]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    return dict(session.execute(select(User.id, User.display_name).where(User.id.in_(wanted))).all())


def _view(
    session: Session, actor: Actor, complaint: Complaint, row: Disposition, moment: datetime | None = None
) -> DispositionView:
    header = complaints._view(session, complaint, masked=not can(actor.role, Perm.PII_VIEW))
    names = _names(session, {row.dispatcher_id, row.method_by, row.head_by, row.result_by, row.verified_by,
                             row.supervisor_by, row.archived_by})
    department = session.get(Department, row.department_id) if row.department_id else None
    clocks = deadlines.clocks_in(session, complaint.id, moment)
    return DispositionView(
        id=row.id, complaint=header,
        department_id=row.department_id, department_name=department.name if department else "",
        dispatcher_name=names.get(row.dispatcher_id, ""), dispatched_at=row.dispatched_at,
        handling_limit_minutes=row.handling_limit_minutes, dispatch_note=row.dispatch_note or "",
        method_text=row.method_text or "", method_by=row.method_by, method_by_name=names.get(row.method_by, ""), method_at=row.method_at,
        head_name=names.get(row.head_by, ""), head_at=row.head_at,
        on_the_spot=bool(row.on_the_spot), result_text=row.result_text or "", completed_at=row.completed_at,
        result_by_name=names.get(row.result_by, ""), result_at=row.result_at,
        verification_text=row.verification_text or "", verifier_name=row.verifier_name or "",
        verification_passed=row.verification_passed, verified_by_name=names.get(row.verified_by, ""),
        verified_at=row.verified_at, verification_channel=row.verification_channel or "",
        verification_for=row.verification_for or "", callback_owner=_callback_owner(session, complaint),
        callback_is_mine=is_callback_owner(actor, complaint.grade, complaint.receiver_id),
        supervisor_opinion=row.supervisor_opinion or "", supervisor_name=names.get(row.supervisor_by, ""),
        supervisor_at=row.supervisor_at,
        archived_by_name=names.get(row.archived_by, ""), archived_at=row.archived_at,
        version=row.version, clocks=tuple(clocks),
    )


_FALLBACK_CLOCKS = {
    "feedback": ("feedback", "major_report", "major_resolution", "minor_to_major"),
    # once the method is signed, the department works to the complaint's own deadline
    "handling_method": ("handling_method", "major_resolution", "minor_to_major"),
}


def _rows(session: Session, pairs: list[Any], clock_key: str, moment: datetime) -> list[InboxRow]:
    departments = dict(session.execute(select(Department.id, Department.name)).all())
    result: list[InboxRow] = []
    for complaint, row in pairs:
        clock = None
        if clock_key:
            # the first key with a running clock; a complaint awaiting dispatch whose feedback was
            # given shows the time left before it becomes (or while it is) major
            keys = _FALLBACK_CLOCKS.get(clock_key, (clock_key,))
            states = deadlines.clocks_in(session, complaint.id, moment)
            open_states = [s for key in keys for s in states if s.key == key and s.is_open and s.applies]
            own = [s for s in states if s.key == clock_key]
            clock = open_states[0] if open_states else (own or [None])[-1]
        result.append(InboxRow(
            complaint_id=complaint.id, number=complaint.number, received_at=complaint.received_at,
            complainant=complaint.complainant, location_text=complaint.location_text, content=complaint.content,
            grade=complaint.grade, status=complaint.status,
            department_name=departments.get(row.department_id, "") if row is not None else "",
            dispatched_at=row.dispatched_at if row is not None else None,
            handling_limit_minutes=row.handling_limit_minutes if row is not None else None, clock=clock,
            stage=stage(complaint.status, row),
        ))
    result.sort(key=lambda r: (r.clock.deadline if r.clock is not None and r.clock.deadline else datetime.max,
                               r.received_at))
    return result

