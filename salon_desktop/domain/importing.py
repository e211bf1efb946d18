"""Importing client files from another program's export: one row of cells at a time.

The columns are read as the mapping says (``import_presets``); each row becomes a
``ClientDraft`` checked by the same rules as the client form (``clean_client``),
and every problem is reported against the column it came from. Nothing here
reads files or the database: the import service does, and decides what is a
duplicate of a file already kept.

What a cell may hold and how it is read:

* Spreadsheet escapes: a leading apostrophe before ``= + - @`` (what an export
  writes so that a spreadsheet does not run the cell as a formula) is dropped,
  and Excel's ``="0601 234 567"`` (to keep a leading zero) is read as the text
  in the quotes. Any other text that looks like a formula is kept as text: it is
  a name or a note, and is never evaluated.
* Cells of only dashes (``---``, Vagaro's empty cell) are empty.
* Phones in any digit script, national or international; an international
  number written without its ``+`` (``48601234567``) is accepted when it is not a
  number of the salon's own country.
* Dates of birth: ISO ``1990-05-17``, day and month in the order of the file's
  origin (``17.05.1990``, ``05/17/1990``), with month names (``17 May 1990``,
  ``May 17, 1990``, ``17 maja 1990``), Jalali years (``1369/02/27``), Persian
  digits. A birthday without a year (``05-17``, ``--0517``, ``0000-05-17``) is
  no date of birth: it is kept in the notes rather than lost.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass, field

from salon_desktop.domain.client import ClientDraft, Gender, PhoneEntry, clean_client
from salon_desktop.domain.import_presets import TARGET_LABELS, DateOrder, Target
from salon_desktop.domain.phones import PhoneError, normalise_phone_with_national
from salon_desktop.domain.text import ascii_digits, fold, persian_letter_forms
from salon_desktop.domain.validation import ValidationError
from salon_desktop.i18n import N_

# -- cells ---------------------------------------------------------------------------

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_EXCEL_TEXT = re.compile(r'^="(.*)"$', re.DOTALL)
_DASHES = re.compile(r"^[-—–]+$")


def unescape_cell(cell: str) -> str:
    """The text of a cell as the person typed it (see the module's doc)."""
    text = cell.strip()
    if len(text) > 1 and text[0] == "'" and text[1] in _FORMULA_START:
        text = text[1:]
    else:
        m = _EXCEL_TEXT.match(text)
        if m:
            text = m.group(1).replace('""', '"')
    text = text.strip()
    return "" if _DASHES.match(text) else text


# -- phones -------------------------------------------------------------------------

_PHONE_SPLIT = re.compile(r"\s*[;,/|]\s*|\s{3,}")


def split_phones(cell: str) -> list[str]:
    """Several numbers in one cell ("601 234 567; 22 123 45 67")."""
    return [p for p in _PHONE_SPLIT.split(cell) if p.strip()]


def normalise_import_phone(raw: str, region: str) -> tuple[str, str]:
    """E.164 of a phone from an export and its national digits, or PhoneError.

    As the client form reads it; besides, an international number exported
    without its plus ("48601234567", as Fresha writes some) is read as one
    when it is not a valid number of the salon's own country.
    """
    try:
        return normalise_phone_with_national(raw, region)
    except PhoneError:
        digits = ascii_digits(raw).strip()
        bare = re.sub(r"[\s().-]", "", digits)
        if bare.isdigit() and len(bare) >= 10 and not bare.startswith("0"):
            return normalise_phone_with_national("+" + bare, region)
        raise


# -- dates --------------------------------------------------------------------------


class NoYear(ValueError):
    """A birthday without a year: not a date of birth."""


class BadDate(ValueError):
    pass


_MONTHS: dict[str, int] = {}
for _n, _names in enumerate(
    (
        "january jan styczen stycznia sty",
        "february feb luty lutego lut",
        "march mar marzec marca",
        "april apr kwiecien kwietnia kwi",
        "may maj maja",
        "june jun czerwiec czerwca cze",
        "july jul lipiec lipca lip",
        "august aug sierpien sierpnia sie",
        "september sep sept wrzesien wrzesnia wrz",
        "october oct pazdziernik pazdziernika paz",
        "november nov listopad listopada lis",
        "december dec grudzien grudnia gru",
    ),
    start=1,
):
    for _w in _names.split():
        _MONTHS[_w] = _n

_ISO = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ].*)?$")
_NUMERIC = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{2}|\d{4})(?:[T ].*)?$")
_NO_YEAR = re.compile(r"^(?:--|0000[-/.]?)?(\d{1,2})[-/.]?(\d{2})$")
_WORDS = re.compile(r"[^\W\d_]+|\d+")


def _make(year: int, month: int, day: int) -> dt.date:
    if 1300 <= year < 1500:  # a Jalali year (no Gregorian birth date is this old)
        from persiantools.jdatetime import JalaliDate

        try:
            return JalaliDate(year, month, day).to_gregorian()
        except ValueError as exc:
            raise BadDate(str(exc)) from exc
    try:
        return dt.date(year, month, day)
    except ValueError as exc:
        raise BadDate(str(exc)) from exc


