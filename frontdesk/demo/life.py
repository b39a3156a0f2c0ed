"""The life of one valid demo complaint on its disposition form (ZC-QR-028).

Each step happens at a plausible time after the one before, mostly within its
limit and sometimes late, and only if that time is not in the future; the steps
write the events the clocks read, the form's blocks and the status changes.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from frontdesk.domain.types import Actor
from frontdesk.domain.vocab import Grade, Status

METHODS = (
    "安排{dept}人员当天上门查看,确定原因后处理", "{dept}派专人跟进,先做临时处理,材料到后彻底修复",
    "{dept}负责人与客户电话沟通,约定时间上门处理", "{dept}立即整改,并对相关人员进行批评教育",
)
RESULTS = ("已处理完毕,客户现场确认", "问题已解决,经复查无异常", "已整改到位,客户表示认可", "已按约定时间处理完成")
CALLBACKS = (
    ("电话回访,客户表示满意", True), ("微信回访,客户对处理结果满意", True), ("电话回访,客户表示基本满意", True),
    ("上门面谈,客户认可处理结果", True), ("电话回访,客户认为问题仍未彻底解决", False),
)
OPINIONS = ("同意处理意见,归档", "处理及时,予以归档", "请服务站加强同类问题巡查,同意归档")


class Life:
    def __init__(self, rng: random.Random, row: dict, receiver: Actor, end: datetime,
                 events: list[tuple], changes: list[tuple]) -> None:
        self.rng, self.row, self.receiver, self.end = rng, row, receiver, end
        self.events, self.changes = events, changes
        self.status = Status.REGISTERED.value
        self.form: dict = {}

    def _after(self, start: datetime, low_minutes: float, high_minutes: float) -> datetime:
        return start + timedelta(minutes=self.rng.uniform(low_minutes, high_minutes))

    def _step(self, at: datetime, kind: str, actor: Actor | None, data: dict | None = None) -> bool:
        if at > self.end:
            return False
        self.events.append((at, kind, actor, data))
        return True

    def _status(self, at: datetime, actor: Actor, status: str) -> None:
        self.changes.append((at, actor, "status", self.status, status))
        self.status = status

    def major_at_registration(self, manager: Actor) -> None:
        received = self.row["received_at"]
        self._step(received, "became_major", self.receiver, {"reason": self.row["major_criteria"]})
        late = self.rng.random() < 0.15
        self._step(self._after(received, 11, 40) if late else self._after(received, 2, 10), "reported_major", manager)

    def upgraded(self, at: datetime, manager: Actor) -> None:
        """After the automatic upgrade on day 10 the area manager reports it."""
        self._step(self._after(at, 1, 9), "reported_major", manager)

    def feedback(self, resolved: datetime) -> None:
        received = self.row["received_at"]
        at = self._after(received, 30, 60 * 30) if self.rng.random() < 0.1 else self._after(received, 10, 60 * 20)
        if at < resolved:
            self._step(at, "feedback", self.receiver)

    def dispatch(self, at: datetime, handler: Actor, resolved: datetime) -> None:
        self._step(at, "dispatched", self.receiver, {"department_id": self.row["department_id"], "limit_minutes": 60})
        self._status(at, self.receiver, Status.DISPATCHED.value)
        self.form.update(department_id=self.row["department_id"], dispatcher_id=self.receiver.id,
                         dispatched_at=at, handling_limit_minutes=60)
        written = self._after(at, 65, 180) if self.rng.random() < 0.12 else self._after(at, 8, 58)
        if written < resolved and self._step(written, "method_written", handler):
            self.form.update(method_text=self.rng.choice(METHODS).format(dept=""), method_by=handler.id,
                             method_at=written)
            signed = self._after(written, 5, 90)
            if signed < resolved and self._step(signed, "method_signed", handler):
                self.form.update(head_by=handler.id, head_at=signed)

    def resolve(self, at: datetime, by: Actor) -> None:
        on_the_spot = not self.form.get("dispatched_at")
        self._step(at, "resolved", by, {"on_the_spot": on_the_spot})
        self._status(at, by, Status.RESOLVED.value)
        self.row["resolved_at"] = at
        self.form.update(on_the_spot=on_the_spot, result_text=self.rng.choice(RESULTS), completed_at=at,
                         result_by=by.id, result_at=at)

    def close(self, supervisor: Actor, caller: Actor) -> None:
        resolved = self.row["resolved_at"]
        called = self._after(resolved, 30, 60 * 30) if self.rng.random() < 0.1 else self._after(resolved, 20, 60 * 20)
        text, passed = self.rng.choices(CALLBACKS, (30, 30, 20, 15, 5))[0]
        if not self._step(called, "callback_done", caller, {"passed": passed}):
            return
        # the owner calls back: the receiver by phone or WeChat, the area manager face to face
        channel = "visit" if self.row["grade"] == Grade.MAJOR else self.rng.choice(("phone", "phone", "wechat"))
        self.form.update(verification_text=text, verifier_name=self.row["complainant"], verification_passed=passed,
                         verified_by=caller.id, verified_at=called, verification_channel=channel)
        if not passed:  # reopened: the department acts again, and the next callback passes
            self._step(called, "reopened", caller)
            self._status(called, caller, Status.DISPATCHED.value)
            self.row["resolved_at"] = None
            again = self._after(called, 60, 60 * 8)
            if again > self.end:
                return
            self.resolve(again, caller)
            called = self._after(again, 20, 60 * 20)
            text, passed = CALLBACKS[0]
            if not self._step(called, "callback_done", caller, {"passed": True}):
                return
            self.form.update(verification_text=text, verification_passed=True, verified_at=called)
        signed = self._after(called, 30, 60 * 24)
        if not self._step(signed, "supervisor_signed", supervisor):
            return
        self.form.update(supervisor_opinion=self.rng.choice(OPINIONS), supervisor_by=supervisor.id,
                         supervisor_at=signed)
        self._step(signed, "closed", supervisor)
        self._status(signed, supervisor, Status.CLOSED.value)
        self.row["closed_at"] = signed
        archived = self._after(signed, 60 * 24, 60 * 24 * 6)
        if archived <= self.end - timedelta(days=3) and self._step(archived, "archived", self.receiver):
            self.form.update(archived_by=self.receiver.id, archived_at=archived)
            self._status(archived, self.receiver, Status.ARCHIVED.value)
