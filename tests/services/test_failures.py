"""Real failures of real databases, classified into what the user is told."""

from __future__ import annotations

import errno
import sqlite3

import pytest
from sqlalchemy import create_engine, text

from salon_desktop.domain.validation import FieldError, ValidationError
from salon_desktop.services.clients import ConcurrentEdit
from salon_desktop.services.failures import Kind, classify


def test_another_program_holding_the_lock_is_busy_not_a_defect(sqlite_ctx, monkeypatch):
    holder = sqlite3.connect(sqlite_ctx.db_url.removeprefix("sqlite:///"), timeout=0.1)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        import salon_desktop.db.engine as engine_module

        monkeypatch.setattr(engine_module, "BUSY_TIMEOUT_MS", 100)
        engine = engine_module.make_engine(sqlite_ctx.db_url)
        with pytest.raises(Exception) as caught:
            with engine.begin() as conn:
                conn.execute(text("UPDATE staff SET name = name"))
        engine.dispose()
    finally:
        holder.rollback()
        holder.close()
    assert classify(caught.value).kind is Kind.LOCKED
    assert classify(caught.value).retryable


def test_a_file_that_is_not_a_database_is_damaged(tmp_path):
    bad = tmp_path / "salon.sqlite3"
    bad.write_bytes(b"this is not a database" * 100)
    engine = create_engine(f"sqlite:///{bad}")
    with pytest.raises(Exception) as caught:
        with engine.connect() as conn:
            conn.execute(text("SELECT * FROM sqlite_master"))
    engine.dispose()
    assert classify(caught.value).kind is Kind.DAMAGED


@pytest.mark.parametrize(
    "code, kind",
    [(errno.ENOSPC, Kind.DISK_FULL), (errno.EROFS, Kind.READ_ONLY), (errno.EIO, Kind.DISK_IO)],
)
def test_disk_errors_of_files_we_write(code, kind):
    assert classify(OSError(code, "x")).kind is kind


def test_refused_input_and_stale_edits_keep_what_they_carry():
    refused = ValidationError([FieldError("name", "This field is required.")])
    failure = classify(refused)
    assert failure.kind is Kind.VALIDATION and failure.validation is refused
    assert classify(ConcurrentEdit()).kind is Kind.STALE


def test_a_defect_is_unexpected():
    failure = classify(KeyError("x"))
    assert failure.kind is Kind.UNEXPECTED and not failure.expected


@pytest.mark.postgres
def test_postgresql_read_only_and_a_lost_connection(pg_schema):
    engine = create_engine(pg_schema)
    with pytest.raises(Exception) as caught:
        with engine.begin() as conn:
            conn.execute(text("SET TRANSACTION READ ONLY"))
            conn.execute(text("CREATE TABLE t (x int)"))
    assert classify(caught.value).kind is Kind.READ_ONLY

    admin = create_engine(pg_schema, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        pid = conn.execute(text("SELECT pg_backend_pid()")).scalar_one()
        with admin.connect() as a:
            a.execute(text("SELECT pg_terminate_backend(:p)"), {"p": pid})
        with pytest.raises(Exception) as caught:
            conn.execute(text("SELECT 1"))
    assert classify(caught.value).kind is Kind.CONNECTION_LOST
    admin.dispose()
    engine.dispose()
