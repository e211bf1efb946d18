"""A read-only look at a SQLite database file before it is opened for writing.

Opening a file through the engine writes to it at once (the WAL journal mode is
set on every connection, migrations may run), so a file that is empty, not a
database, damaged or made by a newer version is refused here first, through a
read-only connection: nothing is ever written to it.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from salon_desktop.db import HEAD_REVISION

SQLITE_HEADER = b"SQLite format 3\x00"


class EmptyDatabaseFile(Exception):
    """The database file has no bytes at all (its data is missing)."""


class DamagedDatabase(Exception):
    """The file is not a SQLite database, or SQLite's quick check found damage."""


class NewerDatabase(Exception):
    """The database's schema revision is unknown to this version (a newer one made it)."""

    def __init__(self, revision: str):
        super().__init__(f"database revision {revision!r} is newer than this program")
        self.revision = revision


class NotABackup(Exception):
    """A sound SQLite file, but not a database of Salon Desktop."""


# Tables every revision of the salon's database has (0001 on).
SALON_TABLES = frozenset({"alembic_version", "clients", "staff", "settings"})


def check_backup_file(path: Path, timeout_s: float) -> str:
    """The schema revision of a backup about to be restored, after the same checks as
    ``check_sqlite_file`` but with the full ``PRAGMA integrity_check``; raises
    ``NotABackup`` for a sound database of another program (or of none)."""
    if path.exists() and path.stat().st_size > 0:
        with open(path, "rb") as f:
            if f.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
                raise NotABackup(f"{path}: not a SQLite database file")
    try:
        revision = check_sqlite_file(path, timeout_s, thorough=True)
    except NewerDatabase:
        if not _salon_tables(path, timeout_s):
            raise NotABackup(f"{path}: another program's database") from None
        raise
    if revision is None or not _salon_tables(path, timeout_s):
        raise NotABackup(f"{path}: not a Salon Desktop database")
    return revision


def _salon_tables(path: Path, timeout_s: float) -> bool:
    conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True, timeout=timeout_s)
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    finally:
        conn.close()
    return SALON_TABLES <= tables


def check_sqlite_file(path: Path, timeout_s: float, thorough: bool = False) -> str | None:
    """Refuse a file that must not be opened; returns its schema revision (None
    when the file does not exist yet or has no schema).

    Raises ``EmptyDatabaseFile``, ``DamagedDatabase``, ``NewerDatabase``, or
    ``sqlite3.Error`` / ``OSError`` (locked, unreadable) as they come. ``thorough``
    runs ``integrity_check`` (every index against its table) instead of ``quick_check``.
    """
    if not path.exists():
        return None
    if path.stat().st_size == 0:
        raise EmptyDatabaseFile(str(path))
    with open(path, "rb") as f:
        head = f.read(len(SQLITE_HEADER))
    if head != SQLITE_HEADER:
        raise DamagedDatabase(f"{path}: not a SQLite database file")
    uri = path.resolve().as_uri() + "?mode=ro"
    conn = sqlite3.connect(uri, uri=True, timeout=timeout_s)
    try:
        try:
            check = "integrity_check" if thorough else "quick_check"
            rows = conn.execute(f"PRAGMA {check}").fetchall()
        except sqlite3.DatabaseError as exc:
            if _damage(exc):
                raise DamagedDatabase(f"{path}: {exc}") from exc
            raise
        if rows != [("ok",)]:
            found = "; ".join(str(r[0]) for r in rows[:5])
            raise DamagedDatabase(f"{path}: {check}: {found}")
        has_version = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
        ).fetchone()
        row = (
            conn.execute("SELECT version_num FROM alembic_version").fetchone()
            if has_version
            else None
        )
    finally:
        conn.close()
    revision = row[0] if row else None
    check_revision(revision)
    return revision


def check_revision(revision: str | None) -> None:
    """``NewerDatabase`` unless ``revision`` is one of our migrations (or none yet)."""
    if revision is None or revision == HEAD_REVISION:
        return
    from salon_desktop.db.migrate import is_known_revision

    if not is_known_revision(revision):
        raise NewerDatabase(revision)


def _damage(exc: sqlite3.DatabaseError) -> bool:
    code = getattr(exc, "sqlite_errorcode", None)
    text = str(exc).lower()
    return code in (11, 26) or "malformed" in text or "not a database" in text