def _full_year(yy: int, today: dt.date) -> int:
    year = 2000 + yy
    return year if year <= today.year else 1900 + yy


def parse_birth_date(text: str, order: DateOrder, today: dt.date) -> dt.date | None:
    """A date of birth as an export writes it; None when empty.

    Raises NoYear for a birthday without a year, BadDate for anything else
    that is not a date.
    """
    s = ascii_digits(text).strip()
    if not s:
        return None
    m = _ISO.match(s)
    if m:
        iy, imo, iday = (int(g) for g in m.groups())
        if iy == 0:
            raise NoYear(text)
        return _make(iy, imo, iday)
    m = _NUMERIC.match(s)
    if m:
        a, b, ys = int(m.group(1)), int(m.group(2)), m.group(3)
        year = int(ys) if len(ys) == 4 else _full_year(int(ys), today)
        day, month = (a, b) if order == DateOrder.DMY else (b, a)
        if month > 12 and day <= 12:  # 17/05 read as month first: the file says otherwise
            day, month = month, day
        return _make(year, month, day)
    m = _NO_YEAR.match(s)
    if m:
        raise NoYear(text)
    words = _WORDS.findall(fold(s))
    months = [w for w in words if w in _MONTHS]
    numbers = [int(w) for w in words if w.isdigit()]
    if len(months) == 1 and len(words) == len(numbers) + 1:
        month = _MONTHS[months[0]]
        if len(numbers) == 1:
            raise NoYear(text)
        if len(numbers) == 2:
            years = [n for n in numbers if n > 31]
            if len(years) != 1:
                raise BadDate(text)
            day = next(n for n in numbers if n <= 31)
            year = years[0] if years[0] >= 100 else _full_year(years[0], today)
            return _make(year, month, day)
    raise BadDate(text)


# -- gender -------------------------------------------------------------------------

_GENDERS = {
    Gender.FEMALE: "f female woman w k kobieta zenska kobiecy zen zan خانم زن مونث donna femme frau",
    Gender.MALE: "m male man mezczyzna meski mezczyzni مرد آقا مذکر uomo homme mann",
    Gender.OTHER: "other inna inny non-binary nonbinary x diverse دیگر",
}
_GENDER_WORDS = {fold(w): g for g, words in _GENDERS.items() for w in words.split()}
_NO_GENDER = {fold(w) for w in "unknown prefer not to say nieznana nieznany نامشخص".split()}


def parse_gender(text: str) -> Gender | None:
    """The gender a cell names; None when it names none (then the cell goes to the notes)."""
    return _GENDER_WORDS.get(fold(text))


# -- rows ---------------------------------------------------------------------------


@dataclass(frozen=True)
class RowRules:
    """How a row is read: the salon's phone region, "today" and the date order."""

    region: str
    today: dt.date
    date_order: DateOrder
    persian: bool = False  # names in Arabic letter forms become Persian (ي → ی)


@dataclass(frozen=True)
class CellError:
    column: int | None  # index into the file's columns; None: the row as a whole
    message: str  # N_() message id
    params: dict = field(default_factory=dict)


@dataclass
class ParsedRow:
    draft: ClientDraft | None  # cleaned (phones in E.164), None when the row has errors
    errors: list[CellError]
    national: dict[str, str] = field(default_factory=dict)  # E.164 -> national digits


_TAG_SPLIT = re.compile(r"\s*[,;|]\s*")
_NAME_COMMA = ("،", ",")


def split_full_name(text: str) -> tuple[str, str]:
    """First and last name from one cell: the last word is the last name
    ("Anna Maria Nowak" → "Anna Maria", "Nowak"); "Nowak, Anna" → ("Anna", "Nowak")."""
    text = " ".join(text.split())
    for comma in _NAME_COMMA:
        if comma in text:
            last, _sep, first = text.partition(comma)
            if first.strip() and last.strip():
                return first.strip(), last.strip()
            text = (first + last).strip()
    first, _sep, last = text.rpartition(" ")
    return (first, last) if first else (last, "")


