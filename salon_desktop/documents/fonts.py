"""The one typeface of every document: Vazirmatn, embedded.

Vazirmatn (shipped in ``resources/fonts``) draws Persian in all its joined
forms and also all of Latin-1 and Latin Extended-A (ł ą ę ś ż ź ć ń ó, €), so
English, Polish and Persian documents need no second font. ReportLab embeds
the subset of glyphs used (TrueType, ``FontFile2``).
"""

from __future__ import annotations

import threading

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from salon_desktop.paths import RESOURCES

REGULAR = "Vazirmatn"
BOLD = "Vazirmatn-Bold"
FONT_DIR = RESOURCES / "fonts"

_lock = threading.Lock()
_registered = False


def register() -> None:
    """Register the fonts with ReportLab (once per process)."""
    global _registered
    if _registered:
        return
    with _lock:
        if _registered:
            return
        pdfmetrics.registerFont(TTFont(REGULAR, str(FONT_DIR / "Vazirmatn-Regular.ttf")))
        pdfmetrics.registerFont(TTFont(BOLD, str(FONT_DIR / "Vazirmatn-Bold.ttf")))
        pdfmetrics.registerFontFamily(
            REGULAR, normal=REGULAR, bold=BOLD, italic=REGULAR, boldItalic=BOLD
        )
        _registered = True


def font(bold: bool = False) -> str:
    register()
    return BOLD if bold else REGULAR


def missing_glyphs(text: str, bold: bool = False) -> set[str]:
    """Characters of ``text`` the font cannot draw (for tests and checks)."""
    register()
    face = pdfmetrics.getFont(font(bold)).face
    return {ch for ch in text if ord(ch) not in face.charToGlyph and not ch.isspace()}
