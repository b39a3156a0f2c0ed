"""Print preview for every printed form: the PDF as the printer will get it.

The report builders write a PDF; this dialog rasterises its pages with pdfium,
only those in view and at the current zoom (a register of several hundred pages
opens at once), prints them through the system print dialog, or saves a copy.
"""

from __future__ import annotations

import shutil
from collections import OrderedDict
from pathlib import Path

import pypdfium2 as pdfium
from PySide6.QtCore import QMarginsF, QPoint, QRect, QSize, QStandardPaths, Qt
from PySide6.QtGui import (
    QImage,
    QKeySequence,
    QPageLayout,
    QPageSize,
    QPainter,
    QPaintEvent,
    QShortcut,
)
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QApplication,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from frontdesk.domain.errors import FrontDeskError
from frontdesk.i18n import _
from frontdesk.ui.common import style
from frontdesk.ui.common.base import Dialog
from frontdesk.ui.common.tasks import show_error

#: Zoom steps; 1.0 shows a page at its printed size on a 96 dpi screen.
ZOOM_LEVELS = (0.5, 0.65, 0.8, 1.0, 1.25, 1.5, 2.0, 3.0)
DEFAULT_ZOOM = 0.8
SCREEN_DPI = 96
PRINT_DPI = 300
PAGE_GAP = 12
CACHE_PAGES = 12


class PdfPages:
    """Pages of one PDF rendered to ``QImage`` on demand, the last few kept."""

    def __init__(self, path: Path) -> None:
        try:
            self._document = pdfium.PdfDocument(str(path))
        except (pdfium.PdfiumError, OSError) as exc:
            raise FrontDeskError(
                _("无法打开打印文件 {path}:{error}。请重新生成后再预览。").format(path=path, error=exc)
            ) from exc
        self.sizes = [self._document.get_page_size(i) for i in range(len(self._document))]
        self._document: pdfium.PdfDocument | None
        self._cache: OrderedDict[tuple[int, int, int], QImage] = OrderedDict()

    def __len__(self) -> int:
        return len(self.sizes)

    def pixel_size(self, index: int, dpi: float) -> QSize:
        width, height = self.sizes[index]
        return QSize(round(width * dpi / 72), round(height * dpi / 72))

    def image(self, index: int, dpi: float) -> QImage:
        size = self.pixel_size(index, dpi)
        key = (index, size.width(), size.height())
        cached = self._cache.get(key)
        if cached is not None:
            self._cache.move_to_end(key)
            return cached
        image = self.render(index, size)
        self._cache[key] = image
        while len(self._cache) > CACHE_PAGES:
            self._cache.popitem(last=False)
        return image

    def render(self, index: int, size: QSize) -> QImage:
        """The page scaled to ``size`` pixels, white background, not cached."""
        page = self._document[index]
        try:
            scale = size.width() / self.sizes[index][0]
            bitmap = page.render(scale=scale, rev_byteorder=True, prefer_bgrx=True)
            image = QImage(
                bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride, QImage.Format.Format_RGBX8888
            ).copy()
        finally:
            page.close()
        return image

    def close(self) -> None:
        self._cache.clear()
        if self._document is not None:
            self._document.close()
            self._document = None


class _PageView(QWidget):
    """One page in the preview; renders itself only when painted."""

    def __init__(self, pages: PdfPages, index: int, parent: QWidget) -> None:
        super().__init__(parent)
        self._pages = pages
        self._index = index
        self._dpi = SCREEN_DPI * DEFAULT_ZOOM
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)

    def set_zoom(self, zoom: float) -> None:
        self._dpi = SCREEN_DPI * zoom
        self.setFixedSize(self._pages.pixel_size(self._index, self._dpi))
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        ratio = self.devicePixelRatioF()
        image = self._pages.image(self._index, self._dpi * ratio)
        image.setDevicePixelRatio(ratio)
        painter = QPainter(self)
        painter.drawImage(0, 0, image)
        painter.setPen(Qt.GlobalColor.darkGray)
        painter.drawRect(self.rect().adjusted(0, 0, -1, -1))
        painter.end()


