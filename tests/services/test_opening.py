"""Opening a profile that cannot be opened: refused with the right sentence, the
file left exactly as it was; the command line says so without a traceback."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

import salon_desktop.db.engine as engine_module
from salon_desktop.cli import main
from salon_desktop.services.failures import Kind
from salon_desktop.services.opening import OPENING_MESSAGES, OpeningFailed, open_profile
from tests import profiles

EXPECTED = {
    "truncated": Kind.DAMAGED,
    "garbage_inside": Kind.DAMAGED,
    "not_a_database": Kind.DAMAGED,
    "empty_file": Kind.EMPTY_FILE,
    "newer_version": Kind.NEWER_VERSION,
}


def _refused(folder, kind: Kind) -> OpeningFailed:
    with pytest.raises(OpeningFailed) as caught:
        open_profile(folder)
    assert caught.value.failure.kind is kind, caught.value
    return caught.value


@pytest.mark.parametrize("damage", sorted(profiles.BAD_FILES))
def test_a_bad_file_is_refused_and_left_byte_for_byte(tmp_path, damage):
    folder = tmp_path / "profile"
    db = profiles.BAD_FILES[damage](folder)
    before = db.read_bytes()
    failed = _refused(folder, EXPECTED[damage])
    assert failed.failure.where == str(db)
    assert db.read_bytes() == before  # not "repaired", not replaced by an empty salon
    _refused(folder, EXPECTED[damage])  # and again: nothing changed by the first try
    assert db.read_bytes() == before


def test_a_good_profile_opens_and_is_private(tmp_path):
    folder = tmp_path / "profile"
    profiles.good_profile(folder)
    ctx = open_profile(folder)
    try:
        assert ctx.clients.count() == 40
    finally:
        ctx.close()


def test_locked_by_another_program_then_opened_once_it_lets_go(tmp_path, monkeypatch):
    monkeypatch.setattr(engine_module, "BUSY_TIMEOUT_MS", 200)
    folder = tmp_path / "profile"
    db = profiles.good_profile(folder)
    with profiles.locked_by_another_program(db):
        _refused(folder, Kind.LOCKED)
    ctx = open_profile(folder)
    ctx.close()


def test_read_only_disk(tmp_path, monkeypatch):
    folder = tmp_path / "profile"
    db = profiles.good_profile(folder)
    before = db.read_bytes()
    with profiles.read_only(folder, monkeypatch):
        _refused(folder, Kind.READ_ONLY)
    assert db.read_bytes() == before


def test_read_only_disk_for_a_new_profile(tmp_path, monkeypatch):
    """The folder cannot even be made: said as read-only, not a traceback."""
    parent = tmp_path / "stick"
    parent.mkdir()
    with profiles.read_only(parent, monkeypatch):
        if os.geteuid() == 0:
            # mkdir is not os.open: the read-only mount answers it too.
            def refuse(*_a, **_k):
                raise OSError(30, "Read-only file system")

            monkeypatch.setattr("pathlib.Path.mkdir", refuse)
        failed = _refused(parent / "profile", Kind.READ_ONLY)
    assert not (parent / "profile").exists()
    assert failed.failure.where == str(parent / "profile")


def test_full_disk_is_said_as_full_not_as_a_disk_error(tmp_path, monkeypatch):
    folder = tmp_path / "profile"
    db = profiles.good_profile(folder)
    before = db.read_bytes()
    with profiles.full_disk(monkeypatch):
        _refused(folder, Kind.DISK_FULL)
    assert db.read_bytes() == before


def test_every_kind_met_when_opening_has_its_sentence():
    for kind in (*EXPECTED.values(), Kind.LOCKED, Kind.READ_ONLY, Kind.DISK_FULL, Kind.DISK_IO):
        assert kind in OPENING_MESSAGES


# -- the command line ------------------------------------------------------------------
@pytest.mark.parametrize("damage", sorted(profiles.BAD_FILES))
def test_command_line_says_why_without_a_traceback(tmp_path, capsys, damage):
    folder = tmp_path / "profile"
    db = profiles.BAD_FILES[damage](folder)
    before = db.read_bytes()
    assert main(["--data-dir", str(folder), "migrate"]) != 0
    out, err = capsys.readouterr()
    assert OPENING_MESSAGES[EXPECTED[damage]] in err
    assert str(db) in err and "--data-dir" in err
    assert "Traceback" not in err + out and out == ""
    assert db.read_bytes() == before


def test_command_line_on_a_read_only_disk_in_polish(tmp_path, monkeypatch, capsys):
    folder = tmp_path / "profile"
    profiles.good_profile(folder)
    with profiles.read_only(folder, monkeypatch):
        assert main(["--data-dir", str(folder), "--lang", "pl", "staff"]) != 0
    err = capsys.readouterr().err
    assert "tylko do odczytu" in err and "unable to open" not in err
    assert "Traceback" not in err


def test_command_line_on_a_full_disk(tmp_path, monkeypatch, capsys):
    folder = tmp_path / "profile"
    profiles.good_profile(folder)
    with profiles.full_disk(monkeypatch):
        assert main(["--data-dir", str(folder), "search", "Ola"]) != 0
    err = capsys.readouterr().err
    assert "disk is full" in err and "disk I/O error" not in err


def test_command_line_in_a_process_of_its_own(tmp_path):
    """As a receptionist's terminal shows it: a sentence, an exit code, no traceback."""
    folder = tmp_path / "profile"
    profiles.truncated(folder)
    out = subprocess.run(
        [sys.executable, "-m", "salon_desktop", "--data-dir", str(folder), "staff"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode != 0
    assert "damaged" in out.stderr and "Traceback" not in out.stderr
    assert out.stdout == ""


def test_a_server_that_is_not_there_is_named_without_its_password(tmp_path, capsys):
    missing = "postgresql+psycopg://salon:s3cret-pw@127.0.0.1:9/salon"
    assert main(["--data-dir", str(tmp_path), "--db", missing, "migrate"]) != 0
    out, err = capsys.readouterr()
    assert "s3cret-pw" not in out + err and "salon:***@127.0.0.1:9/salon" in err
    assert OPENING_MESSAGES[Kind.CONNECTION_LOST] in err
    log = (tmp_path / "logs" / "salon-desktop.log").read_text()
    assert "s3cret-pw" not in log and "connection_lost" in log


@pytest.mark.postgres
def test_migrate_never_prints_a_password(tmp_path, capsys, pg_database):
    from sqlalchemy.engine import make_url

    password = make_url(pg_database).password
    assert password
    assert main(["--data-dir", str(tmp_path), "--db", pg_database, "migrate"]) == 0
    out, err = capsys.readouterr()
    assert "database ready" in out and "***" in out
    assert f":{password}@" not in out + err  # (the test password may be the user name)


@pytest.mark.postgres
def test_a_postgresql_database_of_a_newer_version_is_refused(tmp_path, pg_database):
    from sqlalchemy import create_engine, text

    ctx = open_profile(tmp_path / "a", pg_database)
    ctx.close()
    engine = create_engine(pg_database)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0042'"))
    engine.dispose()
    with pytest.raises(OpeningFailed) as caught:
        open_profile(tmp_path / "b", pg_database)
    assert caught.value.failure.kind is Kind.NEWER_VERSION
    assert "0042" in str(caught.value.failure.exc)
