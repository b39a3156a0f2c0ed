"""Start-up of the window application: the bundled font, the application object."""

from __future__ import annotations

import sys

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from frontdesk.paths import font_path

FONT_POINT_SIZE = 10


def load_font() -> str:
    """Register the bundled CJK font and return its family name."""
    font_id = QFontDatabase.addApplicationFont(str(font_path()))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    if not families:
        raise RuntimeError(f"cannot load bundled font {font_path()}")
    return families[0]


def application() -> QApplication:
    """The one QApplication, created on first use with the bundled font as the default."""
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
        app.setApplicationName("FrontDesk")
        app.setApplicationDisplayName("FrontDesk 服务前台")
    family = load_font()
    font = QFont(family, FONT_POINT_SIZE)
    app.setFont(font)
    return app  # type: ignore[return-value]
