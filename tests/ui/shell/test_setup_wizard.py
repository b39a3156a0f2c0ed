"""The first-start wizard: profile, site name, first administrator; errors beside the fields."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QWizard

from frontdesk.services import auth, reference, settings
from frontdesk.ui.shell.setup_wizard import SetupWizard


def make_wizard(qtbot, db) -> SetupWizard:
    wizard = SetupWizard(db)
    qtbot.addWidget(wizard)
    wizard.show()
    return wizard


def click(qtbot, wizard: SetupWizard, which: QWizard.WizardButton) -> None:
    qtbot.mouseClick(wizard.button(which), Qt.MouseButton.LeftButton)


def fill_admin(qtbot, wizard: SetupWizard, name: str, password: str, confirm: str) -> None:
    page = wizard.admin_page
    page.display_name_edit.setText(name)
    page.password_edit.clear()
    qtbot.keyClicks(page.password_edit, password)
    page.confirm_edit.clear()
    qtbot.keyClicks(page.confirm_edit, confirm)


def test_creates_the_administrator(qtbot, db):
    wizard = make_wizard(qtbot, db)
    assert "汽车" in wizard.site_page.profile_buttons["dealership"].text()
    description = wizard.findChild(type(wizard.admin_page.general_error), "profile_dealership_description")
    assert "车主" in description.text() and "售后车间" in description.text()
    car = wizard.site_page.profile_buttons["dealership"]
    qtbot.mouseClick(car, Qt.MouseButton.LeftButton, pos=QPoint(30, car.height() // 2))
    assert car.isChecked()
    wizard.site_page.site_name_edit.setText("城东 4S 店客服部")
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    assert wizard.currentPage() is wizard.admin_page
    fill_admin(qtbot, wizard, "刘经理", "secret9", "secret9")
    click(qtbot, wizard, QWizard.WizardButton.FinishButton)
    assert wizard.result() == QWizard.DialogCode.Accepted
    assert wizard.actor is not None and wizard.actor.role == "admin" and wizard.actor.display_name == "刘经理"
    assert auth.is_initialized(db)
    assert settings.load(db).profile == "dealership"
    assert settings.load(db).site_name == "城东 4S 店客服部"
    assert "售后车间" in [o.name for o in reference.departments(db)]
    assert auth.sign_in(db, "admin", "secret9").id == wizard.actor.id


def test_site_name_is_required_before_moving_on(qtbot, db):
    wizard = make_wizard(qtbot, db)
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    assert wizard.currentPage() is wizard.site_page
    assert wizard.site_page.site_name_error.text() == "请填写站点名称"


def test_errors_are_shown_beside_the_fields(qtbot, db):
    wizard = make_wizard(qtbot, db)
    wizard.site_page.site_name_edit.setText("阳光花园服务站")
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    page = wizard.admin_page
    fill_admin(qtbot, wizard, "张管理", "secret1", "secret2")
    click(qtbot, wizard, QWizard.WizardButton.FinishButton)
    assert page.errors["confirm"].text() == "两次输入的密码不一致"
    assert not auth.is_initialized(db)

    page.username_edit.clear()
    fill_admin(qtbot, wizard, "", "123", "123")
    click(qtbot, wizard, QWizard.WizardButton.FinishButton)
    assert page.errors["username"].text() == "请填写用户名"
    assert page.errors["display_name"].text() == "请填写姓名"
    assert page.errors["password"].text() == "密码至少 6 位"
    assert wizard.isVisible() and wizard.actor is None
    assert not auth.is_initialized(db)


def test_already_initialized_database_is_refused(qtbot, db, admin):
    wizard = make_wizard(qtbot, db)
    wizard.site_page.site_name_edit.setText("别的站")
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    fill_admin(qtbot, wizard, "某人", "secret7", "secret7")
    click(qtbot, wizard, QWizard.WizardButton.FinishButton)
    assert "已完成初始设置" in wizard.admin_page.general_error.text()
    assert wizard.actor is None
