"""Backups of the salon's SQLite database, and restoring one.

A backup is made with SQLite's online backup API (``sqlite3.Connection.backup``),
never by copying the file: the copy is one consistent snapshot of the database
even while sales are being posted (in WAL mode the writers go on meanwhile),
and nothing half-written or still in the WAL is lost. It is written under a
temporary name, read back (``PRAGMA integrity_check``, and it must be at this
version's schema revision), and only then given its final name,
``salon-backup-YYYYMMDD-HHMMSS.sqlite3`` (this PC's local time); the oldest
beyond the number to keep are deleted (only files with that name pattern: a
USB stick's other files are never touched).

Automatic backups (at the first start of each day, after each till close) are
``attempt``-ed: they never raise, their outcome is recorded in the profile
(``backup-status.json``) and shown by the screens. A database on a PostgreSQL
server is not copied by the app: the server's own tools do that (README).

Restoring checks the file first (``db.health.check_backup_file``), keeps a
copy of the current database (``before-restore-…`` in the profile's Backups
folder), then writes the backup into the live database through the same API
(other connections see the restored data at once), and migrates it if it was
made by an older version.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import errno
import json
import logging
import os
import shutil
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from salon_desktop.i18n import N_

log = logging.getLogger("salon_desktop.backup")

BACKUP_PREFIX = "salon-backup-"
BEFORE_RESTORE_PREFIX = "before-restore-"
SUFFIX = ".sqlite3"
DEFAULT_FOLDER_NAME = "Backups"
STATUS_FILE = "backup-status.json"
TIMEOUT_S = 5.0
NEARLY_FULL_BYTES = 1 << 20


class Problem(enum.Enum):
    FOLDER_MISSING = "folder_missing"
    DISK_FULL = "disk_full"
    READ_ONLY = "read_only"
    DISK_IO = "disk_io"
    VERIFY_FAILED = "verify_failed"
    LOCKED = "locked"
    SERVER = "server"
    FILE_MISSING = "file_missing"
    NOT_A_BACKUP = "not_a_backup"
    DAMAGED_BACKUP = "damaged_backup"
    NEWER_BACKUP = "newer_backup"
    RESTORE_DISK_FULL = "restore_disk_full"
    RESTORE_LOCKED = "restore_locked"
    RESTORE_SERVER = "restore_server"
    UNEXPECTED = "unexpected"


# msgids with {where} (a folder or a file), translated where shown or printed
MESSAGES: dict[Problem, str] = {
    Problem.FOLDER_MISSING: N_(
        "The backup folder {where} is not there (is the USB stick plugged in?), so no "
        "backup was made. Plug it in, or choose another folder, then back up again."
    ),
    Problem.DISK_FULL: N_(
        "The disk of the backup folder {where} is full, so no backup was made. Free some "
        "space on it, or choose another folder, then back up again."
    ),
    Problem.READ_ONLY: N_(
        "The backup folder {where} cannot be written to (the folder or its disk is "
        "read-only), so no backup was made. Choose another folder."
    ),
    Problem.DISK_IO: N_(
        "The backup could not be written to {where} (was the USB stick pulled out?), so "
        "no backup was made. Check the disk, then back up again."
    ),
    Problem.VERIFY_FAILED: N_(
        "The backup written to {where} did not read back intact, so it was deleted. Check "
        "the disk of the backup folder, then back up again."
    ),
    Problem.LOCKED: N_(
        "The salon's database is busy (another program holds it), so no backup was made. "
        "Try again in a moment."
    ),
    Problem.SERVER: N_(
        "The salon's database is on a PostgreSQL server, so Salon Desktop does not copy "
        "it: back it up on the server with its own tools (pg_dump), as the README shows."
    ),
    Problem.FILE_MISSING: N_(
        "There is no file {where} (is the USB stick plugged in?). Nothing was restored."
    ),
    Problem.NOT_A_BACKUP: N_(
        "The file {where} is not a backup of Salon Desktop, so nothing was restored. "
        "Choose a file named salon-backup-…"
    ),
    Problem.DAMAGED_BACKUP: N_(
        "The backup {where} is damaged, so it was not restored and nothing was changed. "
        "Choose an earlier backup."
    ),
    Problem.NEWER_BACKUP: N_(
        "The backup {where} was made by a newer version of Salon Desktop, so this version "
        "cannot restore it; nothing was changed. Install the newer version first."
    ),
    Problem.RESTORE_DISK_FULL: N_(
        "The disk of the salon's folder is full, so nothing was restored. Free some space "
        "on it, then restore again."
    ),
    Problem.RESTORE_LOCKED: N_(
        "The salon's database is in use by another program, so nothing was restored. "
        "Close that program, then restore again."
    ),
    Problem.RESTORE_SERVER: N_(
        "The salon's database is on a PostgreSQL server: restore it on the server with "
        "its own tools (pg_restore), as the README shows. Nothing was changed."
    ),
    Problem.UNEXPECTED: N_(
        "Something went wrong with the backup and nothing was changed. The details are in "
        "the log file."
    ),
}


class BackupFailed(Exception):
    """A backup or a restore that did not happen, and why (nothing was changed)."""

    def __init__(self, problem: Problem, where: Path | str = "", exc: BaseException | None = None):
        super().__init__(f"{problem.value}: {where}: {exc}" if exc else f"{problem.value}: {where}")
        self.problem = problem
        self.where = str(where)
        self.exc = exc

    @property
    def message(self) -> str:
        """The msgid of the sentence: ``_(failed.message).format(where=failed.where)``."""
        return MESSAGES[self.problem]


@dataclass(frozen=True)
class BackupResult:
    file: Path
    at: dt.datetime  # local time
    size: int
    removed: tuple[Path, ...]  # older backups deleted to keep the last N


@dataclass(frozen=True)
class BackupStatus:
    """The last backup tried on this profile, as recorded in ``backup-status.json``."""

    at: dt.datetime | None = None  # local time of the last attempt
    ok: bool = False
    file: str = ""  # the backup made (when ok)
    problem: str = ""  # ``Problem`` value (when not ok)
    where: str = ""
    reason: str = ""  # manual / daily / till_close / command
    last_ok_at: dt.datetime | None = None

    @property
    def message(self) -> str:
        """The msgid of the failure's sentence ("" when the last attempt went through)."""
        if self.ok or not self.problem:
            return ""
        try:
            return MESSAGES[Problem(self.problem)]
        except ValueError:
            return MESSAGES[Problem.UNEXPECTED]


