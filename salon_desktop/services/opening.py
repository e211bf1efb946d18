"""Opening a profile: its folder and its database, and every way that can fail, named.

``open_profile`` is what the app (in a worker thread) and the command line call.
Before the database is opened for writing, a SQLite file is looked at through
a read-only connection (``db.health``): an empty file, a file that is not a
database, a damaged one (``PRAGMA quick_check``) or one made by a newer version
is refused and left exactly as it was. Any failure comes out as
``OpeningFailed`` with an ``OpeningFailure``: its kind, where (the file, or the
server without its password), and the sentence that says what to do next.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from salon_desktop.i18n import N_
from salon_desktop.services.failures import Kind, classify

log = logging.getLogger("salon_desktop.opening")

NEARLY_FULL_BYTES = 1 << 20  # less free than this, and a disk error is the disk being full

# msgids, translated where shown (the start-up screen) or printed (the command line)
OPENING_MESSAGES: dict[Kind, str] = {
    Kind.DAMAGED: N_(
        "The salon's database file is damaged, so it was not opened, and nothing was "
        "written to it. Restore the file from a backup copy, or choose another profile."
    ),
    Kind.EMPTY_FILE: N_(
        "The salon's database file is empty (0 bytes): the salon's data is not in it. "
        "It was kept as it is, not replaced by an empty salon. Restore the file from a "
        "backup copy, or choose another profile."
    ),
    Kind.NEWER_VERSION: N_(
        "The salon's database was made by a newer version of Salon Desktop, so this "
        "version cannot open it; nothing was changed in it. Install the newer version "
        "on this computer, or choose another profile."
    ),
    Kind.LOCKED: N_(
        "The salon's database is locked by another program (another Salon Desktop, or "
        "a database tool). Close that program, then retry."
    ),
    Kind.DISK_FULL: N_(
        "The disk is full, so the salon's database cannot be opened. Free some space on "
        "the disk, then retry."
    ),
    Kind.READ_ONLY: N_(
        "The salon's folder cannot be written to (the disk or the folder is read-only). "
        "Make it writable, then retry, or choose another profile."
    ),
    Kind.DISK_IO: N_(
        "The disk could not be read or written. Check the disk (a USB stick pulled "
        "out?), then retry."
    ),
    Kind.CONNECTION_LOST: N_(
        "The salon's database server cannot be reached. Check the network and that the "
        "server is running, then retry."
    ),
    Kind.UNEXPECTED: N_(
        "The salon's database could not be opened. The details are in the log file; "
        "retry, or choose another profile."
    ),
}


@dataclass(frozen=True)
class OpeningFailure:
    kind: Kind
    where: str  # the database file, the server (no password), or the folder
    exc: BaseException

    @property
    def message(self) -> str:
        """The msgid of the sentence (translate with ``_`` where shown)."""
        return OPENING_MESSAGES.get(self.kind, OPENING_MESSAGES[Kind.UNEXPECTED])


class OpeningFailed(Exception):
    def __init__(self, failure: OpeningFailure):
        super().__init__(f"{failure.kind.value}: {failure.where}: {failure.exc}")
        self.failure = failure


def open_profile(
    data_dir: str | Path | None = None, db_url: str | None = None, today=dt.date.today
):
    """The profile's ``AppContext``, or ``OpeningFailed`` saying why not."""
    from salon_desktop.db.engine import BUSY_TIMEOUT_MS, display_url, sqlite_path
    from salon_desktop.db.health import (
        DamagedDatabase,
        EmptyDatabaseFile,
        NewerDatabase,
        check_sqlite_file,
    )
    from salon_desktop.paths import data_dir_path, resolve_data_dir, resolve_db_url
    from salon_desktop.services.context import open_context

    folder = data_dir_path(str(data_dir) if data_dir else None)
    where = str(folder)
    try:
        folder = resolve_data_dir(str(folder))
        url = resolve_db_url(folder, db_url)
        where = display_url(url)
        db_file = sqlite_path(url)
        if db_file is not None:
            try:
                check_sqlite_file(db_file, BUSY_TIMEOUT_MS / 1000)
            except (EmptyDatabaseFile, DamagedDatabase, NewerDatabase):
                raise
            except Exception:
                check_writable(folder, db_file)  # a read-only folder, if that is why
                raise
        check_writable(folder, db_file)
        ctx = open_context(folder, url, today=today)
    except Exception as exc:
        failure = OpeningFailure(_opening_kind(exc, folder), where, exc)
        if failure.kind is Kind.UNEXPECTED:
            log.error("opening %s failed", where, exc_info=exc)
        else:
            log.warning("opening %s refused (%s): %s", where, failure.kind.value, exc)
        raise OpeningFailed(failure) from exc
    _check_records(ctx)
    return ctx


def _check_records(ctx) -> None:
    """The quick integrity check of every opening: a dropped guard is put back, and
    what was changed behind the app's back is kept on ``ctx.integrity`` for the
    window to tell (``services.integrity``). Never stops the salon from opening."""
    from salon_desktop.services.integrity import quick_check

    try:
        ctx.integrity = quick_check(ctx.engine)
    except Exception:  # noqa: BLE001 - e.g. a role that may not read pg_trigger
        log.exception("the quick integrity check failed")
        return
    for problem in ctx.integrity.problems:
        log.warning("integrity: %s", problem.sentence())


def check_writable(folder: Path, db_file: Path | None) -> None:
    """``OSError`` unless the folder takes a new file and the database file
    opens for writing (neither writes anything to the database)."""
    probe = folder / f".salon-write-test-{os.getpid()}"
    fd = os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(fd)
    os.unlink(probe)
    if db_file is not None and db_file.exists():
        os.close(os.open(db_file, os.O_RDWR))


def _opening_kind(exc: BaseException, folder: Path) -> Kind:
    kind = classify(exc).kind
    if kind in (Kind.DISK_IO, Kind.UNEXPECTED) and _nearly_full(folder):
        return Kind.DISK_FULL  # SQLite says "disk I/O error" when it cannot grow its files
    if kind in (Kind.VALIDATION, Kind.STALE, Kind.NOT_FOUND):
        return Kind.UNEXPECTED
    return kind


def _nearly_full(folder: Path) -> bool:
    probe = folder
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    try:
        return shutil.disk_usage(probe).free < NEARLY_FULL_BYTES
    except OSError:
        return False
