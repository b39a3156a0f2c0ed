"""The one translation function every user-visible string passes through.

Chinese is the source language; an English catalog can be added later with
gettext (``resources/translations/<lang>/LC_MESSAGES/frontdesk.mo``) without
touching code.  Qt is not needed here, so domain code and reports use it too.
"""

from __future__ import annotations

import gettext

from frontdesk.paths import resources_dir

_translation: gettext.NullTranslations = gettext.NullTranslations()


def install(language: str | None) -> None:
    """Switch the catalog; ``None`` or ``"zh_CN"`` keeps the Chinese source text."""
    global _translation
    if not language or language.startswith("zh"):
        _translation = gettext.NullTranslations()
        return
    _translation = gettext.translation(
        "frontdesk", localedir=str(resources_dir() / "translations"), languages=[language], fallback=True
    )


def _(text: str) -> str:
    return _translation.gettext(text)