class PrintPreviewDialog(Dialog):
    """Preview of a generated PDF with zoom, 打印… and 另存为 PDF…"""

    def __init__(self, pdf_path: Path, title: str, parent: QWidget | None = None) -> None:
        self.pdf_path = Path(pdf_path)
        self.document_title = title
        self.pages = PdfPages(self.pdf_path)
        self._zoom = DEFAULT_ZOOM
        super().__init__(
            _("打印预览 - {title}").format(title=title), "print_preview", parent,
            buttons=QDialogButtonBox.StandardButton.Close, default_size=QSize(1040, 760),
        )
        self._apply_zoom()
        self.print_button.clicked.connect(self.print_document)
        self.save_button.clicked.connect(self.save_as)
        self.zoom_in_button.clicked.connect(self.zoom_in)
        self.zoom_out_button.clicked.connect(self.zoom_out)
        for keys, slot in (
            (QKeySequence.StandardKey.Print, self.print_document),
            (QKeySequence.StandardKey.ZoomIn, self.zoom_in),
            (QKeySequence("Ctrl+="), self.zoom_in),
            (QKeySequence.StandardKey.ZoomOut, self.zoom_out),
        ):
            QShortcut(QKeySequence(keys), self, activated=slot)

    def setup_ui(self, layout: QVBoxLayout) -> None:
        tools = QHBoxLayout()
        self.zoom_out_button = QPushButton(_("缩小"), self)
        self.zoom_out_button.setObjectName("zoom_out_button")
        self.zoom_out_button.setToolTip(_("缩小 (Ctrl+-)"))
        self.zoom_label = QLabel(self)
        self.zoom_label.setObjectName("zoom_label")
        self.zoom_label.setMinimumWidth(48)
        self.zoom_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.zoom_in_button = QPushButton(_("放大"), self)
        self.zoom_in_button.setObjectName("zoom_in_button")
        self.zoom_in_button.setToolTip(_("放大 (Ctrl++)"))
        self.page_count_label = QLabel(_("共 {n} 页").format(n=len(self.pages)), self)
        self.page_count_label.setObjectName("page_count_label")
        self.print_button = QPushButton(_("打印…"), self)
        self.print_button.setObjectName("print_button")
        self.print_button.setToolTip(_("打印 (Ctrl+P)"))
        self.save_button = QPushButton(_("另存为 PDF…"), self)
        self.save_button.setObjectName("save_button")
        for widget in (self.zoom_out_button, self.zoom_label, self.zoom_in_button, self.page_count_label):
            tools.addWidget(widget)
        tools.addStretch(1)
        tools.addWidget(self.print_button)
        tools.addWidget(self.save_button)
        layout.addLayout(tools)

        self.page_views = [_PageView(self.pages, i, self) for i in range(len(self.pages))]
        container = QWidget(self)
        container.setObjectName("preview_pages")
        container.setStyleSheet(f"#preview_pages {{ background: {style.PREVIEW_BACKGROUND}; }}")
        column = QVBoxLayout(container)
        column.setSpacing(PAGE_GAP)
        column.setContentsMargins(PAGE_GAP, PAGE_GAP, PAGE_GAP, PAGE_GAP)
        for view in self.page_views:
            column.addWidget(view, 0, Qt.AlignmentFlag.AlignHCenter)
        self.scroll_area = QScrollArea(self)
        self.scroll_area.setObjectName("preview_scroll")
        self.scroll_area.setWidget(container)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.scroll_area, 1)

    # --- zoom --------------------------------------------------------------------------

    @property
    def zoom(self) -> float:
        return self._zoom

    def zoom_in(self) -> None:
        larger = [z for z in ZOOM_LEVELS if z > self._zoom + 1e-6]
        if larger:
            self._zoom = larger[0]
            self._apply_zoom()

    def zoom_out(self) -> None:
        smaller = [z for z in ZOOM_LEVELS if z < self._zoom - 1e-6]
        if smaller:
            self._zoom = smaller[-1]
            self._apply_zoom()

    def _apply_zoom(self) -> None:
        for view in self.page_views:
            view.set_zoom(self._zoom)
        self.zoom_label.setText(f"{round(self._zoom * 100)}%")
        self.zoom_in_button.setEnabled(self._zoom < ZOOM_LEVELS[-1])
        self.zoom_out_button.setEnabled(self._zoom > ZOOM_LEVELS[0])

    # --- printing and saving -----------------------------------------------------------

    def print_document(self) -> None:
        printer = self.new_printer()
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(_("打印"))
        dialog.setMinMax(1, len(self.pages))
        dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintPageRange, True)
        if dialog.exec() == QPrintDialog.DialogCode.Accepted:
            self.print_to(printer)

    def new_printer(self) -> QPrinter:
        """A printer set up for this document: A4, landscape when the pages are wider than tall."""
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.document_title)
        width, height = self.pages.sizes[0] if len(self.pages) else (595, 842)
        orientation = (
            QPageLayout.Orientation.Landscape if width > height else QPageLayout.Orientation.Portrait
        )
        printer.setFullPage(True)
        printer.setPageLayout(
            QPageLayout(QPageSize(QPageSize.PageSizeId.A4), orientation, QMarginsF(0, 0, 0, 0))
        )
        return printer

    def print_to(self, printer: QPrinter) -> int:
        """Print the pages in the printer's page range; return how many were sent."""
        first = max(printer.fromPage(), 1)
        last = min(printer.toPage() or len(self.pages), len(self.pages))
        progress = QProgressDialog(_("正在打印…"), _("取消"), 0, max(last - first + 1, 0), self)
        progress.setWindowTitle(_("打印"))
        progress.setMinimumDuration(500)
        painter = QPainter()
        if not painter.begin(printer):
            progress.close()
            show_error(self, FrontDeskError(_("无法连接打印机,请检查打印机是否开启并已连接后再打印。")))
            return 0
        sent = 0
        try:
            area = printer.pageLayout().fullRectPixels(printer.resolution())
            for index in range(first - 1, last):
                if progress.wasCanceled():
                    printer.abort()
                    break
                if sent:
                    printer.newPage()
                # Fit the page into the paper, centred; render at no more than PRINT_DPI.
                target = self.pages.pixel_size(index, 72).scaled(
                    area.size(), Qt.AspectRatioMode.KeepAspectRatio
                )
                limit = self.pages.pixel_size(index, PRINT_DPI)
                image = self.pages.render(index, target if target.width() <= limit.width() else limit)
                x = area.x() + (area.width() - target.width()) // 2
                y = area.y() + (area.height() - target.height()) // 2
                painter.drawImage(QRect(QPoint(x, y), target), image)
                sent += 1
                progress.setValue(sent)
                QApplication.processEvents()
        finally:
            painter.end()
            progress.close()
        return sent

    def save_as(self) -> Path | None:
        """Ask where to put a copy of the PDF and copy it there."""
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        suggested = str(Path(folder) / f"{self.document_title}.pdf")
        chosen, _filter = QFileDialog.getSaveFileName(
            self, _("另存为 PDF"), suggested, _("PDF 文件 (*.pdf)")
        )
        if not chosen:
            return None
        target = Path(chosen)
        if target.suffix.lower() != ".pdf":
            target = target.with_name(target.name + ".pdf")
        try:
            shutil.copyfile(self.pdf_path, target)
        except OSError as exc:
            show_error(self, FrontDeskError(
                _("无法保存到 {path}:{error}。请换一个文件夹或文件名再试。").format(path=target, error=exc)
            ))
            return None
        box = QMessageBox(QMessageBox.Icon.Information, _("已保存"),
                          _("PDF 已保存到:\n{path}").format(path=target), QMessageBox.StandardButton.Ok, self)
        box.setObjectName("saved_box")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        return target

    def done(self, result: int) -> None:
        super().done(result)
        self.pages.close()
