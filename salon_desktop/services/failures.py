"""Expected failures of a write or a read, named in plain words.

Every exception a service call can end with is classified here, headless, so
the screens (through ``ui.operations``) and the command line say the same
sentence. A failure is *expected* when the user can do something about it
(fix a field, wait for another desk, free the disk, reconnect); anything else
is a defect: logged with its traceback and shown as "something went wrong".
"""

from __future__ import annotations

import enum
import errno
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass

from salon_desktop.domain.validation import ValidationError
from salon_desktop.i18n import N_


class Kind(enum.Enum):
    VALIDATION = "validation"  # input refused: the field errors say why
    STALE = "stale"  # someone else changed it since it was opened
    NOT_FOUND = "not_found"  # it was removed meanwhile
    LOCKED = "locked"  # another desk or program is writing; try again
    DISK_FULL = "disk_full"
    READ_ONLY = "read_only"
    DISK_IO = "disk_io"
    DAMAGED = "damaged"
    EMPTY_FILE = "empty_file"  # the database file has no bytes (met when opening)
    NEWER_VERSION = "newer_version"  # made by a newer Salon Desktop (met when opening)
    CONNECTION_LOST = "connection_lost"  # the PostgreSQL server went away
    PERMISSION_DENIED = "permission_denied"  # the role of who is at the desk does not allow it
    UNEXPECTED = "unexpected"


# msgids, translated where shown (ui) or printed (cli)
MESSAGES: dict[Kind, str] = {
    Kind.VALIDATION: N_("Please correct the highlighted fields; nothing was saved."),
    Kind.STALE: N_(
        "Someone changed this meanwhile on another desk. Reload it, then make your change again."
    ),
    Kind.NOT_FOUND: N_("This was removed meanwhile on another desk; nothing was saved."),
    Kind.LOCKED: N_(
        "The salon's database is busy (another desk or program is writing). "
        "Nothing was saved; try again in a moment."
    ),
    Kind.DISK_FULL: N_(
        "The disk is full, so nothing was saved. Free some space on the disk, then try again."
    ),
    Kind.READ_ONLY: N_(
        "The salon's files cannot be written (the disk or folder is read-only). Nothing was saved."
    ),
    Kind.DISK_IO: N_(
        "The disk could not be read or written. Nothing was saved; "
        "check the disk (a USB stick pulled out?) and try again."
    ),
    Kind.DAMAGED: N_(
        "The salon's database file is damaged. Nothing was saved; restore it from a backup."
    ),
    Kind.EMPTY_FILE: N_(
        "The salon's database file is empty. Nothing was saved; restore it from a backup."
    ),
    Kind.NEWER_VERSION: N_(
        "The salon's database was made by a newer version of Salon Desktop. Nothing was saved."
    ),
    Kind.CONNECTION_LOST: N_(
        "The connection to the salon's database server was lost. "
        "Nothing was saved; check the network and try again."
    ),
    Kind.PERMISSION_DENIED: N_(
        "Your role does not allow this, so nothing was done. "
        "Ask a manager or the salon's owner to log in and do it."
    ),
    Kind.UNEXPECTED: N_(
        "Something went wrong and nothing was saved. The details are in the log file."
    ),
}

RETRYABLE = frozenset({Kind.LOCKED, Kind.CONNECTION_LOST, Kind.DISK_IO})


@dataclass(frozen=True)
class Failure:
    kind: Kind
    exc: BaseException

    @property
    def message(self) -> str:
        """The msgid of the sentence (translate with ``_`` where shown)."""
        return MESSAGES[self.kind]

    @property
    def expected(self) -> bool:
        return self.kind is not Kind.UNEXPECTED

    @property
    def retryable(self) -> bool:
        return self.kind in RETRYABLE

    @property
    def validation(self) -> ValidationError | None:
        return self.exc if isinstance(self.exc, ValidationError) else None


