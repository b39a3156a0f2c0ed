"""Work contact letters for the demo: one for each escalated or reopened complaint, and a few
still waiting for a reply, written through the letter service as the people would have."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from sqlalchemy import or_, select

from frontdesk.db.engine import Database
from frontdesk.db.models import Complaint, ComplaintEvent, User
from frontdesk.domain import letter as letter_rules
from frontdesk.domain import wallclock
from frontdesk.domain.permissions import Role
from frontdesk.domain.types import Actor
from frontdesk.services import letters

REPLIES = (
    "已安排专人跟进,问题已处理完毕,请服务站回访客户", "已于当日整改完成,相关人员已作教育",
    "已与客户沟通确认处理方案,材料到货后两日内完成", "经核查情况属实,已落实整改并建立巡查记录",
)
OPINIONS = ("同意回复意见,请服务站做好回访", "请相关部门举一反三,避免再次发生", "已阅,按回复意见执行")


def _actors(db: Database) -> dict[str, list[Actor]]:
    with db.read() as session:
        users = session.execute(select(User).where(User.active.is_(True)).order_by(User.id)).scalars().all()
        result: dict[str, list[Actor]] = {}
        for u in users:
            result.setdefault(u.role, []).append(
                Actor(u.id, u.username, u.display_name, u.role, u.department_id, u.is_head))
        return result


def add_letters(db: Database, rng: random.Random, end: datetime, first_complaint_id: int = 1) -> int:
    """Letters about the complaints that needed another department's answer (those from
    ``first_complaint_id`` on: this run's); returns how many."""
    people = _actors(db)
    clerks = [a for a in people.get(Role.CLERK, []) if a.department_id is not None]
    supervisor = (people.get(Role.SUPERVISOR) or [None])[0]
    handlers = {a.department_id: a for a in people.get(Role.HANDLER, [])}
    if not clerks or not handlers:
        return 0
    with db.read() as session:
        reopened = select(ComplaintEvent.complaint_id).where(ComplaintEvent.kind == "reopened")
        rows = session.execute(
            select(Complaint.id, Complaint.number, Complaint.received_at, Complaint.department_id,
                   Complaint.content, Complaint.demand, Complaint.complainant, Complaint.location_text)
            .where(Complaint.id >= first_complaint_id, Complaint.validity == "valid",
                   Complaint.department_id.in_(list(handlers)),
                   or_(Complaint.escalated.is_(True), Complaint.id.in_(reopened),
                       Complaint.received_at >= end - timedelta(days=2)))
            .order_by(Complaint.received_at)
        ).all()
    recent = [r for r in rows if r.received_at >= end - timedelta(days=2)][-3:]
    chosen = [r for r in rows if r.received_at < end - timedelta(days=2)] + recent
    written = 0
    for row in chosen:
        clerk = rng.choice(clerks)
        sent = row.received_at + timedelta(minutes=rng.randint(20, 120))
        if sent > end:
            continue
        due = (sent + timedelta(days=rng.choice((1, 2, 3)))).replace(hour=17, minute=0, second=0, microsecond=0)
        form = letter_rules.LetterInput(
            from_department_id=clerk.department_id, to_department_id=row.department_id,
            subject=f"关于投诉 {row.number}({row.complainant} {row.location_text})的处理",
            body=f"{row.content}\n客户要求:{row.demand}", reply_due=due, issuer_name="周强",
            copies="资产管理部", requirement="请于回复期限前书面回复处理结果及完成时间", complaint_id=row.id,
        )
        with wallclock.at(sent):
            view = letters.create(db, clerk, form)
        written += 1
        late = rng.random() < 0.15
        replied = due + timedelta(hours=rng.uniform(1, 30)) if late else sent + timedelta(
            hours=rng.uniform(2, max(3.0, (due - sent).total_seconds() / 3600 - 1)))
        if replied > end:
            continue
        with wallclock.at(replied):
            view = letters.reply(db, handlers[row.department_id], view.id, rng.choice(REPLIES), view.version)
        signed = replied + timedelta(hours=rng.uniform(2, 30))
        if supervisor is not None and signed <= end:
            with wallclock.at(signed):
                letters.leader_opinion(db, supervisor, view.id, rng.choice(OPINIONS), view.version)
    return written
