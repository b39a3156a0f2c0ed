"""The history side panel lists the complaint's changes and its disposition form's steps by name."""

from __future__ import annotations

from datetime import datetime

from frontdesk.domain import wallclock
from frontdesk.services import complaints, disposition, reference
from frontdesk.ui.common.base import AppContext
from frontdesk.ui.common.history_panel import HistoryPanel
from frontdesk.ui.common.tasks import TaskRunner


def test_disposition_steps_are_listed_with_people_by_name(qtbot, db, clerk, make_form):
    wallclock.set_fixed(datetime(2026, 11, 25, 9, 0))
    view = complaints.register(db, clerk, make_form())
    department = reference.departments(db)[1]
    disposition.dispatch(db, clerk, view.id, department.id, version=None)
    runner = TaskRunner()
    panel = HistoryPanel()
    qtbot.addWidget(panel)
    panel.show_for(AppContext(db=db, actor=clerk, runner=runner), view.id)
    qtbot.waitUntil(lambda: any("派单" in row[2] for row in panel.rows()), timeout=10000)
    rows = panel.rows()
    dispatcher = next(row for row in rows if row[2] == "派单·派单人")
    assert dispatcher[3].endswith("王前台")
    assert any(row[2] == "状态" and row[3] == "已登记 → 处理中" for row in rows)
    runner.wait_idle()
