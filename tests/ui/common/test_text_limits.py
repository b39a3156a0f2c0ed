"""A text box with a limit: typing and pasting stop there, a count shows near it, a saved longer text
is shown whole with what to remove."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent, QTextCursor
from PySide6.QtWidgets import QApplication

from frontdesk.ui.common.widgets import LimitedTextEdit, text_box


def _box(qtbot, limit: int = 10) -> LimitedTextEdit:  # noqa: ANN001
    box = text_box("content_edit", 3, parent=None, limit=limit)
    qtbot.addWidget(box)
    box.show()
    return box


def test_typing_stops_at_the_limit(qtbot):
    box = _box(qtbot)
    qtbot.keyClicks(box, "ab" * 8)
    assert box.toPlainText() == "ab" * 5


def test_a_paste_is_cut_where_it_goes_in_and_the_text_after_it_stays(qtbot):
    box = _box(qtbot)
    box.setPlainText("abcdefgh")
    cursor = box.textCursor()
    cursor.setPosition(4)
    box.setTextCursor(cursor)
    box.insertPlainText("XYZW")
    assert box.toPlainText() == "abcdXYefgh"


def test_what_an_input_method_commits_is_cut_too(qtbot):
    box = _box(qtbot)
    box.setFocus()
    event = QInputMethodEvent()
    event.setCommitString("天花板渗水" * 3)
    QApplication.sendEvent(box, event)
    assert box.toPlainText() == "天花板渗水" * 2


def test_a_count_shows_near_the_limit(qtbot):
    box = _box(qtbot)
    qtbot.keyClicks(box, "a" * 7)
    assert not box.counter.isVisible()
    qtbot.keyClicks(box, "a")
    assert box.counter.isVisible() and box.counter.text() == "还可输入 2 字"
    qtbot.keyClicks(box, "aaaa")
    assert box.counter.text() == "还可输入 0 字"
    box.setReadOnly(True)
    assert not box.counter.isVisible()


def test_a_saved_longer_text_is_shown_whole_with_what_to_remove(qtbot):
    box = _box(qtbot)
    box.setPlainText("字" * 12)
    assert box.toPlainText() == "字" * 12
    assert box.counter.isVisible() and box.counter.text() == "超出 2 字,请删减"
    qtbot.keyClicks(box, "x")  # nothing more goes in
    assert box.toPlainText() == "字" * 12
    box.moveCursor(QTextCursor.MoveOperation.End)
    for _i in range(3):
        qtbot.keyClick(box, Qt.Key.Key_Backspace)
    assert box.toPlainText() == "字" * 9 and box.counter.text() == "还可输入 1 字"
