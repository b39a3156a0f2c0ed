"""Plain data that crosses from the services to the UI and the reports: never ORM objects."""

from __future__ import annotations

from collections.abc import Callable, Mapping
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
    is_head: bool = False  # the head of ``department_id``: signs its handling methods


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
    display_name: str = ""  # the person's name as users know it; "" for the app itself


@dataclass(frozen=True)
class ChainBreak:
    """One thing wrong with the history, its chain head or the database's guards on them.

    ``kind`` says what (see :data:`CHAIN_BREAK_KINDS`); entries ``first_id`` to ``last_id``
    are the ones concerned, ``name`` the guard or table, ``head_id`` where the chain head
    points, ``count`` how many records exist beside an empty history.
    """

    kind: str
    first_id: int | None = None
    last_id: int | None = None
    name: str = ""
    head_id: int | None = None
    count: int = 0


#: What a :class:`ChainBreak` can say.  Entries: ``missing`` (deleted), ``altered`` (content or
#: hash changed), ``unreadable`` (a value that is not of its column's kind), ``beyond_head``
#: (entries after the point the chain head records).  The head: ``head_missing``,
#: ``head_mismatch`` (its hash is not the last entry's).  ``empty``: no history beside existing
#: records.  Guards (triggers) and tables: ``guard_missing``, ``guard_altered``,
#: ``guard_disabled``, ``table_missing``.
CHAIN_BREAK_KINDS = (
    "missing", "altered", "unreadable", "beyond_head", "head_missing", "head_mismatch", "empty",
    "guard_missing", "guard_altered", "guard_disabled", "table_missing",
)


@dataclass(frozen=True)
class ChainReport:
    """What checking the history found: how many entries were checked, and every break, first one first."""

    checked: int
    breaks: tuple[ChainBreak, ...] = ()
    revision: str = ""  # the database's schema revision when it is older than the program's

    @property
    def ok(self) -> bool:
        return not self.breaks

    @property
    def broken_ids(self) -> list[int]:
        """The first entry of each break that names entries, in order."""
        return [b.first_id for b in self.breaks if b.first_id is not None]

    @property
    def first_broken(self) -> int | None:
        """The first entry that can no longer be trusted; None when no entry is named."""
        return min(self.broken_ids, default=None)


@dataclass(frozen=True)
class DispositionView:
    """《客户投诉处置表》 ZC-QR-028 as it stands: the complaint header and the seven blocks.

    A name of ``""`` with a time of ``None`` is a block not yet signed.  A form no step has
    been taken on is not stored yet: its ``id`` and ``version`` are ``None``.
    """

    id: int | None
    complaint: ComplaintView
    # 2. dispatch
    department_id: int | None
    department_name: str
    dispatcher_name: str
    dispatched_at: datetime | None
    handling_limit_minutes: int | None
    dispatch_note: str
    # 3. handling method
    method_text: str
    method_by: int | None  # the writer's user id: the head who signs must be someone else
    method_by_name: str
    method_at: datetime | None
    head_name: str
    head_at: datetime | None
    # 4. result
    on_the_spot: bool
    result_text: str
    completed_at: datetime | None
    result_by_name: str
    result_at: datetime | None
    # 5. verification and callback
    verification_text: str
    verifier_name: str
    verification_passed: bool | None
    verified_by_name: str
    verified_at: datetime | None
    verification_channel: str  # phone, wechat or visit (see domain.disposition.CALLBACK_CHANNELS)
    verification_for: str  # whose callback it was, when someone else recorded it; "" when they did
    callback_owner: str  # whose callback it is by the grade: 受理人 王前台 / 片区经理
    callback_is_mine: bool  # the reader is that owner (else they may record only on the owner's behalf)
    # 6. supervisor's opinion
    supervisor_opinion: str
    supervisor_name: str
    supervisor_at: datetime | None
    # 7. archive
    archived_by_name: str
    archived_at: datetime | None
    version: int | None
    clocks: tuple = ()  # tuple[frontdesk.clocks.ClockState, ...] at the time it was read


@dataclass(frozen=True)
class LetterView:
    """《工作联系函》 Z-QR-025."""

    id: int
    number: str
    complaint_id: int | None
    complaint_number: str
    from_department_id: int
    from_department_name: str
    handler_name: str  # 经办人
    issuer_name: str  # 签发人
    to_department_id: int
    to_department_name: str
    copies: str  # 抄送
    sent_at: datetime
    subject: str  # 事由
    body: str  # 具体内容
    requirement: str  # 处理要求
    reply_due: datetime  # 回复期限
    received_by_name: str
    received_at: datetime | None
    reply_text: str
    replied_by_name: str
    replied_at: datetime | None
    leader_opinion: str
    leader_name: str
    leader_at: datetime | None
    status: str  # sent / received / replied / overdue (overdue is derived from the clock)
    version: int


@dataclass(frozen=True)
class BoardItem:
    """One open deadline on the overdue board."""

    kind: str  # "complaint" or "letter"
    record_id: int
    number: str
    title: str  # complainant, or the letter's subject
    department_name: str
    clock: object  # frontdesk.clocks.ClockState


@dataclass(frozen=True)
class Printout:
    """A printout or export ready to be written, and what its log entry will say (SPEC §8).

    A service prepares it on the database worker (checking the role and reading the
    data); ``build(out, progress)`` writes the file from that plain data on any thread and
    returns the pages or rows written; the export is then logged on the database worker
    (:func:`frontdesk.services.exports.log`), so every printout is in the history.
    """

    kind: str  # what it is: register_pdf, register_xlsx, disposition_pdf, letter_pdf
    table: str  # the history entry's table and record (None: a list or a blank form)
    record_id: int | None
    build: Callable[..., int]  # build(out: Path | BinaryIO, progress: Progress) -> pages or rows
    details: Mapping[str, object] = field(default_factory=dict)  # masked, period, number …
    unit: str = "pages"  # what build's count is: pages or rows
