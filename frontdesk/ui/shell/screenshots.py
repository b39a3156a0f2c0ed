"""``frontdesk screenshot``: render every main screen and dialog offscreen to PNG files.

Used to look at the screens on a machine without a display, and by the tests to prove
that every screen builds from real data.  It only reads: the printouts it renders are
built, not logged, so the database it looks at gets no history entry.  ``size`` renders on a screen of that size (a
1366×768 counter PC): the main window fills it and every dialog keeps within it, as it
would there.  ``look(name, widget)`` sees each screen just before it is captured (the
tests read its texts).
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from frontdesk.db.engine import Database

Look = Callable[[str, Any], None]


def use_screen(width: int, height: int) -> None:
    """Make the offscreen platform's screen ``width``×``height`` (before the application starts)."""
    config = Path(tempfile.gettempdir()) / f"frontdesk_screen_{width}x{height}.json"
    config.write_text(json.dumps({"screens": [{
        "name": "counter", "x": 0, "y": 0, "width": width, "height": height,
        "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1,
    }]}), encoding="utf-8")
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={config}"


def render_all(db: Database, out: Path, *, look: Look | None = None) -> list[Path]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication, QDialog, QWidget

    from frontdesk.ui.common.tasks import TaskRunner
    from frontdesk.ui.shell.app import application

    app = application()
    _quiet_offscreen_warnings()
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    runner = TaskRunner()

    def settle(ms: int = 300) -> None:
        deadline = time.monotonic() + ms / 1000
        while time.monotonic() < deadline:
            app.processEvents()
            time.sleep(0.01)

    def shoot(name: str, widget: QWidget, prepare: Callable[[], None] | None = None) -> None:
        widget.show()
        settle()
        runner.wait_idle()
        settle()
        if prepare is not None:
            prepare()
            runner.wait_idle()
            settle()
        if look is not None:
            look(name, widget)
        path = out / f"{name}.png"
        widget.grab().save(str(path))
        written.append(path)
        if isinstance(widget, QDialog):
            widget.done(0)
        else:
            widget.close()

    _start_screens(db, shoot)
    _register_screens(db, runner, out, shoot, written)
    _disposition_screens(db, runner, out, shoot, written)
    runner.wait_idle()
    QApplication.processEvents()
    return written


#: What Qt's offscreen platform says about every window it cannot size like a real one.
OFFSCREEN_NOISE = "This plugin does not support propagateSizeHints()"


def _quiet_offscreen_warnings() -> None:
    """Drop the offscreen platform's warning about each window; pass every other message on."""
    from PySide6.QtCore import qInstallMessageHandler

    previous = None

    def handler(kind, context, message):  # noqa: ANN001, ANN202 - Qt's message handler signature
        if OFFSCREEN_NOISE in message:
            return
        if previous is not None:
            previous(kind, context, message)
        else:
            sys.stderr.write(message + "\n")

    previous = qInstallMessageHandler(handler)


def _start_screens(db: Database, shoot: Callable[..., None]) -> None:
    """The first start's wizard (on a blank database) and the sign-in."""
    from frontdesk.db import migrate
    from frontdesk.services import auth, settings
    from frontdesk.ui.shell.setup_wizard import SetupWizard
    from frontdesk.ui.shell.sign_in import SignInDialog

    with tempfile.TemporaryDirectory() as scratch:
        blank = Database(f"sqlite:///{Path(scratch) / 'blank.db'}")
        migrate.upgrade(blank)
        shoot("01_setup_wizard", SetupWizard(blank))
        blank.dispose()
    if not auth.is_initialized(db):
        raise ValueError("render_all needs a database with a site and users (frontdesk demo fills one)")
    shoot("02_sign_in", SignInDialog(db, settings.load(db).site_name))


def _context(db: Database, runner: Any, role: str = "clerk", busiest: bool = False) -> Any:
    from frontdesk.services import settings
    from frontdesk.ui.common.base import AppContext

    site = settings.load(db)
    actor = _user(db, role, busiest) or _user(db, "admin")
    return AppContext(db=db, actor=actor, runner=runner, profile=site.profile, site_name=site.site_name)


def _register_screens(db: Database, runner: Any, out: Path, shoot: Callable[..., None], written: list[Path]) -> None:
    """The main window on the register, the complaint form (new, with errors, editing), the register printout."""
    from PySide6.QtGui import QGuiApplication

    from frontdesk.domain.types import RegisterFilter
    from frontdesk.i18n import _
    from frontdesk.services import exports, register
    from frontdesk.ui.common.print_preview import PrintPreviewDialog
    from frontdesk.ui.complaints.complaint_form import ComplaintForm
    from frontdesk.ui.shell.main_window import MainWindow

    ctx = _context(db, runner)
    window = MainWindow(ctx)
    screen = QGuiApplication.primaryScreen().availableGeometry()
    window.resize(min(1360, screen.width()), min(820, screen.height() - 40))
    shoot("03_main_register", window)
    shoot("04_complaint_new", ComplaintForm(ctx))
    form = ComplaintForm(ctx)
    shoot("05_complaint_errors", form, form.save)

    ids = register.ids(db, ctx.actor, RegisterFilter())
    if ids:
        shoot("06_complaint_edit_history", ComplaintForm(ctx, ids[0]))
        shoot("06b_complaint_auditor", ComplaintForm(_context(db, runner, "auditor"), ids[0]))
    pdf = out / "07_register.pdf"
    first = register.rows(db, ctx.actor, ids[-1:]) if ids else []
    last = register.rows(db, ctx.actor, ids[:1]) if ids else []
    flt = RegisterFilter(date_from=first[0].received_at.date(), date_to=last[0].received_at.date()) if ids else \
        RegisterFilter()
    _render(exports.register_pdf_printout(db, ctx.actor, flt), pdf)
    written.append(pdf)
    preview = PrintPreviewDialog(pdf, _("打印预览 — 客户投诉记录表"))
    preview.resize(1200, 860)
    shoot("08_print_preview", preview)


