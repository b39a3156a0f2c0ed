"""The one translation function every user-visible string passes through.

Chinese is the source language; an English catalog can be added with gettext
(``resources/translations/<lang>/LC_MESSAGES/frontdesk.mo``) without touching code.
Qt is not needed here, so domain code and reports use it too.

Text is translated where it is shown, never when a module is imported, so that the
catalog installed at start-up reaches every label:

- ``_("…")`` inside a function translates at once;
- ``N_("…")`` marks a constant where it is defined and leaves it untranslated; pass
  it through ``_()`` where it is shown;
- :class:`Labels` holds the marked labels of a vocabulary and translates each one
  when it is read, so ``CHANNEL_LABELS[channel]`` is always in the current language.

``install("pseudo")`` wraps every translated text in ``⟦…⟧``: a screen rendered under
it shows at a glance any text that escaped translation.
"""

from __future__ import annotations

import gettext
from collections.abc import Iterator, Mapping
from typing import TypeVar

from frontdesk.paths import resources_dir

PSEUDO = "pseudo"
PSEUDO_OPEN, PSEUDO_CLOSE = "⟦", "⟧"

K = TypeVar("K")


class PseudoTranslations(gettext.NullTranslations):
    """A test catalog: every text comes back wrapped in markers."""

    def gettext(self, message: str) -> str:
        return f"{PSEUDO_OPEN}{message}{PSEUDO_CLOSE}"


_translation: gettext.NullTranslations = gettext.NullTranslations()
_language = "zh_CN"


def install(language: str | None) -> None:
    """Switch the catalog; ``None`` or ``"zh_CN"`` keeps the Chinese source text."""
    global _translation, _language
    _language = language or "zh_CN"
    if _language.startswith("zh"):
        _translation = gettext.NullTranslations()
    elif _language == PSEUDO:
        _translation = PseudoTranslations()
    else:
        _translation = gettext.translation(
            "frontdesk", localedir=str(resources_dir() / "translations"), languages=[_language], fallback=True
        )


def language() -> str:
    """The language installed last (``zh_CN`` by default)."""
    return _language


def _(text: str) -> str:
    return _translation.gettext(text)


def N_(text: str) -> str:  # noqa: N802 - the gettext name for a marker
    """Mark ``text`` for translation without translating it (it is translated where shown)."""
    return text


class Labels(Mapping[K, str]):
    """The labels of a vocabulary: marked where defined, translated each time one is read."""

    def __init__(self, source: Mapping[K, str]) -> None:
        self._source = dict(source)

    def __getitem__(self, key: K) -> str:
        return _(self._source[key])

    def __iter__(self) -> Iterator[K]:
        return iter(self._source)

    def __len__(self) -> int:
        return len(self._source)

    def __repr__(self) -> str:
        return f"Labels({self._source!r})"
