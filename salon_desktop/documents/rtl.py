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

Each line drawn is a :class:`Line`: the visual string, carrying for the glyphs a
text extractor would misread the text they stand for (the PDF's ``/ActualText``,
see :func:`visual_runs`): copied or extracted, "زهرا Karimi ۳ (ویژه)" comes out
as typed, ZWNJ kept.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import groupby
from unicodedata import bidirectional, decimal

from arabic_reshaper import ArabicReshaper
from bidi import algorithm as bidi
from bidi.algorithm import get_display

from salon_desktop.documents import fonts

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


class Line(str):
    """A line as drawn (visual order, shaped), cut into ``runs``: (drawn text,
    actual text) pairs. The actual text is empty where the glyphs read as drawn;
    otherwise it is what the glyph stands for when the text is copied or
    extracted (the PDF's ``/ActualText``), see :func:`visual_runs`."""

    runs: tuple[tuple[str, str], ...]
    # A right-to-left line in a left-to-right document: how it reads on a page an
    # extractor reads left to right (most of its letters Latin); ``runs`` then serve
    # a page it reads right to left (``base.draw_string`` picks).
    ltr_runs: tuple[tuple[str, str], ...] | None

    def __new__(cls, visual: str, runs: tuple[tuple[str, str], ...] | None = None) -> Line:
        line = super().__new__(cls, visual)
        line.runs = ((visual, ""),) if runs is None else runs
        line.ltr_runs = None
        return line

    @classmethod
    def of(cls, runs: tuple[tuple[str, str], ...]) -> Line:
        return cls("".join(v for v, _actual in runs), runs)

    @property
    def marked(self) -> bool:
        return any(actual for _v, actual in self.runs)


def letter_balance(text: str) -> int:
    """Left-to-right letters less right-to-left ones: how poppler decides which way
    it reads a page (the sum over its text; measured with pdftotext)."""
    n = 0
    for ch in text:
        kind = bidirectional(ch)
        if kind == "L":
            n += 1
        elif kind in ("R", "AL"):
            n -= 1
    return n


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


RLM, LRM, ZWNJ = "\u200f", "\u200e", "\u200c"


@lru_cache(maxsize=4096)
def visual_runs(line: str, rtl: bool, doc_rtl: bool | None = None) -> tuple[tuple[str, str], ...]:
    """One already shaped line in visual order (as :func:`reorder`), as the runs of
    a :class:`Line`: what a text extractor needs to give it back in reading order.

    Extractors (pdftotext and the viewers built on poppler) take the glyphs as
    visual and run a simple bidi of their own: right-to-left letters turned
    round, everything else kept (so a logical ``/ActualText`` over a whole run
    comes out reversed: measured with pdftotext). What that gets wrong is marked
    with the text it stands for: a bracket drawn mirrored (it reads as the bracket
    typed), and the last glyph of a right-to-left run followed by other text,
    which gets a mark of the paragraph's direction after it (RLM or LRM), so that
    a bracket or space at a change of direction stays on its side; a comma or
    colon in right-to-left text gets an RLM either side; and a ZWNJ (a glyph of
    no width, which extractors drop) is read with the letter beside it.

    ``doc_rtl``: the document's direction, when the line's own differs (a Latin
    name in a Persian receipt): extractors read it in the document's direction,
    so a bracket at its far end gets a mark of the line's direction."""
    storage = bidi.get_empty_storage()
    storage["base_level"] = 1 if rtl else 0
    storage["base_dir"] = "R" if rtl else "L"
    bidi.get_embedding_levels(line.translate(_ISOLATES), storage)
    typed = storage["chars"]
    for i, ch in enumerate(typed):
        ch["typed"] = ch["ch"]
        ch["zwnj"] = i + 1 < len(typed) and typed[i + 1]["ch"] == ZWNJ
    bidi.explicit_embed_and_overrides(storage)
    bidi.resolve_weak_types(storage)
    bidi.resolve_neutral_types(storage, False)
    bidi.resolve_implicit_levels(storage, False)
    bidi.reorder_resolved_levels(storage, False)
    bidi.apply_mirroring(storage, False)
    chars = [c for c in storage["chars"] if not _CONTROLS.fullmatch(c["ch"])]
    mark = RLM if rtl else LRM
    runs: list[tuple[str, str]] = []
    plain = ""
    for i, c in enumerate(chars):
        actual = c["typed"] if c["typed"] != c["ch"] else ""
        if c.get("zwnj"):  # the ZWNJ typed after it (the bidi algorithm drops it)
            ch = actual or c["ch"]
            actual = ZWNJ + ch if c["level"] % 2 else ch + ZWNJ
        if rtl and c["level"] % 2 and bidirectional(c["typed"]) in _SEPARATORS:
            actual = RLM + (actual or c["ch"]) + RLM  # extractors take it for a number's
        after = chars[i + 1] if i + 1 < len(chars) else None
        if c["level"] % 2 and after is not None and after["level"] % 2 == 0:
            # the end of a right-to-left run, text after it
            if rtl and not _strong_rtl(c["ch"]) or not rtl and _neutral(after["ch"]):
                actual = (actual or c["ch"]) + mark
        if actual:
            if plain:
                runs.append((plain, ""))
                plain = ""
            runs.append((c["ch"], actual))
        else:
            plain += c["ch"]
    if plain or not runs:
        runs.append((plain, ""))
    if doc_rtl is not None and doc_rtl != rtl:
        _mark_far_end(runs, doc_rtl)
    return tuple(runs)


