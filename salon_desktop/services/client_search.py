"""Search-as-you-type over client files.

* One or two typed characters: a range scan on ``client_search_keys`` (folded
  name words, client number, phone digits), ordered by the matched word.
* Three or more: substring search, through the FTS5 trigram table on SQLite
  and pg_trgm GIN indexes on PostgreSQL, newest clients first. A query of
  digits and phone punctuation is a phone fragment, matched against the
  international and national digits of every phone; a digit query also finds
  the client with that exact number first.

Statements are built once and reused, so SQLAlchemy's compiled cache serves
every keystroke.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, text

from salon_desktop.domain.text import fold, looks_like_phone, only_digits

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
    f"SELECT {_COLUMNS} FROM clients c WHERE c.archived = :archived "
    "ORDER BY c.sort_key, c.id LIMIT :limit OFFSET :offset"
)
_PREFIX = text(
    f"SELECT {_COLUMNS} FROM (SELECT key, client_id FROM client_search_keys "
    "WHERE key >= :lo AND key < :hi ORDER BY key, client_id LIMIT :limit OFFSET :offset) k "
    "JOIN clients c ON c.id = k.client_id ORDER BY k.key, k.client_id"
)
_BY_NUMBER = text(f"SELECT {_COLUMNS} FROM clients c WHERE c.number = :number")
_ARCHIVED_LIKE = text(
    f"SELECT {_COLUMNS} FROM clients c WHERE c.archived = :archived AND "
    "(c.name_key LIKE :pattern ESCAPE '\\' OR c.phone_key LIKE :pattern ESCAPE '\\' "
    "OR CAST(c.number AS VARCHAR(20)) = :exact) "
    "ORDER BY c.sort_key, c.id LIMIT :limit OFFSET :offset"
)


def _fts_statement(short_words: int):
    extra = "".join(f" AND instr(c.name_key, :w{i}) > 0" for i in range(short_words))
    return text(
        f"SELECT {_COLUMNS} FROM clients_fts f JOIN clients c ON c.id = f.rowid "
        f"WHERE clients_fts MATCH :expr AND c.archived = 0{extra} "
        "ORDER BY f.rowid DESC LIMIT :limit OFFSET :offset"
    )


def _pg_statement(column: str, words: int):
    cond = " AND ".join(f"c.{column} LIKE :w{i} ESCAPE '\\'" for i in range(words))
    return text(
        f"SELECT {_COLUMNS} FROM clients c WHERE {cond} AND c.archived = false "
        "ORDER BY c.id DESC LIMIT :limit OFFSET :offset"
    )


_FTS = {n: _fts_statement(n) for n in range(4)}
_PG = {(col, n): _pg_statement(col, n) for col in ("name_key", "phone_key") for n in range(1, 6)}


def _like_escape(s: str) -> str:
    return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _fts_phrase(s: str) -> str:
    return '"' + s.replace('"', '""') + '"'


def search_keys_for(first_name: str, last_name: str, number: int, phone_digits: list[str]) -> set[str]:
    """The words a client is found by from their first characters."""
    keys = set(fold(f"{first_name} {last_name}").split())
    keys.add(str(number))
    keys.update(d for d in phone_digits if d)
    return {k[:200] for k in keys if k}


class ClientSearch:
    def __init__(self, engine: Engine):
        self._engine = engine
        self._pg = engine.dialect.name == "postgresql"

    def search(self, query: str, offset: int = 0, limit: int = PAGE,
               archived: bool = False) -> SearchPage:
        with self._engine.connect() as conn:
            rows = self._search(conn, query, offset, limit + 1, archived)
        more = len(rows) > limit
        return SearchPage([_row(r) for r in rows[:limit]], offset + limit if more else None)

    def _search(self, conn: Connection, query: str, offset: int, limit: int, archived: bool):
        q = fold(query)
        page = {"limit": limit, "offset": offset}
        if not q:
            return conn.execute(_ALL, {"archived": archived, **page}).all()
        if archived:
            digits = only_digits(q) if looks_like_phone(q) else ""
            pattern = "%" + _like_escape(digits or q) + "%"
            return conn.execute(
                _ARCHIVED_LIKE, {"archived": True, "pattern": pattern, "exact": q, **page}
            ).all()
        if looks_like_phone(q):
            digits = only_digits(q)
            first = []
            if offset == 0 and len(digits) <= 9:
                first = conn.execute(_BY_NUMBER, {"number": int(digits)}).all()
                first = [r for r in first if not r[7]]
            if len(digits) <= PREFIX_MAX:
                rows = conn.execute(_PREFIX, {"lo": digits, "hi": digits + _TOP, **page}).all()
            elif self._pg:
                rows = conn.execute(
                    _PG["phone_key", 1], {"w0": f"%{_like_escape(digits)}%", **page}
                ).all()
            else:
                rows = conn.execute(_FTS[0], {"expr": "phone_key : " + _fts_phrase(digits), **page}).all()
            seen = {r[0] for r in first}
            return first + [r for r in rows if r[0] not in seen]
        if len(q) <= PREFIX_MAX:
            return conn.execute(_PREFIX, {"lo": q, "hi": q + _TOP, **page}).all()
        return self._substring(conn, q, page)

    def _substring(self, conn: Connection, q: str, page: dict):
        words = q.split()
        if self._pg:
            words = words[:5]
            params = {f"w{i}": f"%{_like_escape(w)}%" for i, w in enumerate(words)}
            return conn.execute(_PG["name_key", len(words)], {**params, **page}).all()
        long_words = [w for w in words if len(w) >= 3]
        short_words = [w for w in words if len(w) < 3][:3]
        if not long_words:  # e.g. "al b": match the whole text as typed
            long_words, short_words = [q], []
        expr = "name_key : (" + " AND ".join(_fts_phrase(w) for w in long_words) + ")"
        params = {f"w{i}": w for i, w in enumerate(short_words)}
        return conn.execute(_FTS[len(short_words)], {"expr": expr, **params, **page}).all()
