"""The register page on a real temporary database: filters, search, counts, export, permissions."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from frontdesk.domain import wallclock
from frontdesk.services import auth, complaints, reference
from frontdesk.ui.common.base import AppContext
from frontdesk.ui.complaints import register_model
from frontdesk.ui.complaints.register_model import COMPLAINANT, CONTENT, NUMBER, PHONE
from frontdesk.ui.complaints.register_page import RegisterPage

TODAY = datetime(2026, 11, 25, 16, 0)
WAIT = 10000
IN_NOVEMBER = 30
IN_OCTOBER = 20


def seed(db, actor, make_form, count_november=IN_NOVEMBER, count_october=IN_OCTOBER) -> None:
    """Complaints spread over November (this month) and October (last month)."""
    categories = reference.categories(db)
    departments = reference.departments(db)
    moments = [TODAY - timedelta(days=i % 24, hours=i % 5) for i in range(count_november)]
    moments += [datetime(2026, 10, 1 + i % 30, 10, 0) for i in range(count_october)]
    for i, moment in enumerate(moments):
        major = i % 10 == 3
        complaints.register(db, actor, make_form(
            complainant=f"业主{i:02d}", phone=f"139{i:04d}{8000 + i:04d}",
            category_id=categories[i % 3].id, department_id=departments[i % 2].id,
            content=f"第{i}号投诉:电梯故障停运" if i % 4 == 0 else f"第{i}号投诉:楼道灯不亮",
            location_text=f"{1 + i % 5}-1-{1001 + i}", received_at=moment,
            grade="major" if major else "minor", major_criteria="A" if major else "",
        ))



def make_ctx(db, actor, runner) -> AppContext:
    return AppContext(db=db, actor=actor, runner=runner, profile="property", site_name="阳光花园服务站")


@pytest.fixture
def page(qtbot, db, admin, make_form, runner):
    wallclock.set_fixed(TODAY)
    seed(db, admin, make_form)
    widget = RegisterPage(make_ctx(db, admin, runner))
    qtbot.addWidget(widget)
    widget.resize(1280, 700)
    widget.show()
    wait_loaded(qtbot, widget)
    qtbot.waitUntil(lambda: widget.category_combo.count() > 1, timeout=WAIT)
    return widget


def wait_loaded(qtbot, page, rows: int | None = None) -> None:
    """Wait until the runner is idle and the page shows the latest query (``rows`` of them)."""
    def settled() -> bool:
        page.ctx.runner.wait_idle()
        QApplication.processEvents()
        if page.search_timer.isActive() or page.ctx.runner.active_count():
            return False
        return rows is None or page.model.row_count() == rows

    qtbot.waitUntil(settled, timeout=WAIT)


def shown_texts(page, column) -> list[str]:
    model = page.model
    return [model.data(model.index(r, column)) for r in range(model.row_count())]


def test_default_range_is_the_last_30_days(page):
    assert page.date_from_edit.date().toString("yyyy-MM-dd") == "2026-10-27"
    assert page.date_to_edit.date().toString("yyyy-MM-dd") == "2026-11-25"
    assert page.model.row_count() == IN_NOVEMBER
    assert page.total_count == IN_NOVEMBER + IN_OCTOBER
    # newest first
    numbers = [page.model.data(page.model.index(r, 1)) for r in range(3)]
    assert numbers == sorted(numbers, reverse=True)


def test_quick_date_buttons(qtbot, page):
    qtbot.mouseClick(page.last_month_button, Qt.MouseButton.LeftButton)
    wait_loaded(qtbot, page, IN_OCTOBER)
    assert page.date_from_edit.date().toString("yyyy-MM-dd") == "2026-10-01"
    assert page.date_to_edit.date().toString("yyyy-MM-dd") == "2026-10-31"
    qtbot.mouseClick(page.all_dates_button, Qt.MouseButton.LeftButton)
    wait_loaded(qtbot, page, IN_OCTOBER + IN_NOVEMBER)
    assert page.date_from_edit.text() == "不限"
    qtbot.mouseClick(page.this_month_button, Qt.MouseButton.LeftButton)
    wait_loaded(qtbot, page, IN_NOVEMBER)


def test_the_range_chosen_last_is_where_the_register_opens_for_that_user(qtbot, page, db, admin, clerk, runner):
    qtbot.mouseClick(page.last_month_button, Qt.MouseButton.LeftButton)
    wait_loaded(qtbot, page, IN_OCTOBER)
    again = RegisterPage(make_ctx(db, admin, runner))
    qtbot.addWidget(again)
    wait_loaded(qtbot, again, IN_OCTOBER)
    assert again.date_from_edit.date().toString("yyyy-MM-dd") == "2026-10-01"
    other = RegisterPage(make_ctx(db, clerk, runner))  # another user keeps the default
    qtbot.addWidget(other)
    wait_loaded(qtbot, other, IN_NOVEMBER)
    assert other.date_from_edit.date().toString("yyyy-MM-dd") == "2026-10-27"


def test_enter_in_the_search_box_goes_to_the_results_and_enter_there_opens_one(qtbot, page):
    from frontdesk.ui.complaints.complaint_form import ComplaintForm

    page.search_edit.setFocus()
    qtbot.keyClicks(page.search_edit, "00078007")  # 业主07's phone
    qtbot.keyClick(page.search_edit, Qt.Key.Key_Return)
    wait_loaded(qtbot, page, 1)
    assert page.table.hasFocus() and page.selected_id() is not None
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.findChild(ComplaintForm) is not None, timeout=WAIT)
    page.findChild(ComplaintForm).done(0)


def test_ctrl_p_prints_the_register(qtbot, page):
    with qtbot.waitSignal(page.printed, timeout=WAIT * 3):
        qtbot.keyClick(page.table, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    from frontdesk.ui.common.print_preview import PrintPreviewDialog

    qtbot.waitUntil(lambda: page.findChild(PrintPreviewDialog) is not None, timeout=WAIT)
    page.findChild(PrintPreviewDialog).done(0)


def test_filters_narrow_the_rows(qtbot, page):
    page.grade_combo.setCurrentIndex(page.grade_combo.findData("major"))
    wait_loaded(qtbot, page, 3)
    assert set(shown_texts(page, 10)) == {"重大"}
    page.grade_combo.setCurrentIndex(0)
    wait_loaded(qtbot, page, IN_NOVEMBER)
    first_category = page.category_combo.itemText(1)
    page.category_combo.setCurrentIndex(1)
    wait_loaded(qtbot, page, 10)
    assert set(shown_texts(page, 6)) == {first_category}
    page.department_combo.setCurrentIndex(1)
    wait_loaded(qtbot, page, 5)
    page.validity_combo.setCurrentIndex(page.validity_combo.findData("invalid"))
    wait_loaded(qtbot, page, 0)
    assert "没有符合条件的投诉" in page.empty_label.text()


def test_search_by_phone_fragment_and_text(qtbot, page):
    qtbot.keyClicks(page.search_edit, "8007")
    assert page.search_timer.isActive()  # waits for a pause in typing
    wait_loaded(qtbot, page, 1)
    assert shown_texts(page, PHONE) == ["13900078007"]
    assert shown_texts(page, COMPLAINANT) == ["业主07"]
    page.search_edit.clear()
    page.search_edit.insert("电梯故障")  # typed through an input method: no key events to simulate
    wait_loaded(qtbot, page, 8)
    page.search_edit.clear()
    wait_loaded(qtbot, page, IN_NOVEMBER)


def test_ctrl_f_focuses_the_search_box(qtbot, page):
    page.table.setFocus()
    qtbot.waitUntil(page.table.hasFocus, timeout=WAIT)
    qtbot.keyClick(page.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert page.search_edit.hasFocus()


def test_counts_signal(qtbot, page):
    with qtbot.waitSignal(page.counts_changed, timeout=WAIT) as blocker:
        page.grade_combo.setCurrentIndex(page.grade_combo.findData("major"))
    assert blocker.args == [3, IN_NOVEMBER + IN_OCTOBER]


def test_sorting_by_header(qtbot, page):
    page.table.horizontalHeader().setSortIndicator(COMPLAINANT, Qt.SortOrder.AscendingOrder)
    wait_loaded(qtbot, page)
    names = shown_texts(page, COMPLAINANT)
    assert names == sorted(names)
    page.table.horizontalHeader().setSortIndicator(NUMBER, Qt.SortOrder.DescendingOrder)
    wait_loaded(qtbot, page)
    numbers = shown_texts(page, NUMBER)
    assert numbers == sorted(numbers, reverse=True)
    # the content column cannot be sorted: the arrow stays on 编号
    page.table.horizontalHeader().setSortIndicator(CONTENT, Qt.SortOrder.AscendingOrder)
    assert page.table.horizontalHeader().sortIndicatorSection() == NUMBER
    assert page.table.horizontalHeader().sortIndicatorOrder() == Qt.SortOrder.DescendingOrder


def test_only_visible_pages_are_fetched(qtbot, page, monkeypatch):
    monkeypatch.setattr(register_model, "PAGE_SIZE", 5)
    page.resize(1280, 300)
    fetched = page.model.pages_fetched
    qtbot.mouseClick(page.all_dates_button, Qt.MouseButton.LeftButton)
    wait_loaded(qtbot, page, IN_NOVEMBER + IN_OCTOBER)
    qtbot.wait(100)  # let the view paint
    visible_pages = page.model.pages_fetched - fetched
    assert 1 <= visible_pages < (IN_NOVEMBER + IN_OCTOBER) // 5
    page.table.scrollToBottom()
    qtbot.waitUntil(lambda: page.model.pages_fetched > fetched + visible_pages, timeout=WAIT)
    assert page.model.pages_fetched - fetched < (IN_NOVEMBER + IN_OCTOBER) // 5


def test_refresh_picks_up_new_complaints(qtbot, page, make_form):
    complaints.register(page.ctx.db, page.ctx.actor, make_form(complainant="新来的", received_at=TODAY))
    qtbot.keyClick(page.table, Qt.Key.Key_F5)
    wait_loaded(qtbot, page, IN_NOVEMBER + 1)
    assert "新来的" in shown_texts(page, COMPLAINANT)


def test_excel_export_reopens(qtbot, page, tmp_path):
    import openpyxl
    out = tmp_path / "登记簿.xlsx"
    with qtbot.waitSignal(page.exported, timeout=WAIT * 3):
        page.export_excel(out)
    assert page.last_export_path == out
    book = openpyxl.load_workbook(out)
    cells = " ".join(str(c.value) for row in book.active.iter_rows() for c in row if c.value is not None)
    assert "业主07" in cells
    assert "13900078007" in cells


def test_read_only_roles_cannot_create(qtbot, db, admin, runner):
    auth.create_user(db, admin, "audit", "赵审计", "secret3", "auditor")
    auditor = auth.sign_in(db, "audit", "secret3")
    widget = RegisterPage(make_ctx(db, auditor, runner))
    qtbot.addWidget(widget)
    wait_loaded(qtbot, widget)
    assert not widget.new_button.isEnabled()
    assert widget.export_button.isEnabled()
    assert widget.print_button.isEnabled()
    assert "还是空的" in widget.empty_label.text()


def test_handler_sees_masked_phones_and_cannot_export(qtbot, db, admin, make_form, runner):
    departments = reference.departments(db)
    auth.create_user(db, admin, "eng", "钱工程", "secret4", "handler", departments[1].id)
    handler = auth.sign_in(db, "eng", "secret4")
    wallclock.set_fixed(TODAY)
    complaints.register(db, admin, make_form(received_at=TODAY))
    widget = RegisterPage(make_ctx(db, handler, runner))
    qtbot.addWidget(widget)
    wait_loaded(qtbot, widget, 1)
    assert shown_texts(widget, PHONE) == ["138****5678"]
    assert not widget.export_button.isEnabled()
    assert not widget.print_button.isEnabled()
    assert not widget.new_button.isEnabled()


def test_print_builds_the_register_pdf_for_the_filter(qtbot, page):
    page.grade_combo.setCurrentIndex(page.grade_combo.findData("major"))
    wait_loaded(qtbot, page, 3)
    with qtbot.waitSignal(page.printed, timeout=WAIT * 3) as blocker:
        qtbot.mouseClick(page.print_button, Qt.MouseButton.LeftButton)
    pdf = blocker.args[0]
    assert pdf.read_bytes().startswith(b"%PDF")
    from frontdesk.ui.common.print_preview import PrintPreviewDialog

    preview = page.findChild(PrintPreviewDialog)
    assert preview is not None and preview.isVisible()
    preview.reject()


def test_enter_opens_the_complaint_and_an_edit_shows_in_the_list(qtbot, page):
    from frontdesk.ui.complaints.complaint_form import ComplaintForm

    page.table.setFocus()
    page.table.selectRow(2)
    wanted = page.model.id_at(2)
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.findChild(ComplaintForm) is not None, timeout=WAIT)
    form = page.findChild(ComplaintForm)
    qtbot.waitUntil(lambda: form.complaint is not None, timeout=WAIT)  # read on the database worker
    assert form.complaint.id == wanted
    form.complainant_edit.setText("改过的名字")
    with qtbot.waitSignal(page.counts_changed, timeout=WAIT):
        form.save()
    wait_loaded(qtbot, page, IN_NOVEMBER)
    assert page.model.display_text(page.model.record(2), COMPLAINANT) == "改过的名字"
    assert page.selected_id() == wanted  # the edited complaint stays selected


def test_new_button_opens_an_empty_form(qtbot, page):
    from frontdesk.ui.complaints.complaint_form import ComplaintForm

    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    form = page.findChild(ComplaintForm)
    assert form is not None and form.isVisible() and form.complaint is None
    form.reject()


def test_disposition_and_letter_open_for_the_selected_complaint(qtbot, page, monkeypatch):
    from frontdesk.ui.disposition.disposition_form import DispositionForm

    shown = []
    monkeypatch.setattr("frontdesk.ui.complaints.register_page.QMessageBox.information",
                        lambda parent, title, text: shown.append(text))
    page.table.clearSelection()
    page.table.setCurrentIndex(page.model.index(-1, 0))
    qtbot.keyClick(page, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert shown == ["请先在列表中选中一条投诉"] and page.findChild(DispositionForm) is None

    page.table.setCurrentIndex(page.model.index(0, NUMBER))
    number = page.model.data(page.model.index(0, NUMBER))
    qtbot.mouseClick(page.disposition_button, Qt.MouseButton.LeftButton)
    form = page.findChild(DispositionForm)
    assert form is not None and form.isVisible()
    qtbot.waitUntil(lambda: form.view is not None and form.view.complaint.number == number, timeout=WAIT)
    form.reject()

    assert not page.letter_button.isEnabled()  # the administrator writes no letters


def test_a_clerk_writes_a_letter_about_the_selected_complaint(qtbot, db, admin, clerk, make_form, runner):
    from frontdesk.ui.letters.letter_dialog import LetterDialog

    wallclock.set_fixed(TODAY)
    seed(db, admin, make_form, count_november=3, count_october=0)
    page = RegisterPage(make_ctx(db, clerk, runner))
    qtbot.addWidget(page)
    page.show()
    wait_loaded(qtbot, page, rows=3)
    page.table.setCurrentIndex(page.model.index(0, NUMBER))
    qtbot.keyClick(page, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    dialog = page.findChild(LetterDialog)
    assert dialog is not None and dialog.isVisible()
    dialog.reject()
