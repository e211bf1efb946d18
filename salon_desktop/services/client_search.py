"""Search-as-you-type over client files.

* One or two typed characters: a range scan on ``client_search_keys`` (folded
  name words, client number, phone digits), ordered by the matched word.
* Three or more: substring search, through the FTS5 trigram table on SQLite
  and pg_trgm GIN indexes on PostgreSQL, newest clients first. One- and
  two-letter words of a longer query (``mar ko``) match the start of a word,
  through the prefix keys. A query of digits and phone punctuation is a phone
  fragment, matched against the international and national digits of every
  phone; a digit query also finds the client with that exact number first.
* A scanned client card (``sdc000123``, see ``domain.card``) finds that client
  alone, archived or not; a file merged into another finds the one it was merged
  into.

Statements are built once and reused, so SQLAlchemy's compiled cache serves
every keystroke.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, Row, text

from salon_desktop.domain.card import parse_card
from salon_desktop.domain.client import ClientDraft, name_key, sort_key
from salon_desktop.domain.phones import national_digits
from salon_desktop.domain.text import ascii_digits, fold, looks_like_phone, only_digits

PAGE = 100
PREFIX_MAX = 2  # queries up to this many characters match word starts only
_TOP = "\U0010ffff"

_COLUMNS = (
    "c.id, c.number, c.first_name, c.last_name, c.main_phone, c.birth_date, "
    "c.allergies <> '' AS has_alert, c.archived"
)


@dataclass(frozen=True)
class ClientRow:
    id: int
    number: int
    first_name: str
    last_name: str
    main_phone: str
    birth_date: dt.date | None
    has_alert: bool
    archived: bool


@dataclass(frozen=True)
class SearchPage:
    rows: list[ClientRow]
    next_offset: int | None  # None: no more rows


def _row(r) -> ClientRow:
    birth = r[5]
    if isinstance(birth, str):  # raw SQLite text
        birth = dt.date.fromisoformat(birth)
    return ClientRow(r[0], r[1], r[2], r[3], r[4], birth, bool(r[6]), bool(r[7]))


_ALL = text(
    f"SELECT {_COLUMNS}, c.sort_key FROM clients c WHERE c.archived = :archived "
    "ORDER BY c.sort_key, c.id LIMIT :limit OFFSET :offset"
)
# The next page of everyone after a known row: a range scan, however deep the
# list has been scrolled (OFFSET would step over every earlier row).
_ALL_AFTER = text(
    f"SELECT {_COLUMNS}, c.sort_key FROM clients c WHERE c.archived = :archived "
    "AND (c.sort_key, c.id) > (:sort_key, :id) ORDER BY c.sort_key, c.id LIMIT :limit"
)
_BOUNDARIES = 256  # remembered page ends of the everyone-list
_PREFIX = text(
    f"SELECT {_COLUMNS} FROM (SELECT key, client_id FROM client_search_keys "
    "WHERE key >= :lo AND key < :hi ORDER BY key, client_id LIMIT :limit OFFSET :offset) k "
    "JOIN clients c ON c.id = k.client_id ORDER BY k.key, k.client_id"
)
_BY_NUMBER = text(f"SELECT {_COLUMNS} FROM clients c WHERE c.number = :number")
_CARD = text(f"SELECT {_COLUMNS}, c.merged_into_id FROM clients c WHERE c.number = :number")
_CARD_MERGED = text(f"SELECT {_COLUMNS}, c.merged_into_id FROM clients c WHERE c.id = :id")
_ARCHIVED_LIKE = text(
    f"SELECT {_COLUMNS} FROM clients c WHERE c.archived = :archived AND "
    "(c.name_key LIKE :pattern ESCAPE '\\' OR c.phone_key LIKE :pattern ESCAPE '\\' "
    "OR CAST(c.number AS VARCHAR(20)) = :exact) "
    "ORDER BY c.sort_key, c.id LIMIT :limit OFFSET :offset"
)


def _word_starts(i: int, id_column: str) -> str:
    """A short word of a longer query (PostgreSQL): some word of the client
    starts with it, checked against the prefix keys (an index range)."""
    return (
        f" AND {id_column} IN (SELECT client_id FROM client_search_keys "
        f"WHERE key >= :lo{i} AND key < :hi{i})"
    )


_FTS = text(
    f"SELECT {_COLUMNS} FROM clients_fts f JOIN clients c ON c.id = f.rowid "
    "WHERE clients_fts MATCH :expr AND c.archived = 0 "
    "ORDER BY f.rowid DESC LIMIT :limit OFFSET :offset"
)


def _pg_statement(column: str, words: int, short_words: int = 0):
    cond = " AND ".join(f"c.{column} LIKE :w{i} ESCAPE '\\'" for i in range(words))
    cond += "".join(_word_starts(i, "c.id") for i in range(short_words))
    return text(
        f"SELECT {_COLUMNS} FROM clients c WHERE {cond} AND c.archived = false "
        "ORDER BY c.id DESC LIMIT :limit OFFSET :offset"
    )


_PG_PHONE = _pg_statement("phone_key", 1)
_PG_NAME = {(n, k): _pg_statement("name_key", n, k) for n in range(1, 6) for k in range(4)}


# Characters no database driver can send, even as a parameter: NUL (PostgreSQL)
# and lone surrogates (not encodable as UTF-8). No stored name contains them.
_UNSENDABLE = re.compile("[\x00\ud800-\udfff]")


def _like_escape(s: str) -> str:
    return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _fts_phrase(s: str) -> str:
    return '"' + s.replace('"', '""') + '"'


INITIAL = "\ue000"  # marks word starts in ``initials_key``; a private-use character, never typed


def initials_key(folded_name: str) -> str:
    """Each word's first letter and first two letters, marked, as trigrams:
    ``زهرا کریمی`` gives ``⟨⟨ز ⟨زه ⟨⟨ک ⟨کر`` (⟨ = INITIAL). A one- or two-letter
    word of a longer query then becomes a trigram phrase ("a word starts with")
    that the FTS index answers together with the long words."""
    out = []
    for word in folded_name.split():
        out.append(INITIAL * 2 + word[0])
        if len(word) > 1:
            out.append(INITIAL + word[:2])
    return " ".join(out)


def _initials_phrase(word: str) -> str:
    return _fts_phrase(INITIAL * (3 - len(word)) + word)


def derived_columns(d: ClientDraft, national: Callable[[str], str] = national_digits) -> dict:
    """The columns stored beside a cleaned client draft for lists and search.

    ``national`` gives a phone's national digits (an import that has them from
    parsing the number passes a look-up instead of parsing it again)."""
    digit_forms: list[str] = []
    for entry in d.phones:
        digit_forms += [only_digits(entry.number), national(entry.number)]
    folded = name_key(d.first_name, d.last_name)
    return {
        "name_key": folded,
        "sort_key": sort_key(d.first_name, d.last_name)[:200],
        "phone_key": " ".join(digit_forms),
        "main_phone": d.phones[0].number if d.phones else "",
        "initials_key": initials_key(folded),
    }


def search_keys_for(
    first_name: str, last_name: str, number: int, phone_digits: list[str]
) -> set[str]:
    """The words a client is found by from their first characters."""
    keys = set(fold(f"{first_name} {last_name}").split())
    keys.add(str(number))
    keys.update(d for d in phone_digits if d)
    return {k[:200] for k in keys if k}


def _whole_number_start(query: str) -> str | None:
    """The digits to look up as the start of a stored number when the query begins
    as a whole number is dialled: with the trunk prefix ("0912…", "(0935)…"), the
    international prefix ("0048 601…" → "48601") or a plus ("+98 912…" → "98912").
    Each stored phone has its national and international digits as search keys, so
    this is a range scan of those keys, not a substring search."""
    lead = ascii_digits(query).strip().lstrip("(").lstrip()
    digits = only_digits(query)
    if not lead.startswith(("0", "+")) or len(digits) < 2:
        return None
    if lead.startswith("00"):
        return digits[2:] or None
    return digits


class ClientSearch:
    def __init__(self, engine: Engine):
        self._engine = engine
        self._pg = engine.dialect.name == "postgresql"
        # (archived, offset) -> (sort_key, id) of the row just before that offset
        self._page_ends: OrderedDict[tuple[bool, int], tuple[str, int]] = OrderedDict()

    def search(
        self, query: str, offset: int = 0, limit: int = PAGE, archived: bool = False
    ) -> SearchPage:
        with self._engine.connect() as conn:
            rows = self._search(conn, query, offset, limit + 1, archived)
        more = len(rows) > limit
        if more and not query.strip():
            last = rows[limit - 1]
            self._page_ends[(archived, offset + limit)] = (last[8], last[0])
            while len(self._page_ends) > _BOUNDARIES:
                self._page_ends.popitem(last=False)
        return SearchPage([_row(r) for r in rows[:limit]], offset + limit if more else None)

    def by_card(self, text: str) -> ClientRow | None:
        """The client of a scanned card payload (None: not a card, or no such client)."""
        number = parse_card(text)
        if number is None:
            return None
        with self._engine.connect() as conn:
            rows = self._card(conn, number)
        return _row(rows[0]) if rows else None

    def _card(self, conn: Connection, number: int) -> list:
        row = conn.execute(_CARD, {"number": number}).first()
        seen: set[int] = set()
        while row is not None and row[8] is not None and row[0] not in seen:
            seen.add(row[0])  # merged: the file it went into (a cycle cannot happen; stop anyway)
            row = conn.execute(_CARD_MERGED, {"id": row[8]}).first() or row
        return [row] if row is not None else []

    def _search(self, conn: Connection, query: str, offset: int, limit: int, archived: bool):
        card = parse_card(query)
        if card is not None:
            return self._card(conn, card) if offset == 0 else []
        q = fold(_UNSENDABLE.sub("", query))
        page = {"limit": limit, "offset": offset}
        if not q:
            after = self._page_ends.get((archived, offset)) if offset else None
            if after is not None:
                return conn.execute(
                    _ALL_AFTER,
                    {"archived": archived, "sort_key": after[0], "id": after[1], "limit": limit},
                ).all()
            return conn.execute(_ALL, {"archived": archived, **page}).all()
        if archived:
            digits = only_digits(q) if looks_like_phone(q) else ""
            pattern = "%" + _like_escape(digits or q) + "%"
            return conn.execute(
                _ARCHIVED_LIKE, {"archived": True, "pattern": pattern, "exact": q, **page}
            ).all()
        if looks_like_phone(q):
            digits = only_digits(q)
            first: list[Row[Any]] = []
            if offset == 0 and len(digits) <= 9:
                found = conn.execute(_BY_NUMBER, {"number": int(digits)}).all()
                first = [r for r in found if not r[7]]
            whole = _whole_number_start(q)
            rows: Sequence[Row[Any]] = []
            if whole is not None:  # "09…", "+98 9…", "0048…": the start of a number
                span = {"lo": whole, "hi": whole + _TOP}
                rows = conn.execute(_PREFIX, {**span, **page}).all()
                if not rows and not conn.execute(_PREFIX, {**span, "limit": 1, "offset": 0}).all():
                    whole = None  # no number starts so: a fragment from the middle ("00 111")
            if whole is None:
                rows = self._phone_fragment(conn, digits, page)
            seen = {r[0] for r in first}
            return first + [r for r in rows if r[0] not in seen]
        if len(q) <= PREFIX_MAX:
            return conn.execute(_PREFIX, {"lo": q, "hi": q + _TOP, **page}).all()
        return self._substring(conn, q, page)

    def _phone_fragment(self, conn: Connection, digits: str, page: dict):
        if len(digits) <= PREFIX_MAX:
            return conn.execute(_PREFIX, {"lo": digits, "hi": digits + _TOP, **page}).all()
        if self._pg:
            return conn.execute(_PG_PHONE, {"w0": f"%{_like_escape(digits)}%", **page}).all()
        return conn.execute(_FTS, {"expr": "phone_key : " + _fts_phrase(digits), **page}).all()

    def _substring(self, conn: Connection, q: str, page: dict):
        words = q.split()
        long_words = [w for w in words if len(w) >= 3]
        short_words = [w for w in words if len(w) < 3][:3]
        if not long_words:  # e.g. "al b": match the whole text as typed
            long_words, short_words = [q], []
        # Short words match the start of a word (as one- and two-character queries do).
        if self._pg:
            long_words = long_words[:5]
            params = {f"w{i}": f"%{_like_escape(w)}%" for i, w in enumerate(long_words)}
            for i, w in enumerate(short_words):
                params[f"lo{i}"], params[f"hi{i}"] = w, w + _TOP
            return conn.execute(
                _PG_NAME[len(long_words), len(short_words)], {**params, **page}
            ).all()
        expr = "name_key : (" + " AND ".join(_fts_phrase(w) for w in long_words) + ")"
        if short_words:
            expr += (
                " AND initials_key : ("
                + " AND ".join(_initials_phrase(w) for w in short_words)
                + ")"
            )
        return conn.execute(_FTS, {"expr": expr, **page}).all()