@dataclass(frozen=True)
class BackupInfo:
    """What a backup file holds, read before it is restored."""

    file: Path
    revision: str
    salon_name: str
    clients: int
    sales: int
    last_sale: dt.date | None
    modified: dt.datetime  # local time the file was written


@dataclass(frozen=True)
class RestoreResult:
    info: BackupInfo
    kept: Path | None  # the copy of the database as it was (None: there was none)


def default_folder(data_dir: Path) -> Path:
    return data_dir / DEFAULT_FOLDER_NAME


class BackupService:
    """Backups of one profile's database (a SQLite file; a server's is refused)."""

    def __init__(
        self,
        data_dir: Path,
        db_file: Path | None,
        folder: Callable[[], str],
        keep: Callable[[], int],
        now: Callable[[], dt.datetime] = dt.datetime.now,
    ):
        self._data_dir = data_dir
        self._db = db_file
        self._folder = folder
        self._keep = keep
        self._now = now

    # -- where ----------------------------------------------------------------------------
    @property
    def on_server(self) -> bool:
        return self._db is None

    def folder(self) -> Path:
        chosen = self._folder().strip()
        return Path(chosen).expanduser() if chosen else default_folder(self._data_dir)

    def backups(self, folder: Path | None = None) -> list[Path]:
        """The backups in the folder, newest first (only our own file names)."""
        folder = folder or self.folder()
        try:
            found = [
                p
                for p in folder.iterdir()
                if p.name.startswith(BACKUP_PREFIX) and p.name.endswith(SUFFIX) and p.is_file()
            ]
        except OSError:
            return []
        return sorted(found, key=lambda p: p.name, reverse=True)

    # -- backing up -----------------------------------------------------------------------
    def back_up(self, to: Path | str | None = None) -> BackupResult:
        """A verified backup in ``to`` (default: the chosen folder), or ``BackupFailed``."""
        if self._db is None:
            raise BackupFailed(Problem.SERVER)
        folder = Path(to).expanduser() if to else self.folder()
        if folder == default_folder(self._data_dir):
            from salon_desktop.paths import make_private_dir

            try:
                make_private_dir(folder)
            except OSError as exc:
                raise BackupFailed(_problem(exc, folder), folder, exc) from exc
        elif not folder.is_dir():
            # Never created: on a USB stick that is not plugged in, it would land on the PC.
            raise BackupFailed(Problem.FOLDER_MISSING, folder)
        at = self._now().replace(microsecond=0)
        final = _free_name(folder, BACKUP_PREFIX, at)
        partial = final.with_name(final.name + ".partial")
        try:
            _snapshot(self._db, partial)
            _verify(partial)
            os.replace(partial, final)
            _fsync_dir(folder)
        except BackupFailed as failed:
            _remove(partial)
            if failed.problem is Problem.VERIFY_FAILED:
                raise BackupFailed(Problem.VERIFY_FAILED, folder, failed.exc) from failed
            raise
        except Exception as exc:
            _remove(partial)
            raise BackupFailed(_problem(exc, folder), folder, exc) from exc
        removed = self._prune(folder, final)
        log.info("backup %s made (%d bytes)", final, final.stat().st_size)
        return BackupResult(final, at, final.stat().st_size, removed)

    def _prune(self, folder: Path, newest: Path) -> tuple[Path, ...]:
        keep = max(1, self._keep())
        removed = []
        for old in self.backups(folder)[keep:]:
            if old == newest:
                continue
            try:
                old.unlink()
                removed.append(old)
            except OSError as exc:  # the new backup is made all the same
                log.warning("old backup %s not removed: %s", old, exc)
        return tuple(removed)

    def attempt(self, reason: str = "manual", to: Path | str | None = None) -> BackupStatus:
        """A backup that never raises: its outcome is recorded and returned. On a
        server database an automatic backup is skipped (the server backs itself up)."""
        if self._db is None and reason in ("daily", "till_close"):
            return self.status()
        try:
            made = self.back_up(to)
        except BackupFailed as failed:
            if failed.problem is Problem.UNEXPECTED:
                log.error("backup failed", exc_info=failed)
            else:
                log.warning("backup not made: %s", failed)
            status = BackupStatus(
                at=self._now().replace(microsecond=0),
                ok=False,
                problem=failed.problem.value,
                where=failed.where,
                reason=reason,
                last_ok_at=self.status().last_ok_at,
            )
        except Exception as exc:  # noqa: BLE001 - an automatic backup never breaks its caller
            log.error("backup failed", exc_info=exc)
            status = BackupStatus(
                at=self._now().replace(microsecond=0),
                ok=False,
                problem=Problem.UNEXPECTED.value,
                reason=reason,
                last_ok_at=self.status().last_ok_at,
            )
        else:
            status = BackupStatus(
                at=made.at, ok=True, file=str(made.file), reason=reason, last_ok_at=made.at
            )
        self._record(status)
        return status

    def daily_if_due(self) -> BackupStatus | None:
        """The first start of a day makes a backup (until one has gone through that day);
        None when none was due."""
        if self._db is None:
            return None
        last = self.status().last_ok_at
        if last is not None and last.date() == self._now().date():
            return None
        return self.attempt("daily")

    def after_till_close(self, day: dt.date | None = None) -> BackupStatus:
        return self.attempt("till_close")

    # -- the status file --------------------------------------------------------------------
    def status(self) -> BackupStatus:
        try:
            raw = json.loads((self._data_dir / STATUS_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return BackupStatus()
        if not isinstance(raw, dict):
            return BackupStatus()

        def when(key: str) -> dt.datetime | None:
            try:
                return dt.datetime.fromisoformat(raw[key]) if raw.get(key) else None
            except (TypeError, ValueError):
                return None

        def text(key: str) -> str:
            value = raw.get(key)
            return value if isinstance(value, str) else ""

        return BackupStatus(
            at=when("at"),
            ok=raw.get("ok") is True,
            file=text("file"),
            problem=text("problem"),
            where=text("where"),
            reason=text("reason"),
            last_ok_at=when("last_ok_at"),
        )

    def _record(self, status: BackupStatus) -> None:
        data = dataclasses.asdict(status)
        for key in ("at", "last_ok_at"):
            data[key] = data[key].isoformat() if data[key] else None
        path = self._data_dir / STATUS_FILE
        tmp = path.with_suffix(".tmp")
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(data, f, ensure_ascii=False)
            tmp.replace(path)
        except OSError as exc:  # a full or read-only profile: the outcome is still returned
            log.warning("backup status not recorded: %s", exc)

    # -- restoring ------------------------------------------------------------------------
    def inspect(self, file: Path | str) -> BackupInfo:
        """What the backup holds, after checking it is a sound backup of this app."""
        return inspect_backup(Path(file))

    def restore(self, file: Path | str) -> RestoreResult:
        """Replace the salon's database with the backup ``file`` (checked first); the
        database as it was is kept in the profile's Backups folder."""
        if self._db is None:
            raise BackupFailed(Problem.RESTORE_SERVER)
        return restore_file(Path(file), self._db, self._data_dir, self._now)


def inspect_backup(file: Path) -> BackupInfo:
    from salon_desktop.db.health import (
        DamagedDatabase,
        EmptyDatabaseFile,
        NewerDatabase,
        NotABackup,
        check_backup_file,
    )

    if not file.is_file():
        raise BackupFailed(Problem.FILE_MISSING, file)
    try:
        revision = check_backup_file(file, TIMEOUT_S)
        conn = _read_only(file)
        try:
            clients = conn.execute("SELECT count(*) FROM clients").fetchone()[0]
            sales, last = conn.execute("SELECT count(*), max(business_date) FROM sales").fetchone()
            name = conn.execute("SELECT value FROM settings WHERE key = 'salon_name'").fetchone()
        finally:
            conn.close()
    except NotABackup as exc:
        raise BackupFailed(Problem.NOT_A_BACKUP, file, exc) from exc
    except NewerDatabase as exc:
        raise BackupFailed(Problem.NEWER_BACKUP, file, exc) from exc
    except (EmptyDatabaseFile, DamagedDatabase) as exc:
        raise BackupFailed(Problem.DAMAGED_BACKUP, file, exc) from exc
    except sqlite3.DatabaseError as exc:
        from salon_desktop.services.failures import Kind, classify

        if classify(exc).kind is Kind.DAMAGED:
            raise BackupFailed(Problem.DAMAGED_BACKUP, file, exc) from exc
        raise BackupFailed(Problem.NOT_A_BACKUP, file, exc) from exc
    except OSError as exc:
        raise BackupFailed(_problem(exc, file.parent), file, exc) from exc
    salon_name = ""
    if name:
        try:
            decoded = json.loads(name[0])
            salon_name = decoded if isinstance(decoded, str) else ""
        except ValueError:
            pass
    return BackupInfo(
        file=file,
        revision=revision,
        salon_name=salon_name,
        clients=int(clients),
        sales=int(sales),
        last_sale=dt.date.fromisoformat(str(last)[:10]) if last else None,
        modified=dt.datetime.fromtimestamp(file.stat().st_mtime).replace(microsecond=0),
    )


def restore_file(
    file: Path, db: Path, data_dir: Path, now: Callable[[], dt.datetime] = dt.datetime.now
) -> RestoreResult:
    """Check ``file``, keep a copy of ``db``, then put the backup in its place."""
    from salon_desktop.db.health import check_sqlite_file

    info = inspect_backup(file)
    keep_dir = default_folder(data_dir)
    at = now().replace(microsecond=0)
    healthy = False
    kept: Path | None = None
    try:
        from salon_desktop.paths import make_private_dir

        make_private_dir(keep_dir)
        if db.exists() and db.stat().st_size > 0:
            try:
                check_sqlite_file(db, TIMEOUT_S)
                healthy = True
            except sqlite3.OperationalError as exc:
                if "locked" in str(exc).lower() or "busy" in str(exc).lower():
                    raise BackupFailed(Problem.RESTORE_LOCKED, db, exc) from exc
            except Exception as exc:  # noqa: BLE001 - damaged, empty, newer: kept byte for byte
                log.warning("the database to replace is not sound: %s", exc)
            kept = _free_name(keep_dir, BEFORE_RESTORE_PREFIX, at)
            if healthy:
                _snapshot(db, kept)
            else:
                _byte_copy(db, kept)
        if healthy:
            _write_into(file, db)
        else:
            _replace_file(file, db)
    except BackupFailed:
        raise
    except Exception as exc:
        from salon_desktop.services.failures import Kind, classify

        kind = classify(exc).kind
        if kind is Kind.LOCKED:
            raise BackupFailed(Problem.RESTORE_LOCKED, db, exc) from exc
        if kind is Kind.DISK_FULL or _nearly_full(db.parent):
            raise BackupFailed(Problem.RESTORE_DISK_FULL, db.parent, exc) from exc
        raise BackupFailed(Problem.UNEXPECTED, db, exc) from exc
    _migrate(db)
    log.info("restored %s from %s (the old one kept in %s)", db, file, kept)
    return RestoreResult(info, kept)


# -- the pieces ------------------------------------------------------------------------------
def _read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True, timeout=TIMEOUT_S)


def _private_file(path: Path) -> None:
    """Create ``path`` empty and private (0600) before SQLite writes into it."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.close(fd)
    try:
        os.chmod(path, 0o600)
    except OSError:  # a USB stick's FAT or NTFS has no modes: the backup is made all the same
        pass


def _snapshot(source: Path, target: Path) -> None:
    """One consistent copy of ``source`` in ``target`` through the online backup API
    (in one step: the whole copy sees one moment of the database), on disk when done."""
    _private_file(target)
    src = sqlite3.connect(source, timeout=TIMEOUT_S)
    try:
        dst = sqlite3.connect(target, timeout=TIMEOUT_S)
        try:
            src.backup(dst)  # pages=-1: everything in one step
            dst.execute("PRAGMA journal_mode=DELETE")  # a backup is one self-contained file
        finally:
            dst.close()
    finally:
        src.close()
    fd = os.open(target, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _verify(path: Path) -> None:
    """The backup reads back intact and at this version's schema revision."""
    from salon_desktop.db import HEAD_REVISION

    try:
        conn = _read_only(path)
        try:
            rows = conn.execute("PRAGMA integrity_check").fetchall()
            revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        from salon_desktop.services.failures import Kind, classify

        if classify(exc).kind is Kind.DAMAGED:
            raise BackupFailed(Problem.VERIFY_FAILED, path, exc) from exc
        raise
    if rows != [("ok",)]:
        found = "; ".join(str(r[0]) for r in rows[:5])
        raise BackupFailed(Problem.VERIFY_FAILED, path, RuntimeError(f"integrity_check: {found}"))
    if revision is None or revision[0] != HEAD_REVISION:
        raise BackupFailed(
            Problem.VERIFY_FAILED, path, RuntimeError(f"revision {revision} != {HEAD_REVISION}")
        )


def _write_into(file: Path, db: Path) -> None:
    """The backup's pages written into the live database (its other connections,
    this app's own included, see the restored data at their next statement)."""
    src = _read_only(file)
    try:
        dst = sqlite3.connect(db, timeout=TIMEOUT_S)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()


def _replace_file(file: Path, db: Path) -> None:
    """A damaged, empty or missing database replaced by a fresh copy of the backup."""
    fresh = db.with_name(db.name + ".restoring")
    _snapshot(file, fresh)
    for stale in (db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
        _remove(stale)
    os.replace(fresh, db)
    _fsync_dir(db.parent)


def _byte_copy(db: Path, target: Path) -> None:
    """A database that cannot be read as one, kept exactly as it is (its WAL beside it)."""
    _private_file(target)
    shutil.copyfile(db, target)
    wal = db.with_name(db.name + "-wal")
    if wal.exists():
        shutil.copyfile(wal, target.with_name(target.name + "-wal"))


def _migrate(db: Path) -> None:
    """A backup made by an older version brought to this version's schema."""
    from salon_desktop.db.engine import make_engine, sqlite_url
    from salon_desktop.db.migrate import upgrade

    engine = make_engine(sqlite_url(db))
    try:
        upgrade(engine)
    finally:
        engine.dispose()


def _free_name(folder: Path, prefix: str, at: dt.datetime) -> Path:
    stem = f"{prefix}{at:%Y%m%d-%H%M%S}"
    candidate = folder / f"{stem}{SUFFIX}"
    n = 2
    while candidate.exists():
        candidate = folder / f"{stem}-{n}{SUFFIX}"
        n += 1
    return candidate


def _problem(exc: BaseException, folder: Path) -> Problem:
    from salon_desktop.services.failures import Kind, classify

    if isinstance(exc, FileNotFoundError) or (
        isinstance(exc, OSError) and exc.errno == errno.ENOENT
    ):
        return Problem.FOLDER_MISSING
    kind = classify(exc).kind
    if kind is Kind.DISK_FULL:
        return Problem.DISK_FULL
    if kind is Kind.READ_ONLY:
        return Problem.READ_ONLY
    if kind is Kind.LOCKED:
        return Problem.LOCKED
    if not folder.is_dir():
        return Problem.FOLDER_MISSING  # the stick went away meanwhile
    if kind in (Kind.DISK_IO, Kind.UNEXPECTED) and _nearly_full(folder):
        return Problem.DISK_FULL  # SQLite says "disk I/O error" when it cannot grow a file
    if kind is Kind.DISK_IO:
        return Problem.DISK_IO
    if kind is Kind.DAMAGED:
        return Problem.VERIFY_FAILED
    return Problem.UNEXPECTED


def _nearly_full(folder: Path) -> bool:
    probe = folder
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    try:
        return shutil.disk_usage(probe).free < NEARLY_FULL_BYTES
    except OSError:
        return False


def _remove(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError:
        pass


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
