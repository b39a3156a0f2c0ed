"""SQLAlchemy 2 models.

Designed with the whole specification in view: complaints carry what the
register (ZC-QR-027) needs now, and ``complaint_events`` records every step of
their life so that later clocks (SPEC §2.4) can be computed from history.
``history`` is append-only and chained with SHA-256 (SPEC §8).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from frontdesk.domain.changes import COMPLAINT, CUSTOMER, LETTER, REFERENCE, SETTINGS, USER


class Base(DeclarativeBase):
    """A model whose rows the screens show says which record they belong to in ``__record__``:
    (record kind, the attribute holding that record's id, or ``None`` for the kind as a whole).
    The change broadcast reads it (:mod:`frontdesk.db.changes`)."""


class Setting(Base):
    __tablename__ = "settings"
    __record__ = (SETTINGS, None)

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="")  # JSON text


class RoleRow(Base):
    __tablename__ = "roles"

    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(50))


class Department(Base):
    __tablename__ = "departments"
    __record__ = (REFERENCE, None)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50), unique=True)
    code: Mapped[str] = mapped_column(String(16), default="")  # prefix of its letter numbers
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class User(Base):
    __tablename__ = "users"
    __record__ = (USER, "id")

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(50), unique=True)
    display_name: Mapped[str] = mapped_column(String(50))
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(ForeignKey("roles.code"))
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"))
    is_head: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())  # signs for the department
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime)


class Category(Base):
    __tablename__ = "categories"
    __record__ = (REFERENCE, None)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50), unique=True)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Customer(Base):
    __tablename__ = "customers"
    __record__ = (CUSTOMER, "id")

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), default="person")  # person / company
    name: Mapped[str] = mapped_column(String(100), index=True)
    gender: Mapped[str] = mapped_column(String(8), default="")
    phone: Mapped[str] = mapped_column(String(40), default="", index=True)
    other_phones: Mapped[str] = mapped_column(String(200), default="")
    id_number: Mapped[str] = mapped_column(String(40), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    grade: Mapped[str] = mapped_column(String(1), default="")  # A–E
    value_tier: Mapped[str] = mapped_column(String(16), default="")
    relationship_state: Mapped[str] = mapped_column(String(16), default="")
    rep_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime)

    locations: Mapped[list[Location]] = relationship(back_populates="customer")


class Location(Base):
    """A unit (楼栋-单元-房号) in the property profile or a vehicle in the dealership one."""

    __tablename__ = "locations"
    __record__ = (CUSTOMER, "customer_id")

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16), default="unit")  # unit / vehicle
    area: Mapped[str] = mapped_column(String(50), default="")
    building: Mapped[str] = mapped_column(String(20), default="")
    unit: Mapped[str] = mapped_column(String(20), default="")
    floor: Mapped[str] = mapped_column(String(20), default="")
    room: Mapped[str] = mapped_column(String(20), default="")
    plate: Mapped[str] = mapped_column(String(20), default="")
    vin: Mapped[str] = mapped_column(String(40), default="")
    model: Mapped[str] = mapped_column(String(50), default="")
    purchase_date: Mapped[datetime | None] = mapped_column(DateTime)
    label: Mapped[str] = mapped_column(String(100), default="", index=True)

    customer: Mapped[Customer | None] = relationship(back_populates="locations")


class NumberSequence(Base):
    """Last number handed out per prefix and period; bumped in the same transaction as the insert."""

    __tablename__ = "number_sequences"

    prefix: Mapped[str] = mapped_column(String(16), primary_key=True)
    period: Mapped[str] = mapped_column(String(8), primary_key=True)
    last_value: Mapped[int] = mapped_column(Integer, default=0)


class Complaint(Base):
    """One row of 《客户投诉记录表》 ZC-QR-027."""

    __tablename__ = "complaints"
    __record__ = (COMPLAINT, "id")

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(20), unique=True)
    received_at: Mapped[datetime] = mapped_column(DateTime)
    receiver_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    channel: Mapped[str] = mapped_column(String(16))
    complainant: Mapped[str] = mapped_column(String(100))
    phone: Mapped[str] = mapped_column(String(40))
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"))
    location_id: Mapped[int | None] = mapped_column(ForeignKey("locations.id"))
    location_text: Mapped[str] = mapped_column(String(100), default="")
    category_id: Mapped[int] = mapped_column(ForeignKey("categories.id"))
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"))
    target: Mapped[str] = mapped_column(String(100), default="")
    content: Mapped[str] = mapped_column(Text)
    demand: Mapped[str] = mapped_column(Text, default="")
    validity: Mapped[str] = mapped_column(String(16), default="valid")
    validity_note: Mapped[str] = mapped_column(Text, default="")
    grade: Mapped[str] = mapped_column(String(8), default="minor")
    major_criteria: Mapped[str] = mapped_column(String(8), default="")  # e.g. "AC"
    grade_reason: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default="registered")
    escalated: Mapped[bool] = mapped_column(Boolean, default=False)
    note: Mapped[str] = mapped_column(Text, default="")
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        Index("ix_complaints_received_at", "received_at"),
        Index("ix_complaints_status_received", "status", "received_at"),
        Index("ix_complaints_category_received", "category_id", "received_at"),
        Index("ix_complaints_department_received", "department_id", "received_at"),
        Index("ix_complaints_grade_received", "grade", "received_at"),
        Index("ix_complaints_validity_received", "validity", "received_at"),
        Index("ix_complaints_customer", "customer_id"),
        Index("ix_complaints_complainant_received", "complainant", "received_at"),
        Index("ix_complaints_channel_received", "channel", "received_at"),
        Index("ix_complaints_location_received", "location_text", "received_at"),
        Index("ix_complaints_phone_received", "phone", "received_at"),
    )


class ComplaintEvent(Base):
    """A step in a complaint's life (received, dispatched, method written, resolved…).

    Clocks are computed from these events, never from mutable status columns.
    """

    __tablename__ = "complaint_events"
    __record__ = (COMPLAINT, "complaint_id")

    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaints.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    at: Mapped[datetime] = mapped_column(DateTime)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    data: Mapped[str] = mapped_column(Text, default="")  # JSON


class Disposition(Base):
    """《客户投诉处置表》 ZC-QR-028: one per valid complaint, its blocks filled as it moves on."""

    __tablename__ = "dispositions"
    __record__ = (COMPLAINT, "complaint_id")

    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaints.id"), unique=True)
    # 2. dispatch
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"), index=True)
    dispatcher_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    dispatched_at: Mapped[datetime | None] = mapped_column(DateTime)
    handling_limit_minutes: Mapped[int | None] = mapped_column(Integer)
    dispatch_note: Mapped[str] = mapped_column(Text, default="")
    # 3. handling method, written by the department and signed by its head
    method_text: Mapped[str] = mapped_column(Text, default="")
    method_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    method_at: Mapped[datetime | None] = mapped_column(DateTime)
    head_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    head_at: Mapped[datetime | None] = mapped_column(DateTime)
    # 4. result
    on_the_spot: Mapped[bool] = mapped_column(Boolean, default=False)
    result_text: Mapped[str] = mapped_column(Text, default="")
    completed_at: Mapped[datetime | None] = mapped_column(DateTime)
    result_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    result_at: Mapped[datetime | None] = mapped_column(DateTime)
    # 5. verification and callback
    verification_text: Mapped[str] = mapped_column(Text, default="")
    verifier_name: Mapped[str] = mapped_column(String(50), default="")
    verification_passed: Mapped[bool | None] = mapped_column(Boolean)
    verified_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    verified_at: Mapped[datetime | None] = mapped_column(DateTime)
    verification_channel: Mapped[str] = mapped_column(String(10), default="", server_default="")  # phone, wechat, visit
    verification_for: Mapped[str] = mapped_column(String(50), default="", server_default="")  # recorded on whose behalf
    # 6. supervisor's opinion
    supervisor_opinion: Mapped[str] = mapped_column(Text, default="")
    supervisor_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    supervisor_at: Mapped[datetime | None] = mapped_column(DateTime)
    # 7. archive
    archived_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    archived_at: Mapped[datetime | None] = mapped_column(DateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class Letter(Base):
    """《工作联系函》 Z-QR-025 between departments (SPEC §3)."""

    __tablename__ = "letters"
    __record__ = (LETTER, "id")

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(30), unique=True)
    complaint_id: Mapped[int | None] = mapped_column(ForeignKey("complaints.id"), index=True)
    from_department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"))
    handler_id: Mapped[int] = mapped_column(ForeignKey("users.id"))  # 经办人
    issuer_name: Mapped[str] = mapped_column(String(50), default="")  # 签发人
    to_department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"), index=True)
    copies: Mapped[str] = mapped_column(String(200), default="")  # 抄送
    sent_at: Mapped[datetime] = mapped_column(DateTime)
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    requirement: Mapped[str] = mapped_column(Text, default="")
    reply_due: Mapped[datetime] = mapped_column(DateTime)
    received_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    received_at: Mapped[datetime | None] = mapped_column(DateTime)
    reply_text: Mapped[str] = mapped_column(Text, default="")
    replied_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    replied_at: Mapped[datetime | None] = mapped_column(DateTime)
    leader_opinion: Mapped[str] = mapped_column(Text, default="")
    leader_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    leader_at: Mapped[datetime | None] = mapped_column(DateTime)
    status: Mapped[str] = mapped_column(String(16), default="sent", index=True)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class Holiday(Base):
    """The administrator's corrections to the public-holiday calendar: a day off or a make-up working day."""

    __tablename__ = "holidays"
    __record__ = (SETTINGS, None)

    day: Mapped[datetime] = mapped_column(DateTime, primary_key=True)
    is_workday: Mapped[bool] = mapped_column(Boolean)  # True: 调休 make-up working day
    name: Mapped[str] = mapped_column(String(50), default="")


class HistoryHead(Base):
    """The single row that serialises appends to the history chain on every database."""

    __tablename__ = "history_head"

    id: Mapped[int] = mapped_column(primary_key=True)
    last_id: Mapped[int] = mapped_column(Integer, default=0)
    last_hash: Mapped[str] = mapped_column(String(64), default="")


class HistoryEntry(Base):
    """Append-only history: who, when, record, field, old → new, chained by SHA-256."""

    __tablename__ = "history"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    at: Mapped[datetime] = mapped_column(DateTime)
    user_id: Mapped[int | None] = mapped_column(Integer)
    username: Mapped[str] = mapped_column(String(50), default="")
    action: Mapped[str] = mapped_column(String(32))
    table_name: Mapped[str] = mapped_column(String(50))
    record_id: Mapped[int | None] = mapped_column(Integer)
    field: Mapped[str] = mapped_column(String(50), default="")
    old_value: Mapped[str] = mapped_column(Text, default="")
    new_value: Mapped[str] = mapped_column(Text, default="")
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))

    __table_args__ = (Index("ix_history_record", "table_name", "record_id"),)


__all__ = [
    "Base", "Setting", "RoleRow", "Department", "User", "Category", "Customer", "Location",
    "NumberSequence", "Complaint", "ComplaintEvent", "Disposition", "Letter", "Holiday",
    "HistoryHead", "HistoryEntry",
]
