"""Start the window application: open and check the database, first-start setup, sign-in, main window."""

from __future__ import annotations

import traceback
from collections.abc import Callable

from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from frontdesk import i18n
from frontdesk.db import opening
from frontdesk.db.engine import Database, shown
from frontdesk.domain.errors import DatabaseMissing, FrontDeskError
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
    return 2


def open_database(db_url: str | None, ask: Callable[[DatabaseMissing], bool] | None = None) -> Database:
    """The database at ``db_url`` (or the default), checked and brought to the newest schema.

    A database that does not exist yet, anywhere but the default place, is made only when
    ``ask`` says yes.
    """
    return opening.open_database(db_url, create=ask or False)


def _ask_to_create(missing: DatabaseMissing) -> bool:
    """Ask before a new, empty site is made where the user pointed: a typo must not look like lost data."""
    if missing.empty:
        text = _("数据库 {where} 是空的,还没有 FrontDesk 数据。\n\n如果选错了数据库,请选“否”,检查后重新打开。\n"
                 "要在这里新建一个 FrontDesk 站点(接着进入初始设置),请选“是”。")
    else:
        text = _("没有找到数据库:{where}\n\n如果路径写错了,请选“否”,检查后重新打开。\n"
                 "要在这里新建一个空的 FrontDesk 数据库(接着进入初始设置),请选“是”。")
    answer = QMessageBox.question(
        None, _("新建数据库?"), text.format(where=missing.where),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


def run_app(db_url: str | None) -> int:
    """Run the application until the main window closes; returns the exit code (2: no database opened)."""
    app = application()
    asked: list[DatabaseMissing] = []

    def ask(missing: DatabaseMissing) -> bool:
        asked.append(missing)
        return _ask_to_create(missing)

    try:
        db = open_database(db_url, ask)
    except DatabaseMissing as exc:
        return 2 if asked else _startup_error(exc.message)  # the user said no: nothing more to say
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
    where = shown(db.url)
    runner.run_db(start_check, db, on_done=lambda problems: problems and _integrity_failed(where, problems))
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
