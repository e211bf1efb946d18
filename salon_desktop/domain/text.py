"""Text folding for search keys and digit normalisation.

The receptionist types names in Persian, Polish or English, on whatever keyboard
layout the PC has: Arabic letter forms (ي ك) stand for Persian ones (ی ک),
Polish names are often typed without diacritics, and digits may be Persian
(۰-۹), Arabic-Indic (٠-٩) or ASCII. ``fold`` maps all of these to one form, so
a search key stored beside each name matches whatever was typed.
"""

from __future__ import annotations

import re
import unicodedata

# Persian (U+06F0..) and Arabic-Indic (U+0660..) digits to ASCII.
_DIGITS = {ord(c): str(i) for i, c in enumerate("۰۱۲۳۴۵۶۷۸۹")}
_DIGITS.update({ord(c): str(i) for i, c in enumerate("٠١٢٣٤٥٦٧٨٩")})

# Letters NFKD does not decompose, and Arabic forms of Persian letters.
_LETTERS = {
    ord("ي"): "ی",  # Arabic yeh -> Persian yeh
    ord("ى"): "ی",  # alef maksura -> Persian yeh
    ord("ك"): "ک",  # Arabic kaf -> Persian keheh
    ord("ة"): "ه",  # teh marbuta -> heh
    ord("ۀ"): "ه",  # heh with yeh above -> heh
    ord("ؤ"): "و",
    ord("إ"): "ا",
    ord("أ"): "ا",
    ord("ٱ"): "ا",
    ord("ł"): "l",
    ord("Ł"): "l",
    ord("đ"): "d",
    ord("Đ"): "d",
    ord("ø"): "o",
    ord("Ø"): "o",
    ord("æ"): "ae",
    ord("Æ"): "ae",
    ord("œ"): "oe",
    ord("Œ"): "oe",
    ord("ı"): "i",
    ord("ـ"): None,  # tatweel (kashida) is decoration
}

# Invisible format characters: ZWNJ, ZWJ, bidi marks and isolates, BOM, soft hyphen.
_INVISIBLE = {
    ord(c): None
    for c in "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
    "\u2066\u2067\u2068\u2069\ufeff\u00ad"
}
_FOLD_TABLE = {**_DIGITS, **_LETTERS, **_INVISIBLE}


def ascii_digits(text: str) -> str:
    """Replace Persian and Arabic-Indic digits with ASCII digits."""
    return text.translate(_DIGITS)


_NOT_ASCII_DIGIT = re.compile("[^0-9]+")


def only_digits(text: str) -> str:
    """The ASCII digits of ``text``, in any digit script, and nothing else."""
    return _NOT_ASCII_DIGIT.sub("", ascii_digits(text))


def fold(text: str) -> str:
    """A search key: case-folded, diacritics dropped, letter forms unified.

    >>> fold("Żółw")
    'zolw'
    >>> fold("علي كريمي") == fold("علی کریمی")
    True
    """
    if text.isascii():  # most names: nothing to decompose, translate or drop
        return " ".join(text.lower().split())
    text = text.translate(_FOLD_TABLE)
    for _ in range(2):  # twice: decomposition can make letters with case (ℂ → C, ᴬ → A)
        text = unicodedata.normalize("NFKD", text.casefold())
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
        text = text.translate(_FOLD_TABLE)  # forms that appear only after decomposition
    return " ".join(text.split())


_PHONE_CHARS = frozenset("0123456789 +-().")


def looks_like_phone(query: str) -> bool:
    """True when a typed query is a phone fragment (digits in any script, separators)."""
    q = ascii_digits(query).strip()
    return bool(q) and any(ch.isdigit() for ch in q) and all(ch in _PHONE_CHARS for ch in q)


