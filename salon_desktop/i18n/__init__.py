"""Translations (gettext) and the current language. Free of Qt.

Our strings are marked with ``_`` (translated now) or ``N_`` (marked for
extraction, translated where shown). Catalogs live in ``translations/`` at the
top of the source tree: ``translations/<lang>/LC_MESSAGES/salon_desktop.po``
and the compiled ``.mo`` beside it.
"""

from __future__ import annotations

import contextlib
import functools
import gettext as _gettext
from collections.abc import Iterator
from contextvars import ContextVar
from pathlib import Path

DOMAIN = "salon_desktop"
LANGUAGES = ("en", "pl", "fa")
RTL_LANGUAGES = frozenset({"fa"})
TRANSLATIONS_DIR = Path(__file__).resolve().parents[2] / "translations"

_current: _gettext.NullTranslations = _gettext.NullTranslations()
_language = "en"
# A language spoken by one thread (or task) only, e.g. a document rendered in the
# client's language in a worker while the screens go on in the desk's language.
_spoken: ContextVar[tuple[str, _gettext.NullTranslations] | None] = ContextVar(
    "salon_desktop_language", default=None
)


def N_(message: str) -> str:  # noqa: N802 - the gettext convention
    """Mark a string for extraction without translating it yet."""
    return message


def _active() -> _gettext.NullTranslations:
    spoken = _spoken.get()
    return _current if spoken is None else spoken[1]


def _(message: str) -> str:
    return _active().gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _active().ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    return _active().pgettext(context, message)


@functools.cache
def _catalog(language: str) -> _gettext.NullTranslations:
    if language == "en":
        return _gettext.NullTranslations()
    return _gettext.translation(
        DOMAIN, localedir=str(TRANSLATIONS_DIR), languages=[language], fallback=True
    )


def _known(language: str) -> str:
    return language if language in LANGUAGES else "en"


def set_language(language: str) -> None:
    """Make ``language`` ('en', 'pl' or 'fa') the process' language: every later
    ``_()`` call outside a ``speaking()`` block."""
    global _current, _language
    _language = _known(language)
    _current = _catalog(_language)


@contextlib.contextmanager
def speaking(language: str) -> Iterator[None]:
    """Within the block, ``_()`` and ``current_language()`` of this thread only are
    in ``language``; the process' language and other threads are untouched."""
    language = _known(language)
    token = _spoken.set((language, _catalog(language)))
    try:
        yield
    finally:
        _spoken.reset(token)


def current_language() -> str:
    spoken = _spoken.get()
    return _language if spoken is None else spoken[0]


def is_rtl(language: str | None = None) -> bool:
    return (language or current_language()) in RTL_LANGUAGES
