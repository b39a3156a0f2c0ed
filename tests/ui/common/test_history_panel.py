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


def test_an_entry_about_a_letter_opens_the_letter(qtbot, db, clerk, make_form):
    from datetime import timedelta

    from frontdesk.domain.letter import LetterInput
    from frontdesk.services import letters
    from frontdesk.ui.letters.letter_dialog import LetterDialog

    wallclock.set_fixed(datetime(2026, 11, 25, 9, 0))
    view = complaints.register(db, clerk, make_form())
    first, second = reference.departments(db)[:2]
    letter = letters.create(db, clerk, LetterInput(
        from_department_id=first.id, to_department_id=second.id, subject="漏水", body="请处理",
        reply_due=datetime(2026, 11, 25, 9, 0) + timedelta(days=1), issuer_name="周强", complaint_id=view.id))
    runner = TaskRunner()
    panel = HistoryPanel()
    qtbot.addWidget(panel)
    panel.show_for(AppContext(db=db, actor=clerk, runner=runner), view.id)
    qtbot.waitUntil(lambda: any(letter.number in row[3] for row in panel.rows()), timeout=10000)
    row = next(i for i, r in enumerate(panel.rows()) if letter.number in r[3])
    with qtbot.waitSignal(panel.opened, timeout=10000) as opened:
        panel.history_list.itemActivated.emit(panel.history_list.topLevelItem(row), 0)
    form = opened.args[0]
    assert isinstance(form, LetterDialog) and form.record_id == letter.id
    form.done(0)
    runner.wait_idle()


def test_a_printout_reads_as_words_and_any_entry_opens_in_full(qtbot, db, clerk, make_form, tmp_path):
    wallclock.set_fixed(datetime(2026, 11, 25, 9, 0))
    view = complaints.register(db, clerk, make_form(content="楼上漏水" * 30))
    disposition.print_form(db, clerk, view.id, tmp_path / "d.pdf")
    runner = TaskRunner()
    panel = HistoryPanel()
    qtbot.addWidget(panel)
    panel.show_for(AppContext(db=db, actor=clerk, runner=runner), view.id)
    qtbot.waitUntil(lambda: any(row[2] == "打印处置表" for row in panel.rows()), timeout=10000)
    printed = next(row for row in panel.rows() if row[2] == "打印处置表")
    assert printed[3].startswith("d.pdf · ") and "页" in printed[3] and "{" not in printed[3]
    panel.history_list.itemActivated.emit(panel.history_list.topLevelItem(len(panel.rows()) - 1), 0)
    assert "楼上漏水" * 30 in panel.detail_box.text() or view.number in panel.detail_box.text()
    panel.detail_box.done(0)
    runner.wait_idle()
