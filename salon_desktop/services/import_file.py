"""Reading a client list to import: its characters, then CSV or vCard cells.

The encoding: a BOM first; strict UTF-8; else charset-normalizer's guesses among
Windows-1250, Windows-1256 and Windows-1252 (what salon PCs in Poland and Iran
save spreadsheets in), re-ranked by how the text reads. CSV: the delimiter from
the header row (or Excel's ``sep=`` line); quoted newlines and quotes as the CSV
format has them; a cell left open is refused with its line. vCard: every contact
(``domain.import_vcard``).
"""

from __future__ import annotations

import csv
import io
import unicodedata
from dataclasses import dataclass

from salon_desktop.domain.import_presets import VCARD, Target, auto_mapping, detect_preset
from salon_desktop.domain.import_vcard import VCardError, cards_table, looks_like_vcard, read_cards
from salon_desktop.domain.validation import FieldError, ValidationError
from salon_desktop.i18n import N_, _

MAX_BYTES = 64 * 1024 * 1024  # a client list of a million rows is smaller
CANDIDATES = ["cp1250", "cp1256", "cp1252"]
ENCODING_NAMES = {
    "utf_8": "UTF-8",
    "utf_8_sig": N_("UTF-8 with BOM"),
    "utf_16": "UTF-16",
    "cp1250": "Windows-1250",
    "cp1256": "Windows-1256",
    "cp1252": "Windows-1252",
}


def refuse(message: str, **params) -> ValidationError:
    return ValidationError([FieldError("file", message, params)])


@dataclass(frozen=True)
class ImportTable:
    """A file as read: its columns and rows of text."""

    name: str
    kind: str  # "csv" or "vcard"
    encoding: str  # a key of ENCODING_NAMES
    headers: list[str]
    rows: list[list[str]]
    lines: list[int]  # the file line where each row begins
    delimiter: str = ","
    preset: str = "generic"  # detected
    mapping: tuple[Target, ...] = ()  # the detected mapping

    @property
    def encoding_name(self) -> str:
        return ENCODING_NAMES.get(self.encoding, self.encoding)


# -- reading the file ----------------------------------------------------------------


def decode(data: bytes, language: str = "") -> tuple[str, str]:
    """The text of ``data`` and the key of its encoding."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), "utf_8_sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf_16"
    try:
        return data.decode("utf-8"), "utf_8"
    except UnicodeDecodeError:
        pass
    import charset_normalizer

    # charset-normalizer's guesses among the code pages, re-ranked by how much the text
    # reads as words of one script: Polish in Windows-1250 read as Windows-1252 gives
    # "¯aneta" and "Gê¶", which its measure of mess may still prefer on a short file.
    chaos = {
        r.encoding: r.chaos for r in charset_normalizer.from_bytes(data, cp_isolation=CANDIDATES)
    }
    preference = {"fa": "cp1256", "pl": "cp1250"}.get(language, "")
    ranked = []
    for enc in CANDIDATES:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        ranked.append((-_mess(text), -chaos.get(enc, 1.0), enc == preference, enc, text))
    if not ranked:
        raise refuse(
            N_(
                "The file's characters cannot be recognised (it is not UTF-8, Windows-1250 "
                "or Windows-1256). Save it as “CSV UTF-8” and choose it again."
            )
        )
    *_score, enc, text = max(ranked)
    return text, enc


def _script(ch: str) -> str:
    return "arabic" if "\u0600" <= ch <= "\u06ff" else "latin"


def _mess(text: str) -> int:
    """How badly ``text`` reads: non-ASCII symbols where letters belong, words mixing
    Latin and Arabic letters."""
    mess = 0
    for word in text.split():
        scripts = set()
        for ch in word:
            if ch.isascii():
                if ch.isalpha():
                    scripts.add("latin")
                continue
            if ch.isalpha():
                scripts.add(_script(ch))
            elif not ch.isspace() and unicodedata.category(ch)[0] in "SNPC":
                mess += 2
        if len(scripts) > 1:
            mess += 2
    return mess


def _delimiter(first_line: str) -> str:
    counts: dict[str, int] = {d: 0 for d in ",;\t|"}
    quoted = False
    for ch in first_line:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def read_csv(text: str) -> tuple[list[str], list[list[str]], list[int], str]:
    """Headers, rows, the line where each row begins, and the delimiter."""
    text = text.lstrip("\ufeff")
    lines = text.splitlines()
    skip = 0
    delimiter = ""
    if lines and lines[0].lower().startswith("sep=") and len(lines[0]) >= 5:
        delimiter, skip = lines[0][4], 1  # Excel's "sep=;" line
    body = text.split("\n", 1)[1] if skip and "\n" in text else ("" if skip else text)
    first = next((ln for ln in lines[skip:] if ln.strip()), "")
    delimiter = delimiter or _delimiter(first)
    reader = csv.reader(io.StringIO(body, newline=""), delimiter=delimiter, strict=True)
    headers: list[str] | None = None
    rows: list[list[str]] = []
    starts: list[int] = []
    last = 0
    try:
        for cells in reader:
            start, last = last + 1 + skip, reader.line_num
            if not any(c.strip() for c in cells):
                continue
            if headers is None:
                headers = [c.strip() for c in cells]
                continue
            rows.append(cells)
            starts.append(start)
    except csv.Error as exc:
        raise refuse(
            N_(
                "The file cannot be read from line {line} on: a quoted cell is not closed, "
                "or there is text after its closing quote."
            ),
            line=last + 1 + skip,
        ) from exc
    if headers is None:
        raise refuse(N_("The file is empty."))
    return headers, rows, starts, delimiter


def read_table(data: bytes, name: str, language: str = "") -> ImportTable:
    if len(data) > MAX_BYTES:
        raise refuse(N_("The file is too large to be a client list."))
    if not data.strip():
        raise refuse(N_("The file is empty."))
    content, encoding = decode(data, language)
    if "\x00" in content:
        raise refuse(N_("This is not a text file: choose a CSV or vCard file."))
    if looks_like_vcard(content):
        try:
            cards = read_cards(content)
        except VCardError as exc:
            raise refuse(exc.message, **exc.params) from exc
        if not cards:
            raise refuse(N_("The file has no contacts."))
        headers, rows, lines, mapping = cards_table(cards, translate=_)
        return ImportTable(name, "vcard", encoding, headers, rows, lines, "", VCARD.key, mapping)
    headers, rows, lines, delimiter = read_csv(content)
    preset = detect_preset(headers)
    return ImportTable(
        name,
        "csv",
        encoding,
        headers,
        rows,
        lines,
        delimiter,
        preset.key,
        auto_mapping(headers, preset),
    )
