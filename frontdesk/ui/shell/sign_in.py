"""The sign-in dialog: user name and password; what went wrong is said in red inside the dialog."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from frontdesk.db.engine import Database
from frontdesk.domain.errors import FrontDeskError
from frontdesk.domain.types import Actor
from frontdesk.i18n import _
from frontdesk.services import auth
from frontdesk.ui.common import style
from frontdesk.ui.common.base import Dialog
from frontdesk.ui.common.tasks import error_text


class SignInDialog(Dialog):
    """Asks for the user name and password; on success ``actor`` is the signed-in user.

    The check (argon2, about 50 ms) runs synchronously: the dialog has nothing else to do.
    """

    def __init__(self, db: Database, site_name: str = "", parent: QWidget | None = None, username: str = "") -> None:
        self.db = db
        self.site_name = site_name
        self.actor: Actor | None = None
        super().__init__(_("登录"), "sign_in_dialog", parent)
        self.resize(max(380, self.sizeHint().width()), self.sizeHint().height())
        sign_in_button = self.button_box.button(QDialogButtonBox.StandardButton.Ok)
        sign_in_button.setText(_("登录"))
        sign_in_button.setObjectName("sign_in_button")
        sign_in_button.setDefault(True)
        self.sign_in_button = sign_in_button
        self.button_box.button(QDialogButtonBox.StandardButton.Cancel).setText(_("退出"))
        if username:
            self.username_edit.setText(username)
            self.password_edit.setFocus()
        else:
            self.username_edit.setFocus()
        self.username_edit.textEdited.connect(self._clear_error)
        self.password_edit.textEdited.connect(self._clear_error)

    def setup_ui(self, layout: QVBoxLayout) -> None:
        title = QLabel(self.site_name or _("FrontDesk 服务前台"))
        title.setObjectName("site_label")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        title.setFont(font)
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(title)
        hint = QLabel(_("请输入用户名和密码登录"))
        hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        style.as_hint(hint)
        layout.addWidget(hint)
        layout.addSpacing(8)

        form = QFormLayout()
        self.username_edit = QLineEdit()
        self.username_edit.setObjectName("username_edit")
        self.username_edit.setMaxLength(64)
        self.password_edit = QLineEdit()
        self.password_edit.setObjectName("password_edit")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setMaxLength(128)
        form.addRow(_("用户名"), self.username_edit)
        form.addRow(_("密码"), self.password_edit)
        layout.addLayout(form)

        self.error_label = QLabel()
        self.error_label.setObjectName("error_label")
        style.as_error(self.error_label)
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        layout.addWidget(self.error_label)

    def _clear_error(self) -> None:
        self.error_label.clear()
        self.error_label.hide()

    def show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.show()
        self.resize(self.width(), max(self.height(), self.sizeHint().height()))

    def accept(self) -> None:
        username = self.username_edit.text().strip()
        if not username:
            self.show_error(_("请输入用户名"))
            self.username_edit.setFocus()
            return
        if not self.password_edit.text():
            self.show_error(_("请输入密码"))
            self.password_edit.setFocus()
            return
        try:
            self.actor = auth.sign_in(self.db, username, self.password_edit.text())
        except FrontDeskError as exc:
            self.show_error(error_text(exc))
            self.password_edit.clear()
            self.password_edit.setFocus()
            return
        super().accept()
