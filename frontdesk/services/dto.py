"""Plain data that crosses from the services to the UI and the reports: never ORM objects."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass(frozen=True)
class Actor:
    """The signed-in user, as the services see them."""

    id: int
    username: str
    display_name: str
    role: str
    department_id: int | None = None


@dataclass(frozen=True)
class Option:
    id: int
    name: str


@dataclass(frozen=True)
class CustomerInput:
    name: str
    phone: str
    kind: str = "person"
    gender: str = ""
    other_phones: str = ""
    id_number: str = ""
    note: str = ""
    # location: a unit in the property profile or a vehicle in the dealership profile
    building: str = ""
    unit: str = ""
    room: str = ""
    area: str = ""
    plate: str = ""
    vin: str = ""
    model: str = ""


@dataclass(frozen=True)
class CustomerMatch:
    """One suggestion while typing: a customer with one of their locations."""

    customer_id: int
    name: str
    phone: str
    location_id: int | None
    location_label: str

    @property
    def display(self) -> str:
        parts = [self.name, self.phone, self.location_label]
        return "  ".join(p for p in parts if p)


@dataclass(frozen=True)
class ComplaintInput:
    channel: str
    complainant: str
    phone: str
    category_id: int | None
    content: str
    customer_id: int | None = None
    location_id: int | None = None
    location_text: str = ""
    department_id: int | None = None
    target: str = ""
    demand: str = ""
    validity: str = "valid"
    validity_note: str = ""
    grade: str = "minor"
    major_criteria: str = ""
    note: str = ""
    received_at: datetime | None = None  # None: now; set when entering paper forms later


@dataclass(frozen=True)
class ComplaintView:
    id: int
    number: str
    received_at: datetime
    receiver_name: str
    channel: str
    complainant: str
    phone: str
    customer_id: int | None
    location_id: int | None
    location_text: str
    category_id: int
    category_name: str
    department_id: int | None
    department_name: str
    target: str
    content: str
    demand: str
    validity: str
    validity_note: str
    grade: str
    major_criteria: str
    grade_reason: str
    status: str
    escalated: bool
    note: str
    version: int


@dataclass(frozen=True)
class RegisterFilter:
    date_from: date | None = None
    date_to: date | None = None  # inclusive
    category_id: int | None = None
    grade: str | None = None
    status: str | None = None
    department_id: int | None = None
    validity: str | None = None
    text: str = ""


@dataclass(frozen=True)
class RegisterRow:
    """One line of the register table and of the printed ZC-QR-027."""

    id: int
    number: str
    received_at: datetime
    receiver_name: str
    channel: str
    complainant: str
    phone: str
    location_text: str
    category_name: str
    department_name: str
    target: str
    content: str
    demand: str
    validity: str
    validity_note: str
    grade: str
    status: str
    note: str


@dataclass(frozen=True)
class HistoryItem:
    id: int
    at: datetime
    username: str
    action: str
    field: str
    old_value: str
    new_value: str


@dataclass(frozen=True)
class ChainReport:
    checked: int
    broken_ids: list[int] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.broken_ids
