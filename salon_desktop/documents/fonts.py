"""The typeface of every document: Vazirmatn, embedded, and fallbacks for what it lacks.

Vazirmatn (shipped in ``resources/fonts``) draws Persian in all its joined
forms and also all of Latin-1 and Latin Extended-A (ł ą ę ś ż ź ć ń ó, €), so
English, Polish and Persian documents need no second font. ReportLab embeds
the subset of glyphs used (TrueType, ``FontFile2``).

A character Vazirmatn lacks (a client named with an emoji or ③, Cyrillic, Greek)
is drawn in the first fallback font that has it: DejaVu Sans, then Symbola (the
monochrome emoji font; Debian ``fonts-dejavu-core`` and ``fonts-symbola``,
installed by ``packaging/setup.sh``), then Noto Sans Symbols 2. A character none
of them has prints as a visible replacement (U+FFFD), never as nothing;
invisible format characters (ZWJ, variation selectors) are left out.
"""

from __future__ import annotations

import threading
import unicodedata
from functools import lru_cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont

from salon_desktop.paths import RESOURCES

REGULAR = "Vazirmatn"
BOLD = "Vazirmatn-Bold"
FONT_DIR = RESOURCES / "fonts"

# (ReportLab name, file name, file name of the bold face or None) of the fallbacks.
FALLBACKS = (
    ("DejaVuSans", "DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),
    ("Symbola", "Symbola_hint.ttf", None),
    ("Symbola", "Symbola.ttf", None),
    ("NotoSansSymbols2", "NotoSansSymbols2-Regular.ttf", None),
)
FONT_FOLDERS = (
    FONT_DIR,
    Path("/usr/share/fonts"),
    Path("/usr/local/share/fonts"),
    Path.home() / ".local" / "share" / "fonts",
)
REPLACEMENT = "\ufffd"

_lock = threading.Lock()
_registered = False
_fallbacks: dict[bool, list[str]] = {False: [], True: []}


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
        _register_fallbacks()
        ttfonts.makeToUnicodeCMap = _to_unicode_cmap
        _registered = True


_original_cmap = ttfonts.makeToUnicodeCMap


def _to_unicode_cmap(fontname: str, subset) -> str:
    """ReportLab's ToUnicode map, with characters beyond U+FFFF (emoji) written as
    UTF-16 surrogate pairs, as the PDF format has them (ReportLab writes the bare
    code point, which every reader takes for garbage)."""
    cmap = _original_cmap(fontname, subset)
    for i, code in enumerate(subset):
        if code > 0xFFFF:
            utf16 = chr(code).encode("utf-16-be").hex().upper()
            cmap = cmap.replace(f"<{i:02X}> <{code:04X}>", f"<{i:02X}> <{utf16}>", 1)
    return cmap


def _find(file_name: str) -> Path | None:
    for folder in FONT_FOLDERS:
        direct = folder / file_name
        if direct.is_file():
            return direct
        if folder.is_dir():
            found = next(iter(sorted(folder.rglob(file_name))), None)
            if found is not None:
                return found
    return None


def _register_fallbacks() -> None:
    for name, regular, bold in FALLBACKS:
        if name in _fallbacks[False]:
            continue
        path = _find(regular)
        if path is None:
            continue
        try:
            pdfmetrics.registerFont(TTFont(name, str(path)))
        except Exception:  # noqa: BLE001 - a broken system font: the next one
            continue
        _fallbacks[False].append(name)
        bold_path = _find(bold) if bold else None
        if bold_path is not None:
            try:
                pdfmetrics.registerFont(TTFont(name + "-Bold", str(bold_path)))
                _fallbacks[True].append(name + "-Bold")
                continue
            except Exception:  # noqa: BLE001
                pass
        _fallbacks[True].append(name)


def fallbacks(bold: bool = False) -> list[str]:
    """The fallback fonts found on this PC, in order."""
    register()
    return list(_fallbacks[bold])


@lru_cache(maxsize=16)
def _glyphs(name: str) -> frozenset[int]:
    return frozenset(pdfmetrics.getFont(name).face.charToGlyph)


def _invisible(ch: str) -> bool:
    return unicodedata.category(ch) == "Cf" or "\ufe00" <= ch <= "\ufe0f"


def font_for(ch: str, primary: str) -> str | None:
    """The font that draws ``ch``: the primary one, else the first fallback that has
    it; None when no font has it (an invisible character is then left out, any
    other is replaced by U+FFFD)."""
    code = ord(ch)
    if code in _glyphs(primary) or ch.isspace() and code < 0x80:
        return primary
    for name in _fallbacks[primary == BOLD]:
        if code in _glyphs(name):
            return name
    return None


def runs(text: str, primary: str) -> list[tuple[str, str]]:
    """``text`` cut into (font, text) runs, each drawn in a font that has its glyphs."""
    register()
    out: list[tuple[str, str]] = []
    glyphs = _glyphs(primary)
    for ch in text:
        if ord(ch) in glyphs:
            name = primary
        else:
            if _invisible(ch):
                continue  # a joiner or variation selector the font does not know
            found = font_for(ch, primary)
            name = primary if found is None else found
            if found is None:
                ch = REPLACEMENT
        if out and out[-1][0] == name:
            out[-1] = (name, out[-1][1] + ch)
        else:
            out.append((name, ch))
    return out


def text_width(text: str, primary: str, size: float) -> float:
    """The width of ``text`` as drawn by :func:`runs`, in points."""
    return sum(pdfmetrics.stringWidth(t, name, size) for name, t in runs(text, primary))


def font(bold: bool = False) -> str:
    register()
    return BOLD if bold else REGULAR


def missing_glyphs(text: str, bold: bool = False) -> set[str]:
    """Characters of ``text`` Vazirmatn cannot draw (for tests and checks)."""
    register()
    face = pdfmetrics.getFont(font(bold)).face
    return {ch for ch in text if ord(ch) not in face.charToGlyph and not ch.isspace()}


def undrawable(text: str, bold: bool = False) -> set[str]:
    """Characters of ``text`` no font of this PC draws (printed as U+FFFD)."""
    register()
    return {
        ch
        for ch in text
        if not ch.isspace() and not _invisible(ch) and font_for(ch, font(bold)) is None
    }
