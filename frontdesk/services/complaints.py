"""Registering and editing complaints — 《客户投诉记录表》 ZC-QR-027 (SPEC §2.1, §2.2)."""

from __future__ import annotations

import json
from dataclasses import asdict, fields

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.exc import NoResultFound
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from frontdesk.db.engine import Database
from frontdesk.db.models import (
    Category,
    Complaint,
    Customer,
    Department,
    HistoryEntry,
    Location,
    NumberSequence,
    User,
)
from frontdesk.domain.complaint import grade_reason, validate_complaint
from frontdesk.domain.customer import validate_customer
from frontdesk.domain.errors import NotFound, StaleRecord, ValidationFailed
from frontdesk.domain.numbering import COMPLAINT_PREFIX, format_number, period_of
from frontdesk.domain.permissions import Perm, can
from frontdesk.domain.privacy import mask_phone
from frontdesk.domain.types import Actor, ComplaintInput, ComplaintView, CustomerInput, HistoryItem
from frontdesk.domain.vocab import STATUSES_WITH_CLOCKS, Grade, Status, Validity
from frontdesk.domain.wallclock import now
from frontdesk.i18n import _
from frontdesk.services import audit, customers, deadlines
from frontdesk.services.access import require

#: The columns a user edits, in the order the history lists them.
EDITABLE = [f.name for f in fields(ComplaintInput) if f.name != "received_at"]


def next_number(session: Session, prefix: str, period: str) -> tuple[int, str]:
    """Take the next number of ``prefix``/``period`` inside the caller's write transaction.

    The counter row is locked (``BEGIN IMMEDIATE`` on SQLite, ``FOR UPDATE`` on
    PostgreSQL) and bumped in the same transaction as the insert, so a failed
    save gives its number back and two PCs never get the same one.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(
            pg_insert(NumberSequence)
            .values(prefix=prefix, period=period, last_value=0)
            .on_conflict_do_nothing()
        )
    row = session.execute(
        select(NumberSequence)
        .where(NumberSequence.prefix == prefix, NumberSequence.period == period)
        .with_for_update()
    ).scalar_one_or_none()
    if row is None:
        row = NumberSequence(prefix=prefix, period=period, last_value=0)
        session.add(row)
    row.last_value += 1
    session.flush()
    return row.last_value, format_number(prefix, period, row.last_value)


def _check_references(session: Session, form: ComplaintInput, saved: Complaint | None = None) -> dict[str, str]:
    """The form's own checks, then that what it points to exists (a refusal, not a database error)."""
    errors = validate_complaint(form, now(), saved_received_at=saved.received_at if saved else None)
    if form.category_id is not None and session.get(Category, form.category_id) is None:
        errors["category_id"] = _("投诉类别不存在,请重新选择")
    if form.department_id is not None and session.get(Department, form.department_id) is None:
        errors["department_id"] = _("被投诉部门不存在,请重新选择")
    if form.customer_id is not None and session.get(Customer, form.customer_id) is None:
        errors["customer_id"] = _("所选客户档案不存在(可能已被删除),请重新查找客户")
    if form.location_id is not None:
        location = session.get(Location, form.location_id)
        if location is None:
            errors["location_id"] = _("所选房屋或车辆不存在(可能已被删除),请重新选择客户或直接填写")
        elif form.customer_id is not None and location.customer_id != form.customer_id:
            errors["location_id"] = _("所选房屋或车辆不属于这位客户,请重新选择客户")
    return errors


def _location_text(session: Session, form: ComplaintInput) -> str:
    if form.location_text.strip():
        return form.location_text.strip()
    if form.location_id is not None:
        location = session.get(Location, form.location_id)
        return location.label if location else ""
    return ""


def register(
    db: Database, actor: Actor, form: ComplaintInput, new_customer: CustomerInput | None = None
) -> ComplaintView:
    """Register a complaint (and, if given, the customer created on the spot) in one transaction."""
    with db.write() as session:
        actor = require(session, actor, Perm.COMPLAINT_CREATE)
        errors = _check_references(session, form)
        if new_customer is not None:
            errors.update(validate_customer(new_customer))
        if errors:
            raise ValidationFailed(errors)
        if new_customer is not None:
            customer_id, location_id, label = customers.create_in(session, actor, new_customer)
            form = _replace(form, customer_id=customer_id, location_id=location_id,
                            location_text=form.location_text or label)
        moment = now()
        received_at = form.received_at or moment
        _, number = next_number(session, COMPLAINT_PREFIX, period_of(received_at))
        closed = form.validity != Validity.VALID
        complaint = Complaint(
            number=number, received_at=received_at, receiver_id=actor.id, channel=form.channel,
            complainant=form.complainant.strip(), phone=form.phone.strip(),
            customer_id=form.customer_id, location_id=form.location_id,
            location_text=_location_text(session, form), category_id=form.category_id,
            department_id=form.department_id, target=form.target.strip(),
            content=form.content.strip(), demand=form.demand.strip(), validity=form.validity,
            validity_note=form.validity_note.strip(), grade=form.grade,
            major_criteria="".join(sorted(set(form.major_criteria))),
            grade_reason=grade_reason(form.grade, form.major_criteria),
            status=Status.CLOSED if closed else Status.REGISTERED, escalated=False,
            note=form.note.strip(), closed_at=moment if closed else None, updated_at=moment,
        )
        session.add(complaint)
        session.flush()
        deadlines.add_event(session, actor, complaint.id, "received", at=received_at)
        if form.grade == Grade.MAJOR and not closed:
            deadlines.add_event(session, actor, complaint.id, "became_major", at=received_at,
                                reason=complaint.major_criteria)
        if closed:
            deadlines.add_event(session, actor, complaint.id, "closed", at=moment, reason=form.validity,
                                explanation=form.validity_note.strip())
        audit.record(session, actor, "create", "complaints", complaint.id, "number", "", number)
        audit.record(
            session, actor, "create", "complaints", complaint.id, "*", "",
            json.dumps(_snapshot(complaint), ensure_ascii=False, default=str),
        )
        session.flush()
        return _view(session, complaint, masked=not can(actor.role, Perm.PII_VIEW))