def _mark_far_end(runs: list[tuple[str, str]], doc_rtl: bool) -> None:
    """A left-to-right line in a right-to-left document ends (on the right) with an
    LRM; a right-to-left line in a left-to-right one starts (on the left) with an
    RLM, when a bracket or other neutral sits there."""
    at = -1 if doc_rtl else 0
    drawn, actual = runs[at]
    if not drawn:
        return
    edge = drawn[at]
    if not _neutral(edge):
        return
    if len(drawn) > 1 and not actual:
        rest = (drawn[:-1], "") if doc_rtl else (drawn[1:], "")
        piece = (edge, edge + LRM) if doc_rtl else (edge, RLM + edge)
        runs[at : len(runs) if doc_rtl else 1] = [rest, piece] if doc_rtl else [piece, rest]
    else:
        runs[at] = (drawn, (actual or drawn) + LRM) if doc_rtl else (drawn, RLM + (actual or drawn))


# Commas, colons, signs: within right-to-left text an extractor reads them as part
# of a number, moving them to the number's side.
_SEPARATORS = frozenset({"CS", "ES", "ET", "AN"})


def _strong_rtl(ch: str) -> bool:
    return bidirectional(ch) in ("R", "AL")


def _neutral(ch: str) -> bool:
    return bidirectional(ch) not in ("L", "R", "AL", "EN", "AN")


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


# What poppler reads as part of a number besides digits (measured with pdftotext:
# each character between two Persian words, inside or outside the stretch it
# turned round).
_NUMBER_SIGNS = frozenset(",.،٫٬:/-+%٪#")


def _digit(ch: str) -> bool:
    return ch in _NUMBER_SIGNS or decimal(ch, None) is not None


def for_ltr_reader(logical: str) -> str:
    """The ``/ActualText`` of a right-to-left line (no left-to-right letters) in a
    left-to-right document, that an extractor gives back as ``logical``.

    Such an extractor (pdftotext: poppler reads the page in its main direction)
    keeps everything up to a right-to-left character as it stands, then turns
    round each stretch from a right-to-left character to the next digit, number
    sign (comma, full stop, colon, slash, ...: ``_NUMBER_SIGNS``) or Latin letter.
    So each stretch between them is given turned round already, opened by an RLM
    (right-to-left for poppler: the stretch starts there, its spaces and
    brackets included); digits and signs are given as typed, which it keeps."""
    out = []
    for is_number, chars in groupby(strip_controls(logical), key=_digit):
        piece = "".join(chars)
        out.append(piece if is_number else RLM + piece[::-1])
    return "".join(out)


def _line(text: str, rtl: bool) -> Line:
    """One logical line (shaped or not) laid out in a document of direction ``rtl``."""
    way = direction(text, rtl)
    runs = visual_runs(shape(text), way, rtl)
    line = Line.of(runs)
    if way and not rtl:
        # A line of only Persian in an English or Polish document: on a page read left
        # to right it carries its whole text, in the order that reading gives back.
        line.ltr_runs = ((str(line), for_ltr_reader(text)),)
    return line


def visual(text: str, rtl: bool) -> Line:
    """One line as drawn: shaped and reordered, in a document of direction ``rtl``."""
    if not rtl and not has_rtl(text):
        return Line(strip_controls(text))
    return _line(text, rtl)


def width(visual_text: str, font: str, size: float) -> float:
    """The width of a line as drawn (fallback fonts included), in points."""
    return fonts.text_width(visual_text, font, size)


def _logical_lines(
    paragraph: str, font: str, size: float, max_width: float, shaped: bool
) -> list[str]:
    """The paragraph's words laid into lines, in logical order, each measured in its
    joined forms (letters join only within a word, so words measure alone)."""
    words = [w for w in _SPACES.split(paragraph.strip()) if w]
    space = width(" ", font, size)
    lines: list[str] = []
    current, used = "", 0.0
    for word in words:
        w = width(strip_controls(shape(word) if shaped else word), font, size)
        if not current or used + space + w <= max_width:
            current, used = (f"{current} {word}", used + space + w) if current else (word, w)
        else:
            lines.append(current)
            current, used = word, w
    if current or not lines:
        lines.append(current)
    return lines


def wrap(text: str, font: str, size: float, max_width: float, rtl: bool) -> list[Line]:
    """Visual lines of ``text`` no wider than ``max_width`` points (a single word
    wider than that gets a line of its own). Newlines start new paragraphs.

    The words are laid into lines in logical order, measured in their joined
    forms; then each line is shaped and reordered on its own.
    """
    out: list[Line] = []
    for paragraph in text.split("\n"):
        shaped = rtl or has_rtl(paragraph)
        way = direction(paragraph, rtl)
        for line in _logical_lines(paragraph, font, size, max_width, shaped):
            if not shaped:
                out.append(Line(strip_controls(line)))
            elif way and not rtl:
                out.append(_line(line, rtl))
            else:
                out.append(Line.of(visual_runs(shape(line), way, rtl)))
    return out
