"""Writing plain rows (``dict`` of column -> value) fast.

On SQLite an ``INSERT`` of given columns is compiled once per (table, columns)
and the rows go to the driver as tuples, each value through the column type's
own bind processor: what ``conn.execute(insert(t), rows)`` does, without its
per-call statement building and per-row bookkeeping, which cost more than
SQLite's own work for the few rows of a sale. Other databases take the Core
statement (``executemany``; one statement with ``RETURNING`` for an id).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, cast

from sqlalchemy import Connection, Table, bindparam, insert


def table_of(model: type) -> Table:
    """The ``Table`` of a mapped class (typed as one)."""
    return cast(Table, model.__table__)  # type: ignore[attr-defined]


_Compiled = tuple[str, list[int], list[Any]]
_CACHE: dict[tuple[str, str, tuple[str, ...], bool], _Compiled] = {}


def _compiled(conn: Connection, table: Table, cols: tuple[str, ...], returning: bool) -> _Compiled:
    dialect = conn.dialect
    key = (dialect.name, table.name, cols, returning)
    hit = _CACHE.get(key)
    if hit is None:
        stmt = insert(table).values({c: bindparam(c) for c in cols})
        if returning:
            stmt = stmt.returning(table.c.id)
        compiled = stmt.compile(dialect=dialect)
        order = compiled.positiontup or []
        idx = [cols.index(name) for name in order]
        procs = [table.c[cols[i]].type._cached_bind_processor(dialect) for i in idx]
        hit = _CACHE[key] = (str(compiled), idx, procs)
    return hit


def _params(row: Mapping[str, Any], cols: tuple[str, ...], comp: _Compiled) -> tuple:
    _sql, idx, procs = comp
    out = []
    for i, p in zip(idx, procs, strict=True):
        v = row[cols[i]]
        out.append(v if p is None or v is None else p(v))
    return tuple(out)


def insert_rows(conn: Connection, table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
    """``INSERT`` ``rows`` (all with the same columns) into ``table``."""
    if not rows:
        return
    if conn.dialect.name != "sqlite":
        conn.execute(insert(table), list(rows))
        return
    cols = tuple(rows[0])
    comp = _compiled(conn, table, cols, False)
    params = [_params(r, cols, comp) for r in rows]
    if len(params) == 1:
        conn.exec_driver_sql(comp[0], params[0])
    else:
        conn.exec_driver_sql(comp[0], params)


def insert_row_id(conn: Connection, table: Table, row: Mapping[str, Any]) -> int:
    """``INSERT`` one row and return its new ``id``."""
    if conn.dialect.name != "sqlite":
        return conn.execute(insert(table).returning(table.c.id), dict(row)).scalar_one()
    cols = tuple(row)
    comp = _compiled(conn, table, cols, True)
    return conn.exec_driver_sql(comp[0], _params(row, cols, comp)).scalar_one()