def update(
    db: Database, actor: Actor, complaint_id: int, form: ComplaintInput, version: int, *, action: str = "update"
) -> ComplaintView:
    """Save an edit; every changed field gets its own history entry (who, when, old → new)."""
    try:
        with db.write() as session:
            actor = require(session, actor, Perm.COMPLAINT_EDIT)
            complaint = _editable(session, complaint_id, version)
            return _update_in(session, actor, complaint, form, action)
    except StaleDataError as exc:
        raise StaleRecord() from exc


def _grade_changed(session: Session, actor: Actor, complaint: Complaint, old_grade: str) -> None:
    """A grade changed by hand starts the major clocks, or ends them (SPEC §2.2, §2.4).

    Corrected to minor, the major clocks no longer apply; but a complaint unresolved for ten
    days is major by criterion D whatever is typed, so that correction is refused.
    """
    if complaint.status not in STATUSES_WITH_CLOCKS:
        return
    moment = now()
    if complaint.grade == Grade.MAJOR:
        deadlines.add_event(session, actor, complaint.id, "became_major", at=moment, reason=complaint.major_criteria)
        return
    if deadlines.criterion_d_applies(session, complaint.id, moment):
        raise ValidationFailed({"grade": _(
            "受理后 10 天仍未合理解决,按规定属重大投诉(D),不能改为轻微。解决后如客户认可,可在处置表中结案。")})
    deadlines.add_event(session, actor, complaint.id, "became_minor", at=moment, was=old_grade)


def _editable(session: Session, complaint_id: int, version: int) -> Complaint:
    complaint = session.get(Complaint, complaint_id)
    if complaint is None:
        raise NotFound(_("找不到这条投诉,可能已被删除"))
    if complaint.version != version:
        raise StaleRecord()
    if complaint.status == Status.ARCHIVED:  # SPEC §2.3 block 7: the archive is final
        raise ValidationFailed({"status": _("这条投诉已归档,内容不能再修改;如有新情况,请登记一条新投诉并在备注中写明原编号")})
    return complaint


def _update_in(session: Session, actor: Actor, complaint: Complaint, form: ComplaintInput, action: str) -> ComplaintView:
    if form.phone.strip() != complaint.phone and form.phone.strip() == mask_phone(complaint.phone):
        form = _replace(form, phone=complaint.phone)  # a masked view handed back: the real number stays
    errors = _check_references(session, form, complaint)
    if (complaint.validity == Validity.VALID and form.validity != Validity.VALID
            and complaint.status != Status.REGISTERED):
        errors["validity"] = _("投诉已派单处理,不能再改为无效或无理;请保持“有效”,"
                               "并在处置表中写明情况和向客户所作的解释")
    if errors:
        raise ValidationFailed(errors)
    before = _snapshot(complaint)
    complaint.channel = form.channel
    complaint.complainant = form.complainant.strip()
    complaint.phone = form.phone.strip()
    complaint.customer_id = form.customer_id
    complaint.location_id = form.location_id
    complaint.location_text = _location_text(session, form)
    complaint.category_id = form.category_id
    complaint.department_id = form.department_id
    complaint.target = form.target.strip()
    complaint.content = form.content.strip()
    complaint.demand = form.demand.strip()
    complaint.validity = form.validity
    complaint.validity_note = form.validity_note.strip()
    complaint.grade = form.grade
    complaint.major_criteria = "".join(sorted(set(form.major_criteria)))
    complaint.grade_reason = grade_reason(form.grade, form.major_criteria)
    complaint.note = form.note.strip()
    if form.received_at is not None:
        complaint.received_at = form.received_at
    after = _snapshot(complaint)
    if before["grade"] != complaint.grade:
        _grade_changed(session, actor, complaint, before["grade"])
    if after != before:
        complaint.updated_at = now()
        session.flush()
        audit.record_changes(session, actor, "complaints", complaint.id, before, after, action)
    return _view(session, complaint, masked=not can(actor.role, Perm.PII_VIEW))


