"""``frontdesk screenshot``: render every main screen and dialog offscreen to PNG files.

Used to look at the screens on a machine without a display, and by the tests to prove
that every screen builds from real data.
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from frontdesk.db.engine import Database


def render_all(db: Database, out: Path) -> list[Path]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication, QWidget

    from frontdesk.domain.types import RegisterFilter
    from frontdesk.i18n import _
    from frontdesk.services import auth, register, settings
    from frontdesk.ui.common.base import AppContext
    from frontdesk.ui.common.tasks import TaskRunner
    from frontdesk.ui.shell.app import application

    app = application()
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []

    def settle(ms: int = 300) -> None:
        deadline = time.monotonic() + ms / 1000
        while time.monotonic() < deadline:
            app.processEvents()
            time.sleep(0.01)

    def shoot(name: str, widget: QWidget, prepare: Callable[[], None] | None = None) -> None:
        widget.show()
        settle()
        if prepare is not None:
            prepare()
            settle()
        runner.wait_idle()
        settle()
        path = out / f"{name}.png"
        widget.grab().save(str(path))
        written.append(path)
        widget.close()

    from frontdesk.ui.shell.setup_wizard import SetupWizard
    from frontdesk.ui.shell.sign_in import SignInDialog

    runner = TaskRunner()
    with tempfile.TemporaryDirectory() as scratch:
        blank = Database(f"sqlite:///{Path(scratch) / 'blank.db'}")
        from frontdesk.db import migrate

        migrate.upgrade(blank)
        shoot("01_setup_wizard", SetupWizard(blank))
        blank.dispose()

    if not auth.is_initialized(db):
        from frontdesk.demo import generator as demo

        demo.fill(db, months=3, seed=1)
    values = settings.all_settings(db)
    shoot("02_sign_in", SignInDialog(db, values.get("site_name", "")))

    actor = _first_actor(db)
    ctx = AppContext(db=db, actor=actor, runner=runner, profile=values["profile"], site_name=values["site_name"])

    from frontdesk.ui.shell.main_window import MainWindow

    window = MainWindow(ctx)
    window.resize(1360, 820)
    shoot("03_main_register", window)

    from frontdesk.ui.complaints.complaint_form import ComplaintForm

    shoot("04_complaint_new", ComplaintForm(ctx))

    form = ComplaintForm(ctx)
    save = getattr(form, "save", None)
    shoot("05_complaint_errors", form, save if callable(save) else None)

    ids = register.ids(db, actor, RegisterFilter())
    if ids:
        from frontdesk.services import complaints

        view = complaints.get(db, actor, ids[0])
        shoot("06_complaint_edit_history", ComplaintForm(ctx, view))

    from frontdesk.reports.register_pdf import build_register_pdf
    from frontdesk.ui.common.print_preview import PrintPreviewDialog

    rows = register.rows(db, actor, list(reversed(ids[:40])))
    pdf = out / "07_register.pdf"
    build_register_pdf(
        rows, pdf, site_name=values["site_name"], date_from=rows[0].received_at.date() if rows else None,
        date_to=rows[-1].received_at.date() if rows else None, printed_by=actor.display_name,
        profile=values["profile"],
    )
    written.append(pdf)
    preview = PrintPreviewDialog(pdf, _("打印预览 — 客户投诉记录表"))
    preview.resize(1200, 860)
    shoot("08_print_preview", preview)
    _disposition_screens(db, ctx, out, shoot, written)
    runner.wait_idle()
    QApplication.processEvents()
    return written


def _disposition_screens(db: Database, ctx, out: Path, shoot, written: list[Path]) -> None:  # noqa: ANN001
    """The disposition form, the to-do lists, the board, letters and the clock settings."""
    from dataclasses import replace

    from frontdesk.services import disposition, letters
    from frontdesk.ui.admin.clock_settings_dialog import ClockSettingsDialog
    from frontdesk.ui.board.board_page import BoardPage
    from frontdesk.ui.disposition.disposition_form import DispositionForm
    from frontdesk.ui.disposition.inbox_page import InboxPage
    from frontdesk.ui.letters.letter_dialog import LetterDialog
    from frontdesk.ui.letters.letters_page import LettersPage

    complaint_id = _complaint_in_progress(db)
    if complaint_id is not None:
        form = DispositionForm(ctx, complaint_id)
        form.resize(1100, 900)
        shoot("09_disposition_form", form)
        pdf = out / "10_disposition.pdf"
        disposition.print_form(db, ctx.actor, complaint_id, pdf)
        written.append(pdf)
    blank = out / "11_disposition_blank.pdf"
    disposition.print_form(db, ctx.actor, None, blank)
    written.append(blank)

    inbox = InboxPage(ctx)
    inbox.resize(1280, 640)
    shoot("12_todo_clerk", inbox)
    handler = _user(db, "handler", busiest=True)
    if handler is not None:
        inbox = InboxPage(replace(ctx, actor=handler))
        inbox.resize(1280, 640)
        shoot("13_inbox_handler", inbox)

    board = BoardPage(ctx)
    board.resize(1280, 640)
    shoot("14_board", board)

    page = LettersPage(ctx)
    page.resize(1280, 640)
    shoot("15_letters", page)
    dialog = LetterDialog(ctx, complaint_id=complaint_id)
    shoot("16_letter_new", dialog)
    letter_pdf = out / "17_letter_blank.pdf"
    letters.print_letter(db, ctx.actor, None, letter_pdf)
    written.append(letter_pdf)

    admin = _user(db, "admin")
    if admin is not None:
        shoot("18_clock_settings", ClockSettingsDialog(replace(ctx, actor=admin)))


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


def _user(db: Database, role: str, busiest: bool = False):  # noqa: ANN202
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


def _first_actor(db: Database):  # noqa: ANN202
    """The clerk of the demo data (or the first user) as the screens' signed-in user."""
    from sqlalchemy import select

    from frontdesk.db.models import User
    from frontdesk.domain.types import Actor

    with db.read() as session:
        users = session.execute(select(User).order_by(User.id)).scalars().all()
        user = next((u for u in users if u.role == "clerk"), users[0])
        return Actor(user.id, user.username, user.display_name, user.role, user.department_id, user.is_head)
