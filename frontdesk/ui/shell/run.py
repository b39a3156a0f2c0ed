"""Start the window application: open and check the database, first-start setup, sign-in, main window."""

from __future__ import annotations

import traceback

from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from frontdesk import i18n
from frontdesk.db import migrate
from frontdesk.db.engine import Database, resolve_url
from frontdesk.domain.errors import FrontDeskError
from frontdesk.i18n import _
from frontdesk.services import audit, auth, settings
from frontdesk.ui.common.base import AppContext
from frontdesk.ui.common.tasks import TaskRunner
from frontdesk.ui.shell.app import application, apply_language


def _startup_error(message: str, details: str = "") -> int:
    box = QMessageBox(QMessageBox.Icon.Critical, _("FrontDesk 无法启动"), message, QMessageBox.StandardButton.Ok)
    if details:
        box.setDetailedText(details)
    box.exec()
    return 1


def open_database(db_url: str | None) -> Database:
    """The database at ``db_url`` (or the default), checked and brought to the newest schema."""
    db = Database(resolve_url(db_url))
    try:
        migrate.upgrade(db)  # also fails at once on a file that is not a database
    except BaseException:
        db.dispose()
        raise
    return db


def run_app(db_url: str | None) -> int:
    """Run the application until the main window closes; returns the exit code."""
    app = application()
    try:
        db = open_database(db_url)
    except FrontDeskError as exc:
        return _startup_error(exc.message)
    except Exception as exc:  # noqa: BLE001 - anything else at start-up is shown, not a crash
        return _startup_error(
            _("打开数据库时出错:{error}。请检查数据库文件或服务器设置,或联系管理员。").format(error=exc),
            traceback.format_exc(),
        )
    runner = TaskRunner(app)
    # The full integrity check reads the whole file (seconds on a large database), so it runs
    # on the worker while the user signs in; a failure is shown as soon as it is known.
    runner.run_db(start_check, db, on_done=lambda problems, url=db.url: problems and _integrity_failed(url, problems))
    try:
        site = settings.load(db)
        i18n.install(site.language)
        apply_language(app)
        username = ""
        if not auth.is_initialized(db):
            from frontdesk.ui.shell.setup_wizard import SetupWizard

            wizard = SetupWizard(db)
            if wizard.exec() != QDialog.DialogCode.Accepted or wizard.actor is None:
                return 0
            username = wizard.actor.username
            site = settings.load(db)

        from frontdesk.ui.shell.sign_in import SignInDialog

        sign_in = SignInDialog(db, site.site_name, username=username)
        if sign_in.exec() != QDialog.DialogCode.Accepted or sign_in.actor is None:
            return 0

        from frontdesk.ui.shell.main_window import MainWindow

        ctx = AppContext(
            db=db, actor=sign_in.actor, runner=runner, profile=site.profile, site_name=site.site_name,
        )
        window = MainWindow(ctx)
        window.show()
        return app.exec()
    except FrontDeskError as exc:
        return _startup_error(exc.message)
    finally:
        runner.wait_idle()
        db.dispose()


def start_check(db: Database) -> list[str]:
    """What is wrong with the database, one line each (runs on the database worker at every start).

    The file's own structure (``PRAGMA quick_check``), the guards on the history, the chain head
    against the last entry, and a history emptied beside existing records.
    """
    problems = [] if db.integrity_ok() else [_("数据库文件的内部结构检查未通过,文件可能已损坏")]
    return problems + [audit.describe(item) for item in audit.safeguards(db).breaks]


def _integrity_failed(url: str, problems: list[str]) -> None:
    QMessageBox.critical(
        QApplication.activeWindow(), _("数据库完整性检查"),
        _("数据库完整性检查发现问题({url}):").format(url=url) + "\n"
        + "\n".join("· " + line for line in problems) + "\n\n"
        + _("请立即停止录入,从备份恢复数据库,或联系管理员。"),
    )