#: Fields whose edit can be undone from the history, with how to read the stored text back.
REVERTIBLE: dict[str, type] = {
    "channel": str, "complainant": str, "phone": str, "location_text": str, "category_id": int,
    "department_id": int, "target": str, "content": str, "demand": str, "validity": str,
    "validity_note": str, "grade": str, "major_criteria": str, "note": str,
}


def revert(db: Database, actor: Actor, complaint_id: int, history_id: int, version: int) -> ComplaintView:
    """Undo one edit: the field goes back to its old value, as a new, logged change.

    Refused when the field has been changed again since (the user then edits it by hand).
    The values come from the stored complaint, never from a (possibly masked) view.
    """
    try:
        with db.write() as session:
            actor = require(session, actor, Perm.COMPLAINT_EDIT)
            entry = session.get(HistoryEntry, history_id)
            if (entry is None or entry.table_name != "complaints" or entry.record_id != complaint_id
                    or entry.action not in ("update", "revert") or entry.field not in REVERTIBLE):
                raise NotFound(_("这条记录不是可以撤销的修改"))
            complaint = _editable(session, complaint_id, version)
            field_name, old_text = entry.field, entry.old_value
            if audit.as_text(getattr(complaint, field_name)) != entry.new_value:
                raise ValidationFailed({field_name: _("这一栏之后又被修改过,不能直接撤销;请在表中手工修改")})
            kind = REVERTIBLE[field_name]
            old_value = (kind(old_text) if old_text else None) if kind is int else old_text
            return _update_in(session, actor, complaint, _replace(as_input(complaint), **{field_name: old_value}),
                              "revert")
    except StaleDataError as exc:
        raise StaleRecord() from exc


def get(db: Database, actor: Actor, complaint_id: int) -> ComplaintView:
    """The complaint as the actor may see it (phones masked without ``Perm.PII_VIEW``)."""
    with db.read() as session:
        actor = require(session, actor, Perm.COMPLAINT_VIEW)
        complaint = session.get(Complaint, complaint_id)
        if complaint is None:
            raise NotFound(_("找不到这条投诉"))
        return _view(session, complaint, masked=not can(actor.role, Perm.PII_VIEW))


def find_by_number(db: Database, actor: Actor, number: str) -> ComplaintView:
    with db.read() as session:
        actor = require(session, actor, Perm.COMPLAINT_VIEW)
        try:
            complaint = session.execute(select(Complaint).where(Complaint.number == number.strip())).scalar_one()
        except NoResultFound as exc:
            raise NotFound(_("找不到编号为 {n} 的投诉").format(n=number)) from exc
        return _view(session, complaint, masked=not can(actor.role, Perm.PII_VIEW))


def history(db: Database, actor: Actor, complaint_id: int) -> list[HistoryItem]:
    """The complaint's history, oldest first (phones masked without ``Perm.PII_VIEW``)."""
    with db.read() as session:
        actor = require(session, actor, Perm.HISTORY_VIEW)
        return audit.history_in(session, "complaints", complaint_id, masked=not can(actor.role, Perm.PII_VIEW))


def as_input(view: ComplaintView | Complaint) -> ComplaintInput:
    """The form values of a saved complaint (its view, or its stored row), for editing."""
    values = {name: getattr(view, name) for name in EDITABLE}
    return ComplaintInput(**values, received_at=view.received_at)


def _replace(form: ComplaintInput, **changes: object) -> ComplaintInput:
    values = asdict(form)
    values.update(changes)
    return ComplaintInput(**values)


def _snapshot(complaint: Complaint) -> dict[str, object]:
    values: dict[str, object] = {name: getattr(complaint, name) for name in EDITABLE}
    values["received_at"] = complaint.received_at
    values["location_text"] = complaint.location_text
    return values


def _view(session: Session, c: Complaint, *, masked: bool) -> ComplaintView:
    """The plain view of ``c``; ``masked``: the phone as a role without ``Perm.PII_VIEW`` sees it."""
    receiver = session.get(User, c.receiver_id)
    category = session.get(Category, c.category_id)
    department = session.get(Department, c.department_id) if c.department_id else None
    return ComplaintView(
        id=c.id, number=c.number, received_at=c.received_at,
        receiver_name=receiver.display_name if receiver else "", channel=c.channel,
        complainant=c.complainant, phone=mask_phone(c.phone) if masked else c.phone, customer_id=c.customer_id,
        location_id=c.location_id, location_text=c.location_text, category_id=c.category_id,
        category_name=category.name if category else "", department_id=c.department_id,
        department_name=department.name if department else "", target=c.target,
        content=c.content, demand=c.demand, validity=c.validity, validity_note=c.validity_note,
        grade=c.grade, major_criteria=c.major_criteria, grade_reason=c.grade_reason,
        status=c.status, escalated=c.escalated, note=c.note, version=c.version,
    )

