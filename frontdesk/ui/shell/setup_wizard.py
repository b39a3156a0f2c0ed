"""First start: choose the profile, name the site and create the first administrator."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from frontdesk.db.engine import Database
from frontdesk.domain import account
from frontdesk.domain.errors import FrontDeskError, ValidationFailed
from frontdesk.domain.settings import TEXT_RULES as SITE_TEXTS
from frontdesk.domain.types import Actor
from frontdesk.domain.vocab import PROFILE_LABELS, Profile, preset_names, term
from frontdesk.i18n import N_, Labels, _
from frontdesk.services import auth
from frontdesk.ui.common import style
from frontdesk.ui.common.tasks import error_text

PROFILE_PLACES = Labels({
    Profile.PROPERTY: N_("物业服务中心、住宅小区服务站"),
    Profile.DEALERSHIP: N_("汽车 4S 店、维修站客服部"),
})
ERROR_WIDTH = 190


def profile_description(profile: Profile) -> str:
    """One line on what the profile seeds: the customer, the location, a few categories and departments."""
    categories, departments = preset_names(profile, "categories"), preset_names(profile, "departments")
    return _("客户为{customer},按{hint}登记;预置{categories}等 {n} 个投诉类别,{departments}等 {m} 个部门").format(
        customer=term(profile, "customer"), hint=term(profile, "location_hint"),
        categories="、".join(categories[:3]), n=len(categories),
        departments="、".join(departments[:3]), m=len(departments),
    )


def _error_label(name: str, width: int | None = ERROR_WIDTH) -> QLabel:
    """A red label for a field's message; ``width`` fixed for the column beside the fields."""
    label = QLabel()
    label.setObjectName(name)
    style.as_error(label)
    label.setWordWrap(True)
    if width is not None:
        label.setFixedWidth(width)
    return label


class SitePage(QWizardPage):
    """Page 1: the profile and the site name."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(_("欢迎使用 FrontDesk 服务前台"))
        self.setSubTitle(_("第一次使用,请选择使用场景并填写站点名称。以后管理员可以在设置中修改。"))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_("使用场景")))
        self.profile_group = QButtonGroup(self)
        self.profile_buttons: dict[str, QRadioButton] = {}
        for profile in Profile:
            button = QRadioButton(_("{label} — {where}").format(
                label=PROFILE_LABELS[profile], where=PROFILE_PLACES[profile]))
            button.setObjectName(f"profile_{profile.value}")
            self.profile_group.addButton(button)
            self.profile_buttons[profile.value] = button
            description = QLabel(profile_description(profile))
            description.setObjectName(f"profile_{profile.value}_description")
            description.setWordWrap(True)
            style.as_hint(description).setContentsMargins(22, 0, 0, 0)
            layout.addWidget(button)
            layout.addWidget(description)
        self.profile_buttons[Profile.PROPERTY.value].setChecked(True)
        self.profile_error = _error_label("profile_error", width=None)
        layout.addWidget(self.profile_error)
        layout.addSpacing(8)

        grid = QGridLayout()
        self.site_name_edit = QLineEdit()
        self.site_name_edit.setObjectName("site_name_edit")
        self.site_name_edit.setPlaceholderText(_("例如:阳光花园服务站、城东 4S 店客服部"))
        self.site_name_edit.setMaxLength(SITE_TEXTS["site_name"].limit)
        self.site_name_error = _error_label("site_name_error")
        grid.addWidget(QLabel(_("站点名称")), 0, 0)
        grid.addWidget(self.site_name_edit, 0, 1)
        grid.addWidget(self.site_name_error, 0, 2)
        grid.setColumnStretch(1, 1)
        layout.addLayout(grid)
        layout.addStretch(1)
        self.site_name_edit.textEdited.connect(self.site_name_error.clear)

    def profile(self) -> str:
        for value, button in self.profile_buttons.items():
            if button.isChecked():
                return value
        return ""

    def validatePage(self) -> bool:  # noqa: N802 - Qt override
        if not self.site_name_edit.text().strip():
            self.site_name_error.setText(_("请填写站点名称"))
            self.site_name_edit.setFocus()
            return False
        return True


class AdminPage(QWizardPage):
    """Page 2: the first administrator."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(_("创建管理员账户"))
        self.setSubTitle(_("管理员负责用户、部门、类别、备份和设置。请牢记密码。"))
        grid = QGridLayout(self)
        self.username_edit = QLineEdit()
        self.username_edit.setObjectName("username_edit")
        self.username_edit.setText("admin")
        self.username_edit.setMaxLength(account.TEXT_RULES["username"].limit)
        self.display_name_edit = QLineEdit()
        self.display_name_edit.setObjectName("display_name_edit")
        self.display_name_edit.setPlaceholderText(_("签名栏里显示的名字"))
        self.display_name_edit.setMaxLength(account.TEXT_RULES["display_name"].limit)
        self.password_edit = QLineEdit()
        self.password_edit.setObjectName("password_edit")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setMaxLength(account.PASSWORD_MAX)
        self.password_edit.setPlaceholderText(_("至少 {n} 位").format(n=auth.MIN_PASSWORD))
        self.confirm_edit = QLineEdit()
        self.confirm_edit.setObjectName("confirm_edit")
        self.confirm_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.errors: dict[str, QLabel] = {}
        for row, (key, title, edit) in enumerate((
            ("username", _("用户名"), self.username_edit),
            ("display_name", _("姓名"), self.display_name_edit),
            ("password", _("密码"), self.password_edit),
            ("confirm", _("确认密码"), self.confirm_edit),
        )):
            label = QLabel(title)
            label.setBuddy(edit)
            error = _error_label(f"{key}_error")
            self.errors[key] = error
            grid.addWidget(label, row, 0)
            grid.addWidget(edit, row, 1)
            grid.addWidget(error, row, 2)
            edit.textEdited.connect(error.clear)
        self.general_error = _error_label("general_error", width=None)
        grid.addWidget(self.general_error, 4, 0, 1, 3)
        grid.setColumnStretch(1, 1)
        grid.setRowStretch(5, 1)

    def clear_errors(self) -> None:
        for label in self.errors.values():
            label.clear()
        self.general_error.clear()


