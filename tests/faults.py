"""Failures injected into the database layer, as a salon's PC meets them.

``inject(engine, kind)`` makes the next statements that write (INSERT, UPDATE,
DELETE) fail as SQLite or the PostgreSQL driver would: the database locked by
another program, the disk full, a read-only disk, the server gone. Used to
check that every write path of every screen says so in a sentence and leaves
nothing half-written.
"""

from __future__ import annotations

import contextlib
import sqlite3

from sqlalchemy import event

KINDS = ("locked", "disk_full", "read_only", "connection_lost")

_ERRORS = {
    "locked": lambda: sqlite3.OperationalError("database is locked"),
    "disk_full": lambda: sqlite3.OperationalError("database or disk is full"),
    "read_only": lambda: sqlite3.OperationalError("attempt to write a readonly database"),
}

# The sentence each kind is shown as (the msgids of services.failures, in English).
EXPECTED_WORDS = {
    "locked": "busy",
    "disk_full": "disk is full",
    "read_only": "read-only",
    "connection_lost": "connection",
}


def _error(kind: str) -> BaseException:
    if kind == "connection_lost":
        import psycopg

        return psycopg.OperationalError("server closed the connection unexpectedly")
    return _ERRORS[kind]()


@contextlib.contextmanager
def inject(engine, kind: str, *, after: int = 0):
    """Within the block, the write statements after the first ``after`` fail with ``kind``."""
    seen = [0]

    def before(conn, cursor, statement, parameters, context, executemany):
        verb = statement.lstrip().split(None, 1)[0].upper() if statement.strip() else ""
        if verb in ("INSERT", "UPDATE", "DELETE", "REPLACE"):
            seen[0] += 1
            if seen[0] > after:
                raise _error(kind)

    event.listen(engine, "before_cursor_execute", before)
    try:
        yield
    finally:
        event.remove(engine, "before_cursor_execute", before)
