"""Real profiles with real damage, as salons' PCs end up with them.

Each maker takes a folder, leaves a profile there whose database file is bad in
one way, and returns that file. Used by the headless, command-line and start-up
screen tests alike.
"""

from __future__ import annotations

import contextlib
import dataclasses
import errno
import os
import random
import sqlite3
from pathlib import Path

from salon_desktop.services.context import open_context

DB_NAME = "salon.sqlite3"


def good_profile(folder: Path, language: str = "en", clients: int = 40) -> Path:
    """A profile in use: settings saved, staff, some client files."""
    from salon_desktop.domain.client import ClientDraft, PhoneEntry

    ctx = open_context(data_dir=folder)
    try:
        ctx.save_settings(
            dataclasses.replace(
                ctx.salon, language=language, salon_name="Studio Róża", first_run_done=True
            )
        )
        actor = ctx.staff.add("Mina", "Receptionist").id
        for i in range(clients):
            ctx.clients.create(
                ClientDraft(
                    first_name=f"Ola{i}",
                    last_name="Kowalska",
                    phones=[PhoneEntry(f"+4860100{i:04d}")],
                    notes="x" * 400,
                ),
                actor_id=actor,
            )
    finally:
        ctx.close()
    return folder / DB_NAME


def truncated(folder: Path) -> Path:
    """Cut to half its length (a copy interrupted, a crash of the disk)."""
    db = good_profile(folder)
    data = db.read_bytes()
    db.write_bytes(data[: len(data) // 2])
    return db


def garbage_inside(folder: Path) -> Path:
    """The header intact, the pages after the first few overwritten with noise."""
    db = good_profile(folder)
    data = bytearray(db.read_bytes())
    page = 4096
    rng = random.Random(7)
    for start in range(2 * page, len(data) - page, 3 * page):
        data[start : start + page] = rng.randbytes(page)
    db.write_bytes(bytes(data))
    return db


def not_a_database(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / DB_NAME
    db.write_bytes(b"Quarterly stock list\n" * 300)
    return db


def empty_file(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / DB_NAME
    db.write_bytes(b"")
    return db


def from_a_newer_version(folder: Path) -> Path:
    """A profile a newer Salon Desktop has migrated past our newest revision."""
    db = good_profile(folder)
    conn = sqlite3.connect(db)
    with conn:
        conn.execute("UPDATE alembic_version SET version_num = '0042'")
    conn.close()
    return db


@contextlib.contextmanager
def locked_by_another_program(db: Path):
    """Another program holding the database exclusively (as a database tool in
    exclusive locking mode does), until the block ends."""
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("PRAGMA locking_mode=EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    try:
        yield
    finally:
        holder.execute("ROLLBACK")
        holder.close()


@contextlib.contextmanager
def read_only(folder: Path, monkeypatch):
    """The profile on a read-only disk.

    Not root: the folder and its files lose their write permission, for real.
    Root ignores permissions, so there the disk itself is made read-only at the
    lowest level Python reaches: opening anything in the folder for writing
    fails with EROFS, as a read-only mount answers root too.
    """
    if os.geteuid() != 0:
        modes = {p: p.stat().st_mode for p in [folder, *folder.iterdir()]}
        for p in modes:
            p.chmod(0o555 if p.is_dir() else 0o444)
        try:
            yield
        finally:
            for p, mode in modes.items():
                p.chmod(mode)
        return
    real_open = os.open
    inside = str(folder.resolve())
    writing = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC

    def refusing_open(path, flags, *args, **kwargs):
        if flags & writing and os.path.abspath(os.fspath(path)).startswith(inside):
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), os.fspath(path))
        return real_open(path, flags, *args, **kwargs)

    with monkeypatch.context() as m:
        m.setattr(os, "open", refusing_open)
        yield


@contextlib.contextmanager
def full_disk(monkeypatch):
    """The disk full: no free byte, and SQLite failing as it does on a full disk
    when it cannot grow its shared-memory file ("disk I/O error")."""
    import shutil

    real_connect = sqlite3.connect

    def failing_connect(*args, **kwargs):
        error = sqlite3.OperationalError("disk I/O error")
        error.sqlite_errorcode = 10  # type: ignore[attr-defined]
        raise error

    usage = shutil.disk_usage("/")
    with monkeypatch.context() as m:
        m.setattr(sqlite3, "connect", failing_connect)
        m.setattr(shutil, "disk_usage", lambda _p: usage._replace(free=0))
        yield
    assert sqlite3.connect is real_connect


BAD_FILES = {
    "truncated": truncated,
    "garbage_inside": garbage_inside,
    "not_a_database": not_a_database,
    "empty_file": empty_file,
    "newer_version": from_a_newer_version,
}
