"""The bundled CJK font, registered once with reportlab so every PDF shows Chinese.

reportlab's ``TTFont`` embeds only the glyphs a document uses, so the PDFs open
correctly on machines without any Chinese font installed.
"""

from __future__ import annotations

import threading

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from frontdesk.paths import font_path

FONT_NAME = "FDSans"

_lock = threading.Lock()


def register_fonts() -> str:
    """Register the bundled font (first face of the TTC) as ``FDSans``; return that name."""
    with _lock:
        if FONT_NAME not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(FONT_NAME, str(font_path()), subfontIndex=0))
    return FONT_NAME