class SetupWizard(QWizard):
    """The first-start wizard; when it is accepted ``actor`` is the new administrator."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.actor: Actor | None = None
        self.setObjectName("setup_wizard")
        self.setWindowTitle(_("首次设置"))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        for button, text in (
            (QWizard.WizardButton.NextButton, _("下一步")), (QWizard.WizardButton.BackButton, _("上一步")),
            (QWizard.WizardButton.FinishButton, _("完成")), (QWizard.WizardButton.CancelButton, _("取消")),
        ):
            self.setButtonText(button, text)
        self.site_page = SitePage(self)
        self.admin_page = AdminPage(self)
        self.addPage(self.site_page)
        self.addPage(self.admin_page)
        self.resize(680, 460)

    def validateCurrentPage(self) -> bool:  # noqa: N802 - Qt override
        if self.currentPage() is self.admin_page:
            return self._finish()
        return super().validateCurrentPage()

    def _finish(self) -> bool:
        page = self.admin_page
        page.clear_errors()
        if page.password_edit.text() != page.confirm_edit.text():
            page.errors["confirm"].setText(_("两次输入的密码不一致"))
            page.confirm_edit.setFocus()
            return False
        try:
            self.actor = auth.initialize(
                self.db, self.site_page.profile(), self.site_page.site_name_edit.text(),
                page.username_edit.text(), page.display_name_edit.text(), page.password_edit.text(),
            )
        except ValidationFailed as exc:
            elsewhere = []
            for field_name, message in exc.fields.items():
                if field_name in page.errors:
                    page.errors[field_name].setText(message)
                elif field_name == "site_name":
                    self.site_page.site_name_error.setText(message)
                    elsewhere.append(message)
                elif field_name == "profile":
                    self.site_page.profile_error.setText(message)
                    elsewhere.append(message)
                else:
                    elsewhere.append(message)
            if elsewhere:
                page.general_error.setText("".join(elsewhere) + _("(请点“上一步”修改)"))
            return False
        except FrontDeskError as exc:
            page.general_error.setText(error_text(exc))
            return False
        return True