def _chain(exc: BaseException) -> Iterator[BaseException]:
    """The exception, what it wraps (SQLAlchemy's ``.orig``) and its causes."""
    seen: set[int] = set()
    todo: list[BaseException | None] = [exc]
    while todo:
        e = todo.pop(0)
        if e is None or id(e) in seen:
            continue
        seen.add(id(e))
        yield e
        todo += [getattr(e, "orig", None), e.__cause__, e.__context__]


def _sqlite_kind(e: sqlite3.Error) -> Kind | None:
    text = str(e).lower()
    code = getattr(e, "sqlite_errorcode", None)
    if "locked" in text or "busy" in text or code in (5, 6):
        return Kind.LOCKED
    if "full" in text or code == 13:
        return Kind.DISK_FULL
    if "readonly" in text or "read-only" in text or code == 8:
        return Kind.READ_ONLY
    if "malformed" in text or "not a database" in text or code in (11, 26):
        return Kind.DAMAGED
    if "disk i/o" in text or "unable to open" in text or code in (10, 14):
        return Kind.DISK_IO
    return None


_PG_STATES = {
    "25006": Kind.READ_ONLY,  # read_only_sql_transaction
    "53100": Kind.DISK_FULL,  # disk_full
    "55P03": Kind.LOCKED,  # lock_not_available
    "40P01": Kind.LOCKED,  # deadlock_detected
    "40001": Kind.LOCKED,  # serialization_failure
    "57P01": Kind.CONNECTION_LOST,  # admin_shutdown
    "57P02": Kind.CONNECTION_LOST,
    "57P03": Kind.CONNECTION_LOST,
    "08000": Kind.CONNECTION_LOST,
    "08003": Kind.CONNECTION_LOST,
    "08006": Kind.CONNECTION_LOST,
}


def _psycopg_kind(e: BaseException) -> Kind | None:
    mod = type(e).__module__ or ""
    if not mod.startswith("psycopg"):
        return None
    state = getattr(e, "sqlstate", None)
    if state in _PG_STATES:
        return _PG_STATES[state]
    if type(e).__name__ in ("OperationalError", "InterfaceError"):
        return Kind.CONNECTION_LOST
    return None


def _os_kind(e: OSError) -> Kind | None:
    if e.errno in (errno.ENOSPC, errno.EDQUOT):
        return Kind.DISK_FULL
    if e.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return Kind.READ_ONLY
    if e.errno == errno.EIO:
        return Kind.DISK_IO
    return None


def classify(exc: BaseException) -> Failure:
    """The failure ``exc`` stands for (``Kind.UNEXPECTED`` when it is a defect)."""
    from salon_desktop.db.health import DamagedDatabase, EmptyDatabaseFile, NewerDatabase
    from salon_desktop.services.accounts import PermissionDenied
    from salon_desktop.services.clients import ClientNotFound, ConcurrentEdit
    from salon_desktop.services.complaints import ComplaintNotFound

    for e in _chain(exc):
        if isinstance(e, EmptyDatabaseFile):
            return Failure(Kind.EMPTY_FILE, exc)
        if isinstance(e, NewerDatabase):
            return Failure(Kind.NEWER_VERSION, exc)
        if isinstance(e, DamagedDatabase):
            return Failure(Kind.DAMAGED, exc)
        if isinstance(e, ValidationError):
            return Failure(Kind.VALIDATION, e)
        if isinstance(e, PermissionDenied):
            return Failure(Kind.PERMISSION_DENIED, exc)
        if isinstance(e, ConcurrentEdit):
            return Failure(Kind.STALE, exc)
        if isinstance(e, (ClientNotFound, ComplaintNotFound)):
            return Failure(Kind.NOT_FOUND, exc)
        kind: Kind | None = None
        if getattr(e, "connection_invalidated", False):
            kind = Kind.CONNECTION_LOST
        elif isinstance(e, sqlite3.Error):
            kind = _sqlite_kind(e)
        elif isinstance(e, OSError):
            kind = _os_kind(e)
        else:
            kind = _psycopg_kind(e)
        if kind is not None:
            return Failure(kind, exc)
    return Failure(Kind.UNEXPECTED, exc)
