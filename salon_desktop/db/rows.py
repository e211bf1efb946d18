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
from operator import itemgetter
from typing import Any, cast

from sqlalchemy import Connection, Table, bindparam, insert


def table_of(model: type) -> Table:
    """The ``Table`` of a mapped class (typed as one)."""
    return cast(Table, model.__table__)  # type: ignore[attr-defined]


class _Compiled:
    """An ``INSERT`` of given columns compiled for a dialect, and how to turn a row
    into its parameters (values in the statement's order, through the types'
    bind processors)."""

    def __init__(self, conn: Connection, table: Table, cols: tuple[str, ...], returning: bool):
        dialect = conn.dialect
        stmt = insert(table).values({c: bindparam(c) for c in cols})
        if returning:
            stmt = stmt.returning(table.c.id)
        compiled = stmt.compile(dialect=dialect)
        order = list(compiled.positiontup or [])
        self.sql = str(compiled)
        self.get = itemgetter(*order) if len(order) > 1 else (lambda r: (r[order[0]],))
        self.procs = [
            (i, proc)
            for i, name in enumerate(order)
            if (proc := table.c[name].type._cached_bind_processor(dialect)) is not None
        ]

    def params(self, row: Mapping[str, Any]) -> tuple:
        values = self.get(row)
        if not self.procs:
            return values
        out = list(values)
        for i, proc in self.procs:
            v = out[i]
            if v is not None:
                out[i] = proc(v)
        return tuple(out)


_CACHE: dict[tuple[str, str, tuple[str, ...], bool], _Compiled] = {}


def _compiled(conn: Connection, table: Table, cols: tuple[str, ...], returning: bool) -> _Compiled:
    key = (conn.dialect.name, table.name, cols, returning)
    hit = _CACHE.get(key)
    if hit is None:
        hit = _CACHE[key] = _Compiled(conn, table, cols, returning)
    return hit


def insert_rows(conn: Connection, table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
    """``INSERT`` ``rows`` (all with the same columns) into ``table``."""
    if not rows:
        return
    if conn.dialect.name != "sqlite":
        conn.execute(insert(table), list(rows))
        return
    cols = tuple(rows[0])
    comp = _compiled(conn, table, cols, False)
    if len(rows) == 1:
        conn.exec_driver_sql(comp.sql, comp.params(rows[0]))
    else:
        conn.exec_driver_sql(comp.sql, [comp.params(r) for r in rows])


def insert_row_id(conn: Connection, table: Table, row: Mapping[str, Any]) -> int:
    """``INSERT`` one row and return its new ``id``."""
    if conn.dialect.name != "sqlite":
        return conn.execute(insert(table).returning(table.c.id), dict(row)).scalar_one()
    cols = tuple(row)
    comp = _compiled(conn, table, cols, True)
    return conn.exec_driver_sql(comp.sql, comp.params(row)).scalar_one()
