"""Backups with SQLite's online backup API: made and verified, the last N kept,
taken while sales are being posted and restored to a consistent database; every
way a backup or a restore fails said in its own sentence, nothing changed."""

from __future__ import annotations

import dataclasses
import datetime as dt
import errno
import os
import shutil
import sqlite3
import threading
from pathlib import Path

import pytest

import salon_desktop.services.backup as backup_module
from salon_desktop.db import HEAD_REVISION
from salon_desktop.services.backup import (
    BACKUP_PREFIX,
    BackupFailed,
    Problem,
    default_folder,
    restore_file,
)
from salon_desktop.services.context import open_context
from salon_desktop.services.opening import open_profile
from tests import profiles

from .sales_helpers import check_invariants, make_shop, pay, prod_line, svc_line

TODAY = dt.date(2026, 11, 23)


class Clock:
    def __init__(self, start: dt.datetime = dt.datetime(2026, 11, 23, 9, 0, 0)):
        self.at = start

    def __call__(self) -> dt.datetime:
        return self.at

    def tick(self, **kw) -> None:
        self.at += dt.timedelta(**kw)


@pytest.fixture
def clock(sqlite_ctx) -> Clock:
    c = Clock()
    sqlite_ctx.backups._now = c
    return c


def _choose(ctx, folder: Path | str = "", keep: int = 14) -> None:
    ctx.save_settings(dataclasses.replace(ctx.salon, backup_folder=str(folder), backup_keep=keep))