def _disposition_screens(db: Database, runner: Any, out: Path, shoot: Callable[..., None],
                         written: list[Path]) -> None:
    """The disposition form, the to-do lists, the board, letters and the clock settings."""
    from frontdesk.domain import wallclock
    from frontdesk.services import disposition, letters
    from frontdesk.ui.admin.clock_settings_dialog import ClockSettingsDialog
    from frontdesk.ui.admin.year_schedule_dialog import YearScheduleDialog
    from frontdesk.ui.board.board_page import BoardPage
    from frontdesk.ui.disposition.disposition_form import DispositionForm
    from frontdesk.ui.disposition.inbox_page import InboxPage
    from frontdesk.ui.letters.letter_dialog import LetterDialog
    from frontdesk.ui.letters.letters_page import LettersPage

    ctx = _context(db, runner)
    complaint_id = _complaint_in_progress(db)
    if complaint_id is not None:
        shoot("09_disposition_form", DispositionForm(ctx, complaint_id))
        shoot("09b_disposition_auditor", DispositionForm(_context(db, runner, "auditor"), complaint_id))
        pdf = out / "10_disposition.pdf"
        _render(disposition.printout(db, ctx.actor, complaint_id), pdf)
        written.append(pdf)
    blank = out / "11_disposition_blank.pdf"
    _render(disposition.printout(db, ctx.actor, None), blank)
    written.append(blank)

    for name, page_ctx in (("12_todo_clerk", ctx), ("13_inbox_handler", _context(db, runner, "handler", True))):
        inbox = InboxPage(page_ctx)
        inbox.resize(1280, 640)
        shoot(name, inbox)

    board = BoardPage(ctx)
    board.resize(1280, 640)
    shoot("14_board", board)

    page = LettersPage(ctx)
    page.resize(1280, 640)
    shoot("15_letters", page)
    shoot("16_letter_new", LetterDialog(ctx, None, complaint_id=complaint_id))
    letter_id = _letter(db)
    if letter_id is not None:
        shoot("16b_letter_open", LetterDialog(_context(db, runner, "supervisor"), letter_id))
    letter_pdf = out / "17_letter_blank.pdf"
    _render(letters.printout(db, ctx.actor, None), letter_pdf)
    written.append(letter_pdf)
    admin = _context(db, runner, "admin")
    shoot("18_clock_settings", ClockSettingsDialog(admin))
    holidays = ClockSettingsDialog(admin)
    shoot("18b_holidays", holidays, lambda: holidays.tabs.setCurrentIndex(1))
    next_year = wallclock.now().year + 1
    shoot("18c_year_schedule", YearScheduleDialog(admin, next_year, []))


def _render(printout: Any, out: Path) -> None:
    """Build a printout's file without logging it: nobody printed it, so the history gets no entry."""
    from frontdesk.domain.progress import NullProgress

    printout.build(out, NullProgress())


def _complaint_in_progress(db: Database) -> int | None:
    """The newest valid complaint that is part-way through its disposition form."""
    from sqlalchemy import select

    from frontdesk.db.models import Complaint

    with db.read() as session:
        for statuses in (("resolved", "dispatched"), ("closed", "archived", "registered")):
            found = session.execute(
                select(Complaint.id).where(Complaint.validity == "valid", Complaint.status.in_(statuses))
                .order_by(Complaint.received_at.desc()).limit(1)
            ).scalar()
            if found is not None:
                return found
    return None


def _letter(db: Database) -> int | None:
    """A letter that has been replied to (its every block shows), else the newest."""
    from sqlalchemy import select

    from frontdesk.db.models import Letter

    with db.read() as session:
        return session.execute(
            select(Letter.id).order_by(Letter.replied_at.is_(None), Letter.id.desc()).limit(1)
        ).scalar()


def _user(db: Database, role: str, busiest: bool = False) -> Any:
    """A user of ``role``; with ``busiest``, the handler whose department has the most open dispatches."""
    from sqlalchemy import func, select

    from frontdesk.db.models import Disposition, User
    from frontdesk.domain.types import Actor

    with db.read() as session:
        query = select(User).where(User.role == role, User.active.is_(True)).order_by(User.id)
        if busiest:
            load = (
                select(func.count(Disposition.id)).where(
                    Disposition.department_id == User.department_id, Disposition.result_at.is_(None),
                    Disposition.dispatched_at.is_not(None),
                ).scalar_subquery()
            )
            query = query.order_by(None).order_by(load.desc(), User.id)
        user = session.execute(query.limit(1)).scalar()
        if user is None:
            return None
        return Actor(user.id, user.username, user.display_name, user.role, user.department_id, user.is_head)
