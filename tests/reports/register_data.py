"""Register rows built directly, for the report tests (no database needed)."""

from __future__ import annotations

from datetime import datetime, timedelta

from frontdesk.domain.types import RegisterRow


def register_row(index: int = 1, **changes) -> RegisterRow:
    values = dict(
        id=index,
        number=f"TS-202611-{index:04d}",
        received_at=datetime(2026, 11, 1, 8, 30) + timedelta(hours=3 * index),
        receiver_name="王前台",
        channel="phone",
        complainant="李四",
        phone="13812345678",
        location_text="3-2-1201",
        category_name="维修服务",
        department_name="工程部",
        target="维修班组",
        content="楼上漏水,天花板渗水",
        demand="尽快维修",
        validity="valid",
        validity_note="",
        grade="minor",
        status="dispatched",
        note="",
    )
    values.update(changes)
    return RegisterRow(**values)


def register_rows(count: int) -> list[RegisterRow]:
    return [
        register_row(i, complainant=f"业主{i}号", content=f"第{i}条投诉:楼上漏水,天花板渗水" * (1 + i % 3))
        for i in range(1, count + 1)
    ]