def _sales(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT count(*) FROM sales").fetchone()[0]
    finally:
        conn.close()


def _sound(path: Path) -> list[str]:
    """Problems of a database file: integrity, revision, and the money rules."""
    from sqlalchemy import create_engine

    conn = sqlite3.connect(path)
    try:
        problems = [r[0] for r in conn.execute("PRAGMA integrity_check") if r[0] != "ok"]
        revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    finally:
        conn.close()
    if revision != HEAD_REVISION:
        problems.append(f"revision {revision}")
    engine = create_engine(f"sqlite:///{path}")
    try:
        with engine.connect() as c:
            problems += check_invariants(c)
    finally:
        engine.dispose()
    return problems


def test_a_backup_is_one_verified_private_file_named_by_its_time(sqlite_ctx, clock):
    ctx = sqlite_ctx
    shop = make_shop(ctx)
    ctx.sales.post(pay(ctx, [svc_line(shop), prod_line(shop)]), shop.desk)
    made = ctx.backups.back_up()
    assert made.file == default_folder(ctx.data_dir) / f"{BACKUP_PREFIX}20261123-090000.sqlite3"
    assert made.file.stat().st_mode & 0o777 == 0o600
    assert default_folder(ctx.data_dir).stat().st_mode & 0o777 == 0o700
    assert _sound(made.file) == [] and _sales(made.file) == 1
    conn = sqlite3.connect(made.file)
    assert conn.execute("PRAGMA journal_mode").fetchone() == ("delete",)  # self-contained
    conn.close()
    assert [p.name for p in made.file.parent.iterdir()] == [made.file.name]  # no leftovers
    # Two in the same second get their own names.
    again = ctx.backups.back_up()
    assert again.file.name == f"{BACKUP_PREFIX}20261123-090000-2.sqlite3"


def test_only_the_last_n_are_kept_and_other_files_are_left_alone(sqlite_ctx, clock, tmp_path):
    ctx = sqlite_ctx
    stick = tmp_path / "stick"
    stick.mkdir()
    (stick / "holiday.jpg").write_bytes(b"photo")
    (stick / "salon-notes.sqlite3").write_bytes(b"not ours")
    _choose(ctx, stick, keep=3)
    made = []
    for _ in range(5):
        made.append(ctx.backups.back_up().file)
        clock.tick(hours=1)
    assert ctx.backups.backups() == made[:1:-1]  # the newest three, newest first
    assert (stick / "holiday.jpg").exists() and (stick / "salon-notes.sqlite3").exists()


def test_a_backup_taken_while_sales_are_posted_restores_to_a_consistent_database(
    sqlite_ctx, tmp_path
):
    ctx = sqlite_ctx
    shop = make_shop(ctx)
    ctx.catalog.receive(shop.shampoo.id, 500, "delivery", shop.desk)  # none refused meanwhile
    posted: list[int] = []
    errors: list[BaseException] = []
    stop = threading.Event()

    def post() -> None:
        try:
            while not stop.is_set() and len(posted) < 400:
                lines = [svc_line(shop), prod_line(shop)] if len(posted) % 2 else [svc_line(shop)]
                posted.append(ctx.sales.post(pay(ctx, lines, card=1_000), shop.desk).sale_id)
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    poster = threading.Thread(target=post)
    poster.start()
    backups = []
    try:
        while len(posted) < 5:
            pass
        for _ in range(6):
            backups.append(ctx.backups.back_up().file)
    finally:
        stop.set()
        poster.join()
    assert errors == []
    seen = [_sales(b) for b in backups]
    assert seen == sorted(seen) and 0 < seen[0] and seen[-1] <= len(posted)
    assert any(0 < n < len(posted) for n in seen)  # taken while posting went on
    for i, b in enumerate(backups):
        assert _sound(b) == [], b
        # Restored into a profile of its own: it opens, every sale complete.
        folder = tmp_path / f"restored-{i}"
        folder.mkdir()
        restore_file(b, folder / "salon.sqlite3", folder)
        restored = open_profile(folder)
        try:
            assert restored.reader is not None
            assert _sound(folder / "salon.sqlite3") == []
            assert _sales(folder / "salon.sqlite3") == seen[i]
        finally:
            restored.close()


def test_restore_keeps_the_current_data_and_the_running_app_sees_the_backup(sqlite_ctx, clock):
    ctx = sqlite_ctx
    shop = make_shop(ctx)
    ctx.sales.post(pay(ctx, [svc_line(shop)]), shop.desk)
    made = ctx.backups.back_up().file
    clock.tick(minutes=5)
    ctx.sales.post(pay(ctx, [svc_line(shop)]), shop.desk)
    ctx.sales.post(pay(ctx, [svc_line(shop)]), shop.desk)
    info = ctx.backups.inspect(made)
    assert (info.revision, info.sales, info.clients, info.last_sale) == (
        HEAD_REVISION,
        1,
        1,
        TODAY,
    )
    result = ctx.backups.restore(made)
    assert result.kept is not None and result.kept.name == "before-restore-20261123-090500.sqlite3"
    assert _sales(result.kept) == 3 and _sound(result.kept) == []
    # The open context (the running app) reads the restored database at once.
    assert len(ctx.reader.day_sales(TODAY)) == 1
    db = ctx.data_dir / "salon.sqlite3"
    assert _sound(db) == []
    ctx.sales.post(pay(ctx, [svc_line(shop)]), shop.desk)  # and goes on
    assert _sales(db) == 2
    # The copy kept before the restore is never pruned as a backup.
    _choose(ctx, "", keep=1)
    clock.tick(minutes=5)
    ctx.backups.back_up()
    assert result.kept.exists()


def _foreign_database(path: Path) -> Path:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE alembic_version (version_num TEXT)")
    conn.execute("INSERT INTO alembic_version VALUES ('f00d')")
    conn.execute("CREATE TABLE recipes (name TEXT)")
    conn.commit()
    conn.close()
    return path


def _bad_backup(kind: str, tmp_path: Path) -> Path:
    if kind == "missing":
        return tmp_path / "stick" / "salon-backup-20261101-120000.sqlite3"
    if kind == "text":
        p = tmp_path / "notes.sqlite3"
        p.write_text("Quarterly stock list\n" * 100)
        return p
    if kind == "foreign":
        return _foreign_database(tmp_path / "recipes.sqlite3")
    made = {
        "damaged": profiles.garbage_inside,
        "truncated": profiles.truncated,
        "empty": profiles.empty_file,
        "newer": profiles.from_a_newer_version,
    }[kind](tmp_path / "other")
    return made


@pytest.mark.parametrize(
    ("kind", "problem"),
    [
        ("missing", Problem.FILE_MISSING),
        ("text", Problem.NOT_A_BACKUP),
        ("foreign", Problem.NOT_A_BACKUP),
        ("damaged", Problem.DAMAGED_BACKUP),
        ("truncated", Problem.DAMAGED_BACKUP),
        ("empty", Problem.DAMAGED_BACKUP),
        ("newer", Problem.NEWER_BACKUP),
    ],
)
def test_a_bad_file_is_not_restored_and_nothing_changes(sqlite_ctx, tmp_path, kind, problem):
    ctx = sqlite_ctx
    shop = make_shop(ctx)
    ctx.sales.post(pay(ctx, [svc_line(shop)]), shop.desk)
    bad = _bad_backup(kind, tmp_path)
    with pytest.raises(BackupFailed) as caught:
        ctx.backups.restore(bad)
    assert caught.value.problem is problem
    assert caught.value.where == str(bad)
    assert "{where}" in caught.value.message
    assert not default_folder(ctx.data_dir).exists()  # not even a copy was made
    assert _sales(ctx.data_dir / "salon.sqlite3") == 1


def test_a_damaged_database_is_replaced_and_kept_byte_for_byte(tmp_path):
    good = tmp_path / "good"
    profiles.good_profile(good)
    ctx = open_context(good)
    backup = ctx.backups.back_up().file
    ctx.close()
    broken = tmp_path / "broken"
    db = profiles.garbage_inside(broken)
    before = db.read_bytes()
    result = restore_file(backup, db, broken)
    assert result.kept is not None and result.kept.read_bytes() == before
    restored = open_profile(broken)
    try:
        assert restored.clients.count() == 40
    finally:
        restored.close()


def test_an_older_backup_is_brought_to_this_version(tmp_path):
    from salon_desktop.db.engine import make_engine, sqlite_url
    from salon_desktop.db.migrate import downgrade, upgrade

    old = tmp_path / "old.sqlite3"
    engine = make_engine(sqlite_url(old))
    upgrade(engine)
    downgrade(engine, "0004")
    engine.dispose()
    profile = tmp_path / "profile"
    ctx = open_context(profile)
    try:
        assert ctx.backups.inspect(old).revision == "0004"
        ctx.backups.restore(old)
        conn = sqlite3.connect(profile / "salon.sqlite3")
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == (
            HEAD_REVISION,
        )
        conn.close()
    finally:
        ctx.close()


def test_a_missing_folder_is_said_and_not_created(sqlite_ctx, tmp_path):
    ctx = sqlite_ctx
    stick = tmp_path / "media" / "STICK" / "Backups"
    _choose(ctx, stick)
    with pytest.raises(BackupFailed) as caught:
        ctx.backups.back_up()
    assert (caught.value.problem, caught.value.where) == (Problem.FOLDER_MISSING, str(stick))
    assert not stick.parent.exists()


def test_a_read_only_folder(sqlite_ctx, tmp_path, monkeypatch):
    ctx = sqlite_ctx
    stick = tmp_path / "stick"
    stick.mkdir()
    _choose(ctx, stick)
    with profiles.read_only(stick, monkeypatch):
        with pytest.raises(BackupFailed) as caught:
            ctx.backups.back_up()
    assert caught.value.problem is Problem.READ_ONLY
    assert list(stick.iterdir()) == []


def _failing_copy(monkeypatch, error: BaseException, pull_out: Path | None = None):
    real = backup_module._snapshot

    def copy(source, target):
        real(source, target)  # half-way: the file is there, then the disk fails
        if pull_out is not None:
            shutil.rmtree(pull_out)
        raise error

    monkeypatch.setattr(backup_module, "_snapshot", copy)


@pytest.mark.parametrize(
    ("error", "problem"),
    [
        (sqlite3.OperationalError("database or disk is full"), Problem.DISK_FULL),
        (OSError(errno.ENOSPC, "No space left on device"), Problem.DISK_FULL),
        (OSError(errno.EIO, "Input/output error"), Problem.DISK_IO),
        (sqlite3.OperationalError("disk I/O error"), Problem.DISK_IO),
    ],
)
def test_a_disk_that_fails_half_way_leaves_no_partial_file(
    sqlite_ctx, tmp_path, monkeypatch, error, problem
):
    ctx = sqlite_ctx
    stick = tmp_path / "stick"
    stick.mkdir()
    _choose(ctx, stick)
    _failing_copy(monkeypatch, error)
    with pytest.raises(BackupFailed) as caught:
        ctx.backups.back_up()
    assert caught.value.problem is problem
    assert list(stick.iterdir()) == []


def test_the_usb_stick_pulled_out_during_the_backup(sqlite_ctx, tmp_path, monkeypatch):
    ctx = sqlite_ctx
    stick = tmp_path / "stick"
    stick.mkdir()
    _choose(ctx, stick)
    _failing_copy(monkeypatch, sqlite3.OperationalError("disk I/O error"), pull_out=stick)
    with pytest.raises(BackupFailed) as caught:
        ctx.backups.back_up()
    assert caught.value.problem is Problem.FOLDER_MISSING


def test_a_backup_that_does_not_read_back_is_deleted(sqlite_ctx, monkeypatch):
    ctx = sqlite_ctx
    real = backup_module._snapshot

    def damaging(source, target):
        real(source, target)
        data = bytearray(target.read_bytes())
        for start in range(2 * 4096, len(data) - 4096, 3 * 4096):
            data[start : start + 4096] = os.urandom(4096)
        target.write_bytes(bytes(data))

    monkeypatch.setattr(backup_module, "_snapshot", damaging)
    with pytest.raises(BackupFailed) as caught:
        ctx.backups.back_up()
    assert caught.value.problem is Problem.VERIFY_FAILED
    assert list(default_folder(ctx.data_dir).iterdir()) == []


def test_the_till_close_makes_a_backup_and_a_failed_one_does_not_stop_the_close(
    sqlite_ctx, clock, tmp_path
):
    ctx = sqlite_ctx
    ctx.till.close_day(0)
    status = ctx.backups.status()
    assert status.ok and status.reason == "till_close" and Path(status.file).exists()
    _choose(ctx, tmp_path / "unplugged")
    clock.tick(days=1)
    report = ctx.till.close_day(0, day=TODAY + dt.timedelta(days=1))
    assert report.closed_at is not None  # closed all the same
    status = ctx.backups.status()
    assert (status.ok, status.problem, status.reason) == (False, "folder_missing", "till_close")
    assert status.last_ok_at == dt.datetime(2026, 11, 23, 9, 0)
    assert status.message == backup_module.MESSAGES[Problem.FOLDER_MISSING]


def test_the_first_start_of_a_day_makes_one_backup(sqlite_ctx, clock):
    ctx = sqlite_ctx
    first = ctx.backups.daily_if_due()
    assert first is not None and first.ok and first.reason == "daily"
    clock.tick(hours=3)
    assert ctx.backups.daily_if_due() is None
    clock.tick(days=1)
    assert ctx.backups.daily_if_due() is not None
    assert len(ctx.backups.backups()) == 2


def test_an_unplugged_stick_is_retried_at_the_next_start(sqlite_ctx, clock, tmp_path):
    ctx = sqlite_ctx
    stick = tmp_path / "stick"
    _choose(ctx, stick)
    failed = ctx.backups.daily_if_due()
    assert failed is not None and failed.problem == "folder_missing"
    stick.mkdir()
    clock.tick(minutes=10)
    again = ctx.backups.daily_if_due()
    assert again is not None and again.ok


@pytest.mark.postgres
def test_a_server_database_is_left_to_the_server_tools(pg_schema, tmp_path):
    ctx = open_context(tmp_path, pg_schema, today=lambda: TODAY)
    try:
        assert ctx.backups.on_server
        with pytest.raises(BackupFailed) as caught:
            ctx.backups.back_up()
        assert caught.value.problem is Problem.SERVER
        assert "pg_dump" in caught.value.message
        assert ctx.backups.daily_if_due() is None
        ctx.till.close_day(0)  # no backup, no failure
        assert ctx.backups.status().at is None
        with pytest.raises(BackupFailed) as caught:
            ctx.backups.restore(tmp_path / "x.sqlite3")
        assert caught.value.problem is Problem.RESTORE_SERVER
    finally:
        ctx.close()


# -- the command line ------------------------------------------------------------------
def test_command_backup_to_a_folder_then_restore_it(tmp_path, capsys):
    from salon_desktop.cli import main

    folder = tmp_path / "profile"
    db = profiles.good_profile(folder, clients=5)
    stick = tmp_path / "stick"
    stick.mkdir()
    assert main(["--data-dir", str(folder), "backup", "--to", str(stick)]) == 0
    out = capsys.readouterr().out
    [made] = list(stick.iterdir())
    assert f"Backup made: {made}" in out
    ctx = open_context(folder)
    ctx.clients.set_archived(ctx.search.search("Ola0").rows[0].id, True, None)
    ctx.close()
    assert main(["--data-dir", str(folder), "restore", str(made)]) == 0
    out = capsys.readouterr().out
    assert f"Restored from {made}: 5 clients, 0 sales." in out
    assert "kept in" in out and "before-restore-" in out
    assert _sound_profile(db) == []


def _sound_profile(db: Path) -> list[str]:
    conn = sqlite3.connect(db)
    try:
        bad = [r[0] for r in conn.execute("PRAGMA integrity_check") if r[0] != "ok"]
        archived = conn.execute("SELECT count(*) FROM clients WHERE archived").fetchone()[0]
    finally:
        conn.close()
    return bad + ([f"{archived} archived"] if archived else [])


def test_command_restore_over_a_damaged_database(tmp_path, capsys):
    from salon_desktop.cli import main

    good = tmp_path / "good"
    profiles.good_profile(good, clients=3)
    assert main(["--data-dir", str(good), "backup"]) == 0
    [made] = list((good / "Backups").iterdir())
    broken = tmp_path / "broken"
    profiles.truncated(broken)
    assert main(["--data-dir", str(broken), "staff"]) == 3  # cannot be opened
    assert main(["--data-dir", str(broken), "restore", str(made)]) == 0
    capsys.readouterr()
    assert main(["--data-dir", str(broken), "staff"]) == 0
    assert "Mina" in capsys.readouterr().out


@pytest.mark.parametrize("lang", ["en", "pl"])
def test_command_failures_are_sentences_without_a_traceback(tmp_path, capsys, lang):
    from salon_desktop.cli import main

    folder = tmp_path / "profile"
    profiles.good_profile(folder, clients=1)
    missing = tmp_path / "STICK"
    assert main(["--data-dir", str(folder), "--lang", lang, "backup", "--to", str(missing)]) == 4
    out, err = capsys.readouterr()
    assert str(missing) in err and "Traceback" not in err and out == ""
    assert ("plugged in" if lang == "en" else "pendrive") in err
    text = tmp_path / "notes.txt"
    text.write_text("hello")
    assert main(["--data-dir", str(folder), "--lang", lang, "restore", str(text)]) == 4
    err = capsys.readouterr().err
    assert str(text) in err and "Traceback" not in err
    assert not (folder / "Backups").exists()


@pytest.mark.postgres
def test_command_backup_on_a_server_says_to_use_its_tools(tmp_path, capsys, pg_schema):
    from salon_desktop.cli import main

    assert main(["--data-dir", str(tmp_path), "--db", pg_schema, "backup"]) == 2
    assert "pg_dump" in capsys.readouterr().err
    assert main(["--data-dir", str(tmp_path), "--db", pg_schema, "restore", "x.sqlite3"]) == 2
    assert "pg_restore" in capsys.readouterr().err


def test_a_database_held_by_another_program_is_not_restored(tmp_path, monkeypatch):
    monkeypatch.setattr(backup_module, "TIMEOUT_S", 0.2)
    folder = tmp_path / "profile"
    db = profiles.good_profile(folder, clients=2)
    ctx = open_context(folder)
    made = ctx.backups.back_up().file
    ctx.close()
    with profiles.locked_by_another_program(db):
        with pytest.raises(BackupFailed) as caught:
            restore_file(made, db, folder)
    assert caught.value.problem is Problem.RESTORE_LOCKED
    assert [p.name for p in default_folder(folder).iterdir()] == [made.name]  # no copy kept


def test_a_stick_without_file_modes_takes_backups(sqlite_ctx, tmp_path, monkeypatch):
    """FAT and NTFS sticks refuse chmod: the backup is made all the same."""
    ctx = sqlite_ctx
    stick = tmp_path / "FAT"
    stick.mkdir()
    _choose(ctx, stick)
    real = os.chmod

    def no_modes(path, mode, *a, **kw):
        if str(path).startswith(str(stick)):
            raise PermissionError(errno.EPERM, "Operation not permitted", str(path))
        return real(path, mode, *a, **kw)

    monkeypatch.setattr(os, "chmod", no_modes)
    made = ctx.backups.back_up()
    assert made.file.parent == stick and _sound(made.file) == []
