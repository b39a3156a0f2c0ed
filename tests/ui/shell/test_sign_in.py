"""The sign-in dialog: success, the wrong-password message and the lock after five failures."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from frontdesk.ui.common import style
from frontdesk.ui.shell.sign_in import SignInDialog


def make_dialog(qtbot, db, **options) -> SignInDialog:
    dialog = SignInDialog(db, "阳光花园服务站", **options)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def type_and_submit(qtbot, dialog: SignInDialog, username: str, password: str) -> None:
    dialog.username_edit.clear()
    qtbot.keyClicks(dialog.username_edit, username)
    dialog.password_edit.clear()
    qtbot.keyClicks(dialog.password_edit, password)
    qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)


def test_signs_in_with_enter(qtbot, db, admin):
    dialog = make_dialog(qtbot, db)
    assert dialog.password_edit.echoMode() == dialog.password_edit.EchoMode.Password
    assert dialog.findChild(type(dialog.error_label), "site_label").text() == "阳光花园服务站"
    type_and_submit(qtbot, dialog, "admin", "secret1")
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.actor is not None and dialog.actor.display_name == "张管理"


def test_wrong_password_says_what_to_do(qtbot, db, admin):
    dialog = make_dialog(qtbot, db)
    type_and_submit(qtbot, dialog, "admin", "wrong-one")
    assert dialog.isVisible()
    assert dialog.actor is None
    assert "请重新输入" in dialog.error_label.text() and "锁定" in dialog.error_label.text()
    assert style.ERROR in dialog.error_label.styleSheet()  # shown in red
    assert dialog.password_edit.text() == ""  # cleared for the next try
    # typing again clears the message
    qtbot.keyClicks(dialog.password_edit, "x")
    assert dialog.error_label.text() == ""


def test_locked_after_five_failures(qtbot, db, admin):
    dialog = make_dialog(qtbot, db)
    for _attempt in range(4):
        type_and_submit(qtbot, dialog, "admin", "wrong-one")
    assert "连续输错 5 次" in dialog.error_label.text()
    type_and_submit(qtbot, dialog, "admin", "wrong-one")
    assert "已锁定 15 分钟" in dialog.error_label.text()
    # even the right password is refused while locked
    type_and_submit(qtbot, dialog, "admin", "secret1")
    assert "暂时锁定" in dialog.error_label.text()
    assert dialog.actor is None and dialog.isVisible()


def test_unknown_user_and_empty_fields(qtbot, db, admin):
    dialog = make_dialog(qtbot, db)
    type_and_submit(qtbot, dialog, "nobody", "whatever")
    assert "用户名或密码错误" in dialog.error_label.text()
    dialog.username_edit.clear()
    qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
    assert dialog.error_label.text() == "请输入用户名"


def test_username_prefilled_after_setup(qtbot, db, admin):
    dialog = make_dialog(qtbot, db, username="admin")
    assert dialog.username_edit.text() == "admin"
    qtbot.keyClicks(dialog.password_edit, "secret1")
    qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
    assert dialog.actor is not None


def test_a_deleted_history_head_gives_one_clear_message(qtbot, db, db_url, admin):
    import sqlite3

    raw = sqlite3.connect(db_url.removeprefix("sqlite:///"), isolation_level=None)
    raw.execute("DROP TRIGGER history_head_no_delete")
    raw.execute("DELETE FROM history_head")
    raw.close()
    dialog = make_dialog(qtbot, db)
    type_and_submit(qtbot, dialog, "admin", "secret1")
    assert dialog.isVisible() and dialog.actor is None
    assert "verify-history" in dialog.error_label.text() and "备份" in dialog.error_label.text()
