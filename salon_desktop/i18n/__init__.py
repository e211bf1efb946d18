"""Translations (gettext) and the current language. Free of Qt.

Our strings are marked with ``_`` (translated now) or ``N_`` (marked for
extraction, translated where shown). Catalogs live in ``translations/`` at the
top of the source tree: ``translations/<lang>/LC_MESSAGES/salon_desktop.po``
and the compiled ``.mo`` beside it.
"""

from __future__ import annotations

import gettext as _gettext
from pathlib import Path

DOMAIN = "salon_desktop"
LANGUAGES = ("en", "pl", "fa")
RTL_LANGUAGES = frozenset({"fa"})
TRANSLATIONS_DIR = Path(__file__).resolve().parents[2] / "translations"

_current: _gettext.NullTranslations = _gettext.NullTranslations()
_language = "en"


def N_(message: str) -> str:  # noqa: N802 - the gettext convention
    """Mark a string for extraction without translating it yet."""
    return message


def _(message: str) -> str:
    return _current.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _current.ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    return _current.pgettext(context, message)


def set_language(language: str) -> None:
    """Make ``language`` ('en', 'pl' or 'fa') the language of every later ``_()`` call."""
    global _current, _language
    if language not in LANGUAGES:
        language = "en"
    if language == "en":
        _current = _gettext.NullTranslations()
    else:
        _current = _gettext.translation(
            DOMAIN, localedir=str(TRANSLATIONS_DIR), languages=[language], fallback=True
        )
    _language = language


def current_language() -> str:
    return _language


def is_rtl(language: str | None = None) -> bool:
    return (language or _language) in RTL_LANGUAGES