# -- what free text may contain ------------------------------------------------------
# Explicit embeddings and overrides (LRE, RLE, PDF, LRO, RLO) reorder everything after
# them up to the end of the line: a name ending in RLO reverses the amount printed
# next to it on a receipt. Isolates (LRI, RLI, FSI ... PDI) are harmless when each
# is closed on its own line (the app writes such pairs itself); an unclosed one
# swallows the rest of the line the same way.
_EMBEDDINGS = frozenset("\u202a\u202b\u202c\u202d\u202e")
_ISOLATE_OPEN = frozenset("\u2066\u2067\u2068")
_PDI = "\u2069"


class TextProblem:
    """Why a piece of free text cannot be stored (the values are stable codes)."""

    CONTROL = "control"  # C0/C1 controls, DEL, line breaks in a one-line field
    INVALID = "invalid"  # lone surrogates, non-characters
    DIRECTION = "direction"  # bidi embeddings/overrides, unbalanced isolates


def _is_control(ch: str, multi_line: bool) -> bool:
    o = ord(ch)
    if o < 0x20:
        return not (multi_line and ch in "\n\t")
    if ch in "\u2028\u2029":
        return not multi_line
    return 0x7F <= o <= 0x9F


def _balanced_isolates(line: str) -> bool:
    depth = 0
    for ch in line:
        if ch in _ISOLATE_OPEN:
            depth += 1
        elif ch == _PDI:
            if depth == 0:
                return False
            depth -= 1
    return depth == 0


_NONCHARS = "".join(f"{chr(p * 0x10000 + 0xFFFE)}{chr(p * 0x10000 + 0xFFFF)}" for p in range(17))
_SUSPECT_CLASS = (
    "\x7f-\x9f\u2028\u2029\ud800-\udfff\ufdd0-\ufdef\u202a-\u202e\u2066-\u2069" + _NONCHARS
)
_SUSPECT = re.compile(f"[\x00-\x1f{_SUSPECT_CLASS}]")
_SUSPECT_MULTI = re.compile(f"[\x00-\x08\x0b-\x1f{_SUSPECT_CLASS}]")


def text_problem(text: str, multi_line: bool = False) -> str | None:
    """The first reason (a ``TextProblem`` code) ``text`` cannot be stored, or None.

    Allowed: any letters, digits, marks, emoji, ZWNJ/ZWJ and direction *marks*
    (LRM, RLM, ALM), balanced isolates; in a multi-line field also ``\\n`` and tabs.
    ``\\r`` is refused here: ``normalise_newlines`` turns it into ``\\n`` first.
    """
    # The common case at C speed (an import checks 100,000 rows): nothing that could be
    # a problem at all; otherwise the exact checks below say which.
    if not (_SUSPECT_MULTI if multi_line else _SUSPECT).search(text):
        return None
    for ch in text:
        if _is_control(ch, multi_line):
            return TextProblem.CONTROL
    for ch in text:
        o = ord(ch)
        if 0xD800 <= o <= 0xDFFF or (o & 0xFFFE) == 0xFFFE or 0xFDD0 <= o <= 0xFDEF:
            return TextProblem.INVALID
    if any(ch in _EMBEDDINGS for ch in text):
        return TextProblem.DIRECTION
    if not all(_balanced_isolates(line) for line in text.split("\n")):
        return TextProblem.DIRECTION
    return None


def normalise_newlines(text: str) -> str:
    """Windows and old Mac line ends (``\\r\\n``, ``\\r``) as ``\\n``."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def storable(text: str) -> bool:
    """True when ``text`` can be sent to the database at all (no NUL, no lone
    surrogate): what a search or look-up checks before querying."""
    return "\x00" not in text and not any(0xD800 <= ord(ch) <= 0xDFFF for ch in text)


def persian_letter_forms(text: str) -> str:
    """Arabic yeh and kaf (ي ى ك), typed on an Arabic keyboard layout, as the
    Persian letters (ی ک) a Persian name is written with."""
    return text.translate(_PERSIAN_FORMS)


_PERSIAN_FORMS = {ord("ي"): "ی", ord("ى"): "ی", ord("ك"): "ک"}
