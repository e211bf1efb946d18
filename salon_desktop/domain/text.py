"""Text folding for search keys and digit normalisation.

The receptionist types names in Persian, Polish or English, on whatever keyboard
layout the PC has: Arabic letter forms (ي ك) stand for Persian ones (ی ک),
Polish names are often typed without diacritics, and digits may be Persian
(۰-۹), Arabic-Indic (٠-٩) or ASCII. ``fold`` maps all of these to one form, so
a search key stored beside each name matches whatever was typed.
"""

from __future__ import annotations

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


def only_digits(text: str) -> str:
    """The ASCII digits of ``text``, in any digit script, and nothing else."""
    return "".join(ch for ch in ascii_digits(text) if "0" <= ch <= "9")


def fold(text: str) -> str:
    """A search key: case-folded, diacritics dropped, letter forms unified.

    >>> fold("Żółw")
    'zolw'
    >>> fold("علي كريمي") == fold("علی کریمی")
    True
    """
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
