"""Labels are translated where they are shown, so the catalog installed at start reaches every one.

Under a test catalog that wraps each translated text in ⟦…⟧, every screen that
``frontdesk screenshot`` renders is read widget by widget: apart from data (what the
database holds), no Chinese may show outside the markers.
"""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDateTimeEdit,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QMainWindow,
    QPlainTextEdit,
    QTabBar,
    QTreeWidget,
    QWidget,
    QWizard,
)
from sqlalchemy import String, Text, select

from frontdesk import i18n
from frontdesk.db.models import Base
from frontdesk.demo import generator as demo
from frontdesk.ui.shell.screenshots import render_all

MARKED = re.compile(r"⟦[^⟦⟧]*⟧")
CHINESE = re.compile(r"[\u3400-\u9fff]+")
TAG = re.compile(r"<[^>]+>")
ROWS_READ = 30


def unmarked(text: str) -> str:
    """What is left of ``text`` once every translated part (nested ones too) is taken out."""
    before = None
    while before != text:
        before, text = text, MARKED.sub(" ", text)
    return text


def data_of(db) -> str:  # noqa: ANN001
    """Every text the database holds, joined: a shown text found in it is data, not a label."""
    values: list[str] = []
    with db.read() as session:
        for table in Base.metadata.sorted_tables:
            columns = [c for c in table.columns if isinstance(c.type, String | Text)]
            if columns:
                for row in session.execute(select(*columns)):
                    values += [str(v) for v in row if v]
    return "\n".join(values)


def item_view_texts(view: QAbstractItemView) -> list[str]:
    model = view.model()
    if model is None:
        return []
    texts = [str(model.headerData(c, Qt.Orientation.Horizontal) or "") for c in range(model.columnCount())]
    for row in range(min(model.rowCount(), ROWS_READ)):
        texts += [str(model.index(row, c).data() or "") for c in range(model.columnCount())]
    return texts


def shown_texts(top: QWidget) -> list[tuple[str, str]]:
    """(widget, text) for every text a user can see on ``top``."""
    found = [("window title", top.windowTitle())]
    for widget in [top, *top.findChildren(QWidget)]:
        if widget is not top and not widget.isVisibleTo(top):
            continue
        name = f"{type(widget).__name__} {widget.objectName()}"
        texts: list[str] = []
        if isinstance(widget, QLabel):
            texts.append(TAG.sub("", widget.text()))
        elif isinstance(widget, QAbstractButton):
            texts.append(widget.text())
        elif isinstance(widget, QGroupBox):
            texts.append(widget.title())
        elif isinstance(widget, QLineEdit):
            texts += [widget.text(), widget.placeholderText()]
        elif isinstance(widget, QPlainTextEdit):
            texts += [widget.toPlainText(), widget.placeholderText()]
        elif isinstance(widget, QComboBox):
            texts += [widget.itemText(i) for i in range(widget.count())] + [widget.placeholderText()]
        elif isinstance(widget, QDateTimeEdit):
            texts += [widget.specialValueText(), widget.text()]
        elif isinstance(widget, QTabBar):
            texts += [widget.tabText(i) for i in range(widget.count())]
        elif isinstance(widget, QTreeWidget):
            header = widget.headerItem()
            texts += [header.text(c) for c in range(header.columnCount())]
            for i in range(min(widget.topLevelItemCount(), ROWS_READ)):
                item = widget.topLevelItem(i)
                texts += [item.text(c) for c in range(item.columnCount())]
        elif isinstance(widget, QListWidget):
            texts += [widget.item(i).text() for i in range(widget.count())]
        elif isinstance(widget, QAbstractItemView):
            texts += item_view_texts(widget)
        if isinstance(widget, QWizard):
            page = widget.currentPage()
            texts += [page.title(), page.subTitle()] if page is not None else []
        if isinstance(widget, QMainWindow):
            for action in widget.menuBar().actions():
                texts.append(action.text())
                texts += [a.text() for a in action.menu().actions()] if action.menu() else []
        found += [(name, text) for text in texts if text]
    return found


def untranslated(text: str, data: str) -> list[str]:
    """Runs of Chinese left outside the markers that are not data."""
    return [run for run in CHINESE.findall(unmarked(text)) if run not in data]


@pytest.fixture
def pseudo():
    i18n.install(i18n.PSEUDO)
    yield
    i18n.install(None)


def test_every_screen_shows_only_translated_labels_and_data(qapp, db, tmp_path, pseudo):
    i18n.install(None)
    demo.fill(db, months=1, seed=3)  # the data is written in Chinese, as a site's is
    i18n.install(i18n.PSEUDO)
    data = data_of(db)
    offenders: list[str] = []
    screens: list[str] = []

    def look(name: str, widget: QWidget) -> None:
        screens.append(name)
        for where, text in shown_texts(widget):
            for run in untranslated(text, data):
                offenders.append(f"{name} · {where}: {run!r} in {text!r}")

    render_all(db, tmp_path / "shots", look=look)
    assert len(screens) >= 17
    assert offenders == []
    assert QApplication.applicationDisplayName() == "⟦FrontDesk 服务前台⟧"


def test_the_check_sees_a_label_left_untranslated():
    data = "王前台\n阳光花园服务站"
    assert untranslated("⟦当前用户:王前台(⟦前台/客服专员⟧)⟧", data) == []
    assert untranslated("王前台 ⟦已保存⟧", data) == []
    assert untranslated("保存后自动生成", data) == ["保存后自动生成"]
    assert untranslated("⟦编号⟧ 新建", data) == ["新建"]


def test_qt_own_dialogs_speak_chinese(qapp):
    from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

    from frontdesk.ui.shell.app import application

    application()
    box = QMessageBox()
    box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    assert {b.text() for b in box.buttons()} == {"是(&Y)", "否(&N)"}
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Open | QDialogButtonBox.StandardButton.Cancel)
    assert {b.text() for b in buttons.buttons()} == {"打开", "取消"}
