"""Persian (right-to-left) text for ReportLab, which draws glyphs left to right as given.

Two steps turn logical text into what is drawn: *shaping* (arabic_reshaper picks
each letter's joined form, keeping the diacritics) and *reordering* (the
Unicode bidi algorithm, with brackets and guillemets mirrored, gives the
visual order of one line). Lines are wrapped first, on the shaped but still
logical text, and only then reordered one by one: reordering a paragraph and
cutting it afterwards would put its last words on the first line.

Text without right-to-left letters in a left-to-right document is returned
unchanged. A paragraph takes the document's direction unless all its letters
are of the other one (see :func:`direction`).
"""

from __future__ import annotations

import re
from functools import lru_cache
from unicodedata import bidirectional

from arabic_reshaper import ArabicReshaper
from bidi.algorithm import get_display
from reportlab.pdfbase.pdfmetrics import stringWidth

_RESHAPER = ArabicReshaper(
    configuration={
        "delete_harakat": False,  # keep fatha, kasra, tashdid... (they are part of names)
        "shift_harakat_position": False,
        "support_ligatures": True,  # lam-alef (mandatory); nothing fancier:
        "ARABIC LIGATURE ALLAH": False,
    }
)

# Right-to-left letters: Hebrew, Arabic (with Persian), Syriac, Thaana, presentation forms.
_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
# Isolates (the Formatter puts phones in LRI...PDI) become embeddings, which the
# bidi implementation that mirrors brackets understands.
_ISOLATES = str.maketrans(
    {"\u2066": "\u202a", "\u2067": "\u202b", "\u2068": "\u202a", "\u2069": "\u202c"}
)
# Invisible direction marks: they have no glyph in the font, so none is drawn.
_CONTROLS = re.compile("[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]")
_SPACES = re.compile(r"[ \t]+")

LRE, PDF = "\u202a", "\u202c"


def has_rtl(text: str) -> bool:
    return bool(_RTL.search(text))


def ltr(text: str) -> str:
    """Keep ``text`` (a code, a phone, a receipt number) left to right inside any line."""
    return f"{LRE}{text}{PDF}" if text else text


def strip_controls(text: str) -> str:
    return _CONTROLS.sub("", text)


@lru_cache(maxsize=4096)
def shape(text: str) -> str:
    """Joined letter forms, still in logical order (no-op for text without RTL letters)."""
    return _RESHAPER.reshape(text) if has_rtl(text) else text


@lru_cache(maxsize=4096)
def reorder(line: str, rtl: bool) -> str:
    """The visual order of one already shaped line, direction marks removed."""
    if not rtl and not has_rtl(line):
        return strip_controls(line)
    return strip_controls(get_display(line.translate(_ISOLATES), base_dir="R" if rtl else "L"))


def direction(text: str, rtl: bool) -> bool:
    """The direction of a paragraph in a document of direction ``rtl``: its own when
    all its letters are of one direction (a Latin company name in a Persian receipt
    keeps its full stop at the end), the document's when it mixes both or has none."""
    has_r = has_l = False
    for ch in text:
        kind = bidirectional(ch)
        if kind in ("R", "AL"):
            has_r = True
        elif kind == "L":
            has_l = True
        if has_r and has_l:
            return rtl
    return has_r if has_r != has_l else rtl


def visual(text: str, rtl: bool) -> str:
    """One line as drawn: shaped and reordered, in a document of direction ``rtl``."""
    if not rtl and not has_rtl(text):
        return strip_controls(text)
    return reorder(shape(text), direction(text, rtl))


def width(visual_text: str, font: str, size: float) -> float:
    return stringWidth(visual_text, font, size)


def _logical_lines(paragraph: str, font: str, size: float, max_width: float) -> list[str]:
    words = [w for w in _SPACES.split(paragraph.strip()) if w]
    lines: list[str] = []
    current = ""
    for word in words:
        candidate = f"{current} {word}" if current else word
        if not current or stringWidth(strip_controls(candidate), font, size) <= max_width:
            current = candidate
        else:
            lines.append(current)
            current = word
    if current or not lines:
        lines.append(current)
    return lines


def wrap(text: str, font: str, size: float, max_width: float, rtl: bool) -> list[str]:
    """Visual lines of ``text`` no wider than ``max_width`` points (a single word
    wider than that gets a line of its own). Newlines start new paragraphs.

    The words are laid into lines in logical order, measured in their joined
    forms; then each line is reordered on its own.
    """
    out: list[str] = []
    for paragraph in text.split("\n"):
        shaped = shape(paragraph) if (rtl or has_rtl(paragraph)) else paragraph
        way = direction(paragraph, rtl)
        out += [reorder(line, way) for line in _logical_lines(shaped, font, size, max_width)]
    return out