def parse_row(
    cells: list[str], headers: list[str], mapping: tuple[Target, ...], rules: RowRules
) -> ParsedRow:
    """Read one row of the file as a client draft, with its problems by column."""
    errors: list[CellError] = []
    col: dict[str, int] = {}  # draft field -> column it came from (for clean_client's errors)
    values: dict[Target, list[tuple[int, str]]] = {}
    for i, target in enumerate(mapping):
        if target == Target.IGNORE or i >= len(cells):
            continue
        value = unescape_cell(cells[i])
        if value:
            values.setdefault(target, []).append((i, value))

    first_column: dict[Target, int] = {}
    for i, target in enumerate(mapping):
        first_column.setdefault(target, i)

    def one(target: Target) -> tuple[int | None, str]:
        got = values.get(target)
        return got[0] if got else (first_column.get(target), "")

    extra_notes: list[str] = []  # what has no field of its own, kept with its header

    def keep(i: int, value: str) -> None:
        extra_notes.append(f"{headers[i].strip() or '#' + str(i + 1)}: {value}")

    d = ClientDraft()
    fi, d.first_name = one(Target.FIRST_NAME)
    li, d.last_name = one(Target.LAST_NAME)
    ni, full = one(Target.FULL_NAME)
    if full and not d.first_name and not d.last_name:
        d.first_name, d.last_name = split_full_name(full)
        fi = li = ni
    elif (
        full
        and ni is not None
        and fold(full)
        not in (
            fold(f"{d.first_name} {d.last_name}"),
            fold(f"{d.last_name} {d.first_name}"),
        )
    ):
        keep(ni, full)  # a name of its own (a nickname, a company): kept in the notes
    if fi is not None:
        col["first_name"] = fi
    elif li is not None:
        col["first_name"] = li
    if li is not None:
        col["last_name"] = li
    if rules.persian:
        d.first_name = persian_letter_forms(d.first_name)
        d.last_name = persian_letter_forms(d.last_name)

    national: dict[str, str] = {}
    for target, label in ((Target.MOBILE, "mobile"), (Target.PHONE, "")):
        for i, cell in values.get(target, []):
            for raw in split_phones(cell):
                try:
                    e164, digits = normalise_import_phone(raw, rules.region)
                except PhoneError:
                    errors.append(
                        CellError(i, N_("“{value}” is not a valid phone number."), {"value": raw})
                    )
                    continue
                if e164 not in national:
                    national[e164] = digits
                    d.phones.append(PhoneEntry(e164, label))

    emails = values.get(Target.EMAIL, [])
    if emails:
        i, cell = emails[0]
        found = [e for e in _TAG_SPLIT.split(cell) if e]
        if found:  # a cell of only separators ("|", ", ;") holds no address
            first, *others = found
            d.email, col["email"] = first, i
            if others:
                keep(i, ", ".join(others))

    bi, birth = one(Target.BIRTH_DATE)
    if bi is not None:
        col["birth_date"] = bi
        try:
            d.birth_date = parse_birth_date(birth, rules.date_order, rules.today)
        except NoYear:
            keep(bi, birth)
        except BadDate:
            errors.append(CellError(bi, N_("“{value}” is not a date."), {"value": birth}))

    gi, gender = one(Target.GENDER)
    if gi is not None:
        d.gender = parse_gender(gender)
        if d.gender is None and fold(gender) not in _NO_GENDER:
            keep(gi, gender)

    parts = values.get(Target.ADDRESS, [])
    if parts:
        d.address, col["address"] = ", ".join(v for _i, v in parts), parts[0][0]
    allergies = values.get(Target.ALLERGIES, [])
    if allergies:
        d.allergies, col["allergies"] = "\n".join(v for _i, v in allergies), allergies[0][0]
    notes = values.get(Target.NOTES, [])
    if len(notes) == 1:
        lines = [notes[0][1]]
    else:
        lines = [f"{headers[i].strip()}: {v}" for i, v in notes]
    lines += extra_notes
    d.notes = "\n".join(lines)
    if notes:
        col["notes"] = notes[0][0]
    for i, cell in values.get(Target.TAGS, []):
        tags = [t for t in _TAG_SPLIT.split(cell) if t]
        if tags:
            col.setdefault("tags", i)
        d.tags += tags

    # The phones are checked above (with their column); the rest as the form checks it.
    phones, d.phones = d.phones, []
    try:
        cleaned = clean_client(d, rules.region, rules.today)
    except ValidationError as exc:
        for e in exc.errors:
            errors.append(CellError(col.get(e.field), e.message, e.params))
        cleaned = None
    if errors or cleaned is None:
        return ParsedRow(None, errors)
    cleaned.phones = phones
    return ParsedRow(cleaned, [], national)


# -- a client already on file ---------------------------------------------------------

FILLABLE = (
    "last_name",
    "email",
    "birth_date",
    "gender",
    "address",
    "allergies",
    "notes",
)


def fill_empty(existing: ClientDraft, incoming: ClientDraft) -> tuple[ClientDraft, list[str]]:
    """The existing file with only its empty fields filled from the imported row,
    and the names of the fields filled. Nothing already in the file changes."""
    out = dataclasses.replace(existing)
    filled: list[str] = []
    for name in FILLABLE:
        if not getattr(existing, name) and getattr(incoming, name):
            setattr(out, name, getattr(incoming, name))
            filled.append(name)
    if not existing.phones and incoming.phones:
        out.phones = list(incoming.phones)
        filled.append("phones")
    if not existing.tags and incoming.tags:
        out.tags = list(incoming.tags)
        filled.append("tags")
    return out, filled


def merge_rows(first: ClientDraft, later: ClientDraft) -> ClientDraft:
    """Two rows of one file for the same person: the first, with what only the later has
    (its empty fields filled, its phones and tags added)."""
    out, _filled = fill_empty(first, later)
    out.phones = list(first.phones) + [
        p for p in later.phones if p.number not in {q.number for q in first.phones}
    ]
    out.tags = list(first.tags) + [t for t in later.tags if t not in first.tags]
    return out


def target_label(target: Target) -> str:
    return TARGET_LABELS[target]
