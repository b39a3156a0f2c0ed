"""Print with a preview, or export to a file, the same way from every screen.

A service prepares the printout on the database worker (role, masking, the data), a file
worker builds the PDF or workbook from it, and the database worker logs it; then the print
preview opens (or the caller hears where the file went).  See :mod:`frontdesk.services.exports`.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from frontdesk.domain.types import Printout
from frontdesk.i18n import _
from frontdesk.paths import data_dir
from frontdesk.services import exports
from frontdesk.ui.common.base import AppContext


def temporary_pdf(prefix: str) -> Path:
    """A new file in the data folder's ``tmp`` for a printout about to be previewed."""
    folder = data_dir() / "tmp"
    folder.mkdir(parents=True, exist_ok=True)
    handle = tempfile.NamedTemporaryFile(prefix=f"{prefix}_", suffix=".pdf", dir=folder, delete=False)
    handle.close()
    return Path(handle.name)


def produce(
    ctx: AppContext, parent: QWidget, prepare: Callable[..., Printout], args: tuple, out: Path, *,
    on_done: Callable[[int], None], on_error: Callable[[BaseException], None] | None = None,
    label: str = "", **options: Any,
) -> None:
    """Prepare ``prepare(db, actor, *args, **options)`` on the database worker → build ``out`` on a
    file worker, with progress and cancel → log it on the database worker → ``on_done(count)``."""
    runner = ctx.runner
    errors: dict[str, Any] = {"parent": parent}
    if on_error is not None:
        errors["on_error"] = on_error

    def built(printout: Printout, count: int) -> None:
        runner.run_db(exports.log, ctx.db, ctx.actor, printout, out, count,
                      on_done=lambda _none: on_done(count), **errors)

    def prepared(printout: Printout) -> None:
        runner.run_file(printout.build, out, with_progress=True, label=label or _("正在生成…"),
                        on_done=lambda count: built(printout, count), **errors)

    runner.run_db(partial(prepare, **options), ctx.db, ctx.actor, *args, on_done=prepared, **errors)


def print_with_preview(
    ctx: AppContext, parent: QWidget, prepare: Callable[..., Printout], *args: Any, title: str,
    on_printed: Callable[[Path], None] | None = None, on_error: Callable[[BaseException], None] | None = None,
    label: str = "",
) -> None:
    """Build the printout ``prepare(db, actor, *args)`` describes, log it, then open the print preview."""
    out = temporary_pdf(getattr(prepare, "__module__", "print").rsplit(".", 1)[-1])

    def show(_pages: int) -> None:
        if on_printed is not None:
            on_printed(out)
        # pdfium loads on the first preview
        from frontdesk.ui.common.print_preview import PrintPreviewDialog

        dialog = PrintPreviewDialog(out, title, parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    produce(ctx, parent, prepare, args, out, on_done=show, on_error=on_error,
            label=label or _("正在生成打印文件…"))
