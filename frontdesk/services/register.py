"""The register list: filtered, sorted ids first, then rows fetched a window at a time.

A million complaints stay smooth because the list holds only ids (one indexed
query) and the table asks for the visible rows in pages.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, time, timedelta

from sqlalchemy import Select, and_, func, literal_column, or_, select, text
from sqlalchemy.orm import aliased

from frontdesk.db.engine import Database
from frontdesk.db.models import Category, Complaint, Department, User
from frontdesk.domain.permissions import Perm, can
from frontdesk.domain.privacy import mask_phone
from frontdesk.domain.types import Actor, RegisterFilter, RegisterRow
from frontdesk.services.access import require

#: Sort keys the register table offers, by column name.
SORT_COLUMNS = {
    "number": Complaint.number,
    "received_at": Complaint.received_at,
    "channel": Complaint.channel,
    "complainant": Complaint.complainant,
    "phone": Complaint.phone,
    "location_text": Complaint.location_text,
    "category_name": Complaint.category_id,
    "department_name": Complaint.department_id,
    "validity": Complaint.validity,
    "grade": Complaint.grade,
    "status": Complaint.status,
}

MIN_TRIGRAM = 3


def _search_condition(db: Database, fragment: str):  # noqa: ANN202
    fragment = " ".join(fragment.split())
    escaped = fragment.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    pattern = f"%{escaped}%"
    if db.is_sqlite and len(fragment) >= MIN_TRIGRAM:
        quoted = '"' + fragment.replace('"', '""') + '"'
        matches = select(literal_column("rowid")).select_from(text("complaint_search")).where(
            text("complaint_search MATCH :fts_query").bindparams(fts_query=quoted)
        )
        return Complaint.id.in_(matches)
    if db.engine.dialect.name == "postgresql":
        haystack = (
            Complaint.number + " " + Complaint.complainant + " " + Complaint.phone + " "
            + Complaint.location_text + " " + Complaint.content
        )
        return haystack.ilike(pattern, escape="\\")
    return or_(
        *(column.like(pattern, escape="\\") for column in (
            Complaint.number, Complaint.complainant, Complaint.phone, Complaint.location_text,
            Complaint.content,
        ))
    )


def _filtered(db: Database, query: Select, flt: RegisterFilter) -> Select:
    conditions = []
    if flt.date_from is not None:
        conditions.append(Complaint.received_at >= datetime.combine(flt.date_from, time.min))
    if flt.date_to is not None:
        conditions.append(Complaint.received_at < datetime.combine(flt.date_to + timedelta(days=1), time.min))
    for value, column in (
        (flt.category_id, Complaint.category_id), (flt.grade, Complaint.grade),
        (flt.status, Complaint.status), (flt.department_id, Complaint.department_id),
        (flt.validity, Complaint.validity),
    ):
        if value is not None:
            conditions.append(column == value)
    if flt.text.strip():
        conditions.append(_search_condition(db, flt.text))
    return query.where(and_(*conditions)) if conditions else query


def ids(
    db: Database, actor: Actor, flt: RegisterFilter, sort: str = "received_at", descending: bool = True
) -> list[int]:
    """Every matching complaint id, in display order."""
    column = SORT_COLUMNS.get(sort, Complaint.received_at)
    keys = [column] if column is Complaint.number or column is Complaint.received_at else [
        column, Complaint.received_at,  # the (column, received_at) indexes then serve the sort
    ]
    keys.append(Complaint.id)
    order = [k.desc() if descending else k.asc() for k in keys]
    query = _filtered(db, select(Complaint.id), flt).order_by(*order)
    with db.read() as session:
        require(session, actor, Perm.COMPLAINT_VIEW)
        result = session.connection().execute(query)
        try:
            return [row[0] for row in result.cursor.fetchall()]  # plain ints: no per-row processing
        finally:
            result.close()


def count(db: Database, actor: Actor, flt: RegisterFilter) -> int:
    with db.read() as session:
        require(session, actor, Perm.COMPLAINT_VIEW)
        return session.execute(_filtered(db, select(func.count(Complaint.id)), flt)).scalar_one()


def rows(db: Database, actor: Actor, complaint_ids: Sequence[int]) -> list[RegisterRow]:
    """The rows for ``complaint_ids``, in the same order (missing ids are skipped).

    Phones are masked for a role without ``Perm.PII_VIEW``: the table and the printouts show them as given.
    """
    receiver = aliased(User)
    query = (
        select(
            Complaint.id, Complaint.number, Complaint.received_at, receiver.display_name,
            Complaint.channel, Complaint.complainant, Complaint.phone, Complaint.location_text,
            Category.name, Department.name, Complaint.target, Complaint.content, Complaint.demand,
            Complaint.validity, Complaint.validity_note, Complaint.grade, Complaint.status,
            Complaint.note,
        )
        .join(receiver, receiver.id == Complaint.receiver_id)
        .join(Category, Category.id == Complaint.category_id)
        .outerjoin(Department, Department.id == Complaint.department_id)
    )
    found: dict[int, RegisterRow] = {}
    with db.read() as session:
        actor = require(session, actor, Perm.COMPLAINT_VIEW)
        masked = not can(actor.role, Perm.PII_VIEW)
        for start in range(0, len(complaint_ids), 500):
            chunk = list(complaint_ids[start : start + 500])
            for r in session.execute(query.where(Complaint.id.in_(chunk))):
                phone = mask_phone(r[6]) if masked else r[6]
                found[r[0]] = RegisterRow(*r[:6], phone, r[7], r[8], r[9] or "", *r[10:])
    return [found[i] for i in complaint_ids if i in found]


def rows_between(db: Database, actor: Actor, flt: RegisterFilter) -> list[RegisterRow]:
    """Rows for printing: the filter, oldest first, as the paper register runs."""
    return rows(db, actor, ids(db, actor, flt, sort="received_at", descending=False))
