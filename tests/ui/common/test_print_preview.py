"""The print preview: pages shown, zoom, printing to a PDF printer and 另存为 PDF."""

from __future__ import annotations

from datetime import date

import pypdfium2 as pdfium
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPageLayout
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QFileDialog, QMessageBox

from frontdesk.domain.errors import FrontDeskError
from frontdesk.reports.register_pdf import build_register_pdf
from frontdesk.ui.common.print_preview import PrintPreviewDialog
from frontdesk.ui.shell.app import application
from tests.reports.register_data import register_rows


@pytest.fixture
def register_pdf(tmp_path):
    path = tmp_path / "register.pdf"
    pages = build_register_pdf(
        register_rows(40), path, site_name="阳光花园服务站", date_from=date(2026, 11, 1),
        date_to=date(2026, 11, 30),
    )
    return path, pages


@pytest.fixture
def preview(qtbot, register_pdf):
    application()
    dialog = PrintPreviewDialog(register_pdf[0], "客户投诉记录表")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_shows_every_page(preview, register_pdf):
    _path, pages = register_pdf
    assert pages > 1
    assert len(preview.page_views) == pages
    assert preview.page_count_label.text() == f"共 {pages} 页"
    assert preview.windowTitle() == "打印预览 - 客户投诉记录表"


def test_pages_render_as_landscape_images(preview):
    view = preview.page_views[0]
    assert view.width() > view.height() > 0
    image = preview.pages.image(0, 48)
    assert image.width() > image.height()
    assert not image.isNull()
    # not a blank page: the title and the grid are dark pixels
    assert any(image.pixelColor(x, y).lightness() < 128 for y in range(image.height()) for x in range(0, image.width(), 3))
    preview.grab()  # paints the visible pages without error


def test_zoom_with_the_keyboard(preview, qtbot):
    width = preview.page_views[0].width()
    qtbot.keyClick(preview, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert preview.zoom > 0.8
    assert preview.page_views[0].width() > width
    assert preview.zoom_label.text() == f"{round(preview.zoom * 100)}%"
    qtbot.keyClick(preview, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(preview, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert preview.page_views[0].width() < width


def test_zoom_stops_at_the_limits(preview, qtbot):
    for _i in range(20):
        qtbot.mouseClick(preview.zoom_out_button, Qt.MouseButton.LeftButton)
    assert preview.zoom == 0.5
    assert not preview.zoom_out_button.isEnabled()


def test_save_as_copies_the_pdf(preview, qtbot, tmp_path, monkeypatch, register_pdf):
    target = tmp_path / "saved" / "十一月投诉"
    target.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(target), ""))

    qtbot.mouseClick(preview.save_button, Qt.MouseButton.LeftButton)

    saved = target.with_name("十一月投诉.pdf")
    assert saved.read_bytes() == register_pdf[0].read_bytes()
    box = preview.findChild(QMessageBox, "saved_box")  # and says where it went
    assert box is not None and box.isVisible() and str(saved) in box.text()
    box.done(0)


def test_save_as_cancelled_writes_nothing(preview, qtbot, tmp_path, monkeypatch):
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: ("", ""))
    assert preview.save_as() is None


def test_prints_every_page_in_landscape(preview, tmp_path, register_pdf):
    printer = preview.new_printer()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))

    sent = preview.print_to(printer)

    assert sent == register_pdf[1]
    printed = pdfium.PdfDocument(str(tmp_path / "printed.pdf"))
    try:
        assert len(printed) == register_pdf[1]
        width, height = printed[0].get_size()
        assert width > height
    finally:
        printed.close()


def test_prints_a_page_range(preview, tmp_path):
    printer = preview.new_printer()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    printer.setFromTo(2, 2)
    assert preview.print_to(printer) == 1


def test_escape_closes(preview, qtbot):
    qtbot.keyClick(preview, Qt.Key.Key_Escape)
    assert not preview.isVisible()


def test_a_broken_file_gives_a_clear_message(qtbot, tmp_path):
    application()
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"not a pdf")
    with pytest.raises(FrontDeskError, match="无法打开打印文件"):
        PrintPreviewDialog(broken, "客户投诉记录表")


def test_ctrl_p_opens_the_print_dialog(preview, qtbot, monkeypatch):
    opened = []

    def fake_exec(dialog):
        opened.append(dialog.printer().pageLayout().orientation())
        return 0  # the user cancels

    monkeypatch.setattr(QPrintDialog, "exec", fake_exec)
    qtbot.keyClick(preview, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert opened == [QPageLayout.Orientation.Landscape]
