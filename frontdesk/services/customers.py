"""Customer archive, basic part (SPEC §5): find as you type, create on the spot."""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy import text as sql_text
from sqlalchemy.orm import Session

from frontdesk.db.engine import Database
from frontdesk.db.models import Customer, Location
from frontdesk.domain.customer import unit_label, validate_customer, vehicle_label
from frontdesk.domain.errors import ValidationFailed
from frontdesk.domain.permissions import Perm, can
from frontdesk.domain.privacy import mask_phone
from frontdesk.domain.types import Actor, CustomerInput, CustomerMatch
from frontdesk.domain.wallclock import now
from frontdesk.services import audit
from frontdesk.services.access import require

SUGGESTIONS = 15
MIN_TRIGRAM = 3  # the trigram index finds fragments of three characters or more
MAX_CANDIDATES = 500


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def search(db: Database, actor: Actor, text: str, limit: int = SUGGESTIONS) -> list[CustomerMatch]:
    """Customers whose name, phone or location contains ``text`` (a few characters are enough).

    Phones are masked for a role without ``Perm.PII_VIEW``.
    """
    text = text.strip()
    pattern = _like(text)
    with db.read() as session:
        actor = require(session, actor, Perm.CUSTOMER_VIEW)
        if not text:
            return []
        masked = not can(actor.role, Perm.PII_VIEW)
        candidates = _indexed_candidates(db, session, text)
        query = (
            select(Customer.id, Customer.name, Customer.phone, Location.id, Location.label)
            .outerjoin(Location, Location.customer_id == Customer.id)
            .where(
                or_(
                    Customer.name.like(pattern, escape="\\"),
                    Customer.phone.like(pattern, escape="\\"),
                    Customer.other_phones.like(pattern, escape="\\"),
                    Location.label.like(pattern, escape="\\"),
                    Location.plate.like(pattern.upper(), escape="\\"),
                    Location.vin.like(pattern.upper(), escape="\\"),
                )
            )
            .order_by(Customer.name, Location.label)
            .limit(limit)
        )
        if candidates is not None:
            query = query.where(Customer.id.in_(candidates))
        return [CustomerMatch(cid, name, mask_phone(phone) if masked else phone, lid, label or "")
                for cid, name, phone, lid, label in session.execute(query)]


def _indexed_candidates(db: Database, session: Session, text: str) -> list[int] | None:
    """Customers the trigram index finds for ``text`` (SQLite, 3 characters or more); None: no index."""
    if not db.is_sqlite or len(text) < MIN_TRIGRAM:
        return None
    quoted = '"' + text.replace('"', '""') + '"'
    rows = session.execute(
        sql_text("SELECT rowid FROM customer_search WHERE customer_search MATCH :q LIMIT :n"),
        {"q": quoted, "n": MAX_CANDIDATES},
    )
    return [row[0] for row in rows]


def create_in(session: Session, actor: Actor, form: CustomerInput) -> tuple[int, int | None, str]:
    """Create a customer (and their unit or vehicle) inside the caller's unit of work.

    Returns ``(customer_id, location_id, location_label)``.
    """
    actor = require(session, actor, Perm.CUSTOMER_EDIT)
    errors = validate_customer(form)
    if errors:
        raise ValidationFailed(errors)
    customer = Customer(
        kind=form.kind, name=form.name.strip(), gender=form.gender, phone=form.phone.strip(),
        other_phones=form.other_phones.strip(), id_number=form.id_number.strip(),
        note=form.note, created_at=now(),
    )
    session.add(customer)
    session.flush()
    audit.record(session, actor, "create", "customers", customer.id, "name", "", customer.name)
    audit.record(session, actor, "create", "customers", customer.id, "phone", "", customer.phone)
    location_id, label = None, ""
    if form.plate.strip() or form.vin.strip():
        label = vehicle_label(form.plate, form.model)
        location = Location(
            customer_id=customer.id, kind="vehicle", plate=form.plate.strip().upper(),
            vin=form.vin.strip().upper(), model=form.model.strip(), label=label,
        )
    elif form.building.strip() or form.room.strip():
        label = unit_label(form.area, form.building, form.unit, form.room)
        location = Location(
            customer_id=customer.id, kind="unit", area=form.area.strip(), building=form.building.strip(),
            unit=form.unit.strip(), room=form.room.strip(), label=label,
        )
    else:
        location = None
    if location is not None:
        session.add(location)
        session.flush()
        location_id = location.id
        audit.record(session, actor, "create", "locations", location.id, "label", "", label)
    return customer.id, location_id, label


def create(db: Database, actor: Actor, form: CustomerInput) -> CustomerMatch:
    with db.write() as session:
        actor = require(session, actor, Perm.CUSTOMER_EDIT)
        customer_id, location_id, label = create_in(session, actor, form)
        phone = form.phone.strip()
        return CustomerMatch(customer_id, form.name.strip(), phone if can(actor.role, Perm.PII_VIEW) else mask_phone(phone),
                             location_id, label)
