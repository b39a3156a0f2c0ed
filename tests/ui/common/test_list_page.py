"""Pages refresh from the runner's one change broadcast, never from each other; a hidden register
waits until it is shown; a read that fails says so on the page, not in a dialog."""

from __future__ import annotations

from datetime import timedelta
from functools import partial

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from sqlalchemy import text

from frontdesk.domain.letter import LetterInput
from frontdesk.services import complaints, deadlines, disposition, letters
from frontdesk.ui.complaints.register_page import RegisterPage
from frontdesk.ui.disposition.inbox_page import InboxPage
from frontdesk.ui.letters.letters_page import LettersPage

from .conftest import T0, WAIT, settle


@pytest.fixture
def other_window(qtbot) -> QWidget:
    """The window the writes come from: no page knows it."""
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


def shown_page(qtbot, page: QWidget) -> QWidget:
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    qtbot.waitUntil(lambda: (settle(page.ctx.runner), not page.is_loading())[1], timeout=WAIT)
    return page


def message_boxes() -> list[QMessageBox]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]


def counter(signal) -> list:  # noqa: ANN001
    calls: list = []
    signal.connect(lambda *args: calls.append(args))
    return calls


def test_writes_elsewhere_reload_the_to_do_and_letters_pages(qtbot, people, make_ctx, runner, other_window,
                                                             complaint):
    ctx = make_ctx(people.handler)  # 工程部: what is dispatched and written to it
    inbox = shown_page(qtbot, InboxPage(ctx))
    letters_page = shown_page(qtbot, LettersPage(ctx))
    assert inbox.model.rowCount() == 0 and letters_page.model.rowCount() == 0
    inbox_loads, letter_loads = counter(inbox.loaded), counter(letters_page.loaded)
    engineering = people.departments["工程部"]

    # the front desk dispatches the complaint to 工程部 from its own window
    with qtbot.waitSignal(inbox.loaded, timeout=WAIT):
        runner.run_db(partial(disposition.dispatch, version=None), ctx.db, people.clerk, complaint.id, engineering,
                      parent=other_window)
    assert inbox.model.rowCount() == 1
    assert inbox.model.id_at(0) == complaint.id
    assert inbox.total == 1
    settle(runner)
    assert letter_loads == []  # no letter changed: the letters page did not read again

    # and writes 工程部 a letter about it
    form = LetterInput(
        from_department_id=people.departments["服务站"], to_department_id=engineering, subject="天花板渗水",
        body="请尽快上门查看", reply_due=T0 + timedelta(days=1), issuer_name="刘站长",
        complaint_id=complaint.id,
    )
    with qtbot.waitSignal(letters_page.loaded, timeout=WAIT):
        runner.run_db(letters.create, ctx.db, people.clerk, form, parent=other_window)
    assert letters_page.model.rowCount() == 1
    assert letters_page.awaiting == 1

    # settings are neither page's business
    inbox_loads.clear()
    letter_loads.clear()
    with qtbot.waitSignal(runner.changed, timeout=WAIT):
        runner.run_db(partial(deadlines.set_rule, limit_minutes=120, mode="calendar", pausable=True),
                      ctx.db, people.admin, "feedback", parent=other_window)
    settle(runner)
    assert inbox_loads == [] and letter_loads == []


def test_a_burst_of_writes_reloads_a_page_once(qtbot, people, make_ctx, runner, other_window, make_form):
    page = shown_page(qtbot, InboxPage(make_ctx(people.clerk)))
    loads = counter(page.loaded)
    before = page.total
    for name in ("王五", "赵六", "钱七"):
        runner.run_db(complaints.register, page.ctx.db, people.clerk, make_form(complainant=name),
                      parent=other_window)
    runner.wait_idle()
    qtbot.waitUntil(lambda: (settle(runner), page.total == before + 3)[1], timeout=WAIT)
    qtbot.wait(50)
    settle(runner)
    assert len(loads) == 1


def test_a_hidden_register_waits_and_reloads_when_shown(qtbot, people, make_ctx, runner, other_window, complaint,
                                                        make_form):
    page = RegisterPage(make_ctx(people.clerk))
    qtbot.addWidget(page)
    qtbot.waitUntil(lambda: (settle(runner), page.total_count == 1)[1], timeout=WAIT)
    assert not page.isVisible()
    counts = counter(page.counts_changed)

    with qtbot.waitSignal(runner.changed, timeout=WAIT):
        runner.run_db(complaints.register, page.ctx.db, people.clerk, make_form(complainant="王五"),
                      parent=other_window)
    settle(runner)
    qtbot.wait(50)
    settle(runner)
    assert counts == []  # hidden: nothing read yet
    assert page.watcher.stale
    assert page.total_count == 1

    with qtbot.waitSignal(page.counts_changed, timeout=WAIT) as reloaded:
        page.show()
    assert reloaded.args == [2, 2]
    assert page.total_count == 2
    assert not page.watcher.stale


def test_a_failing_read_says_so_on_the_page_and_opens_no_dialog(qtbot, db, people, make_ctx, complaint):
    page = shown_page(qtbot, InboxPage(make_ctx(people.clerk)))
    assert page.model.rowCount() == 1
    with db.engine.begin() as connection:  # the database is damaged for a moment
        connection.execute(text("ALTER TABLE complaints RENAME TO complaints_away"))
    try:
        with qtbot.waitSignal(page.loaded, timeout=WAIT):
            qtbot.keyClick(page.table, Qt.Key.Key_F5)
        assert page.message_label.text().startswith("未能读取:")
        assert "数据库" in page.message_label.text()
        assert page.message_label.isVisible()
        QApplication.processEvents()
        assert message_boxes() == []
        assert QApplication.activeModalWidget() is None
    finally:
        with db.engine.begin() as connection:
            connection.execute(text("ALTER TABLE complaints_away RENAME TO complaints"))

    with qtbot.waitSignal(page.loaded, timeout=WAIT):
        page.refresh_button.click()
    assert not page.message_label.text().startswith("未能读取")
    assert page.model.rowCount() == 1
