"""Start-up of the window application: the bundled font, Qt's own translations, the application object."""

from __future__ import annotations

import sys

from PySide6.QtCore import QLibraryInfo, QTranslator
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from frontdesk import i18n
from frontdesk.i18n import _
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
    family = load_font()
    font = QFont(family, FONT_POINT_SIZE)
    app.setFont(font)
    apply_language(app)
    return app  # type: ignore[return-value]


def qt_language() -> str:
    """The language of Qt's own texts: the app's, with Chinese for the source text and the test catalog."""
    language = i18n.language()
    return "zh_CN" if language.startswith("zh") or language == i18n.PSEUDO else language


def apply_language(app: QApplication) -> bool:
    """The catalog installed last reaches the application: its name, and Qt's own dialogs (file,
    print, message-box buttons) from the translations PySide6 ships; returns whether Qt's were found."""
    app.setApplicationDisplayName(_("FrontDesk 服务前台"))
    for old in app.findChildren(QTranslator, "qt_translations"):
        app.removeTranslator(old)
        old.deleteLater()
    translator = QTranslator(app)
    translator.setObjectName("qt_translations")
    if not translator.load(f"qtbase_{qt_language()}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        translator.deleteLater()
        return False
    return app.installTranslator(translator)
