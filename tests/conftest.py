"""Shared fixtures: an offscreen Qt platform, hypothesis profiles, and databases.

``db_url`` runs a test twice: on a fresh SQLite file and on a fresh, uniquely
named schema in the PostgreSQL database named by ``SALON_TEST_PG_URL``
(``packaging/test.sh`` starts a server and makes that database).
``empty_db_url`` gives PostgreSQL a whole new database instead (the role
needs CREATEDB), for the migration tests. Without ``SALON_TEST_PG_URL`` the
PostgreSQL runs are skipped locally and fail in CI (``CI`` set).

Hypothesis: profile ``ci`` (25 examples) when ``CI`` is set, ``dev`` (200)
otherwise; ``HYPOTHESIS_PROFILE`` chooses either.
"""

from __future__ import annotations

import os

# Before anything imports Qt.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import datetime as dt  # noqa: E402
import time  # noqa: E402
import uuid  # noqa: E402
from collections.abc import Iterator  # noqa: E402

import pytest  # noqa: E402
from hypothesis import settings  # noqa: E402

from tests.pg_admin import drop_database  # noqa: E402

settings.register_profile("ci", max_examples=25, deadline=None, print_blob=True)
settings.register_profile("dev", max_examples=200, deadline=None)
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev")
)


def pytest_collection_modifyitems(config, items) -> None:
    """The tests marked ``slow`` first: the workers of a parallel run (pytest-xdist)
    take tests in this order, so the longest ones overlap with the rest instead of
    keeping one worker busy after the other has finished."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)


PG_ENV = "SALON_TEST_PG_URL"
# "Today" for every test context: dates in the future are refused, contact
# details go stale relative to it.
FIXED_DATE = dt.date(2026, 11, 23)


@pytest.fixture
def fixed_today() -> dt.date:
    return FIXED_DATE


def _sqlite_url(folder) -> str:
    return f"sqlite:///{folder / 'salon.sqlite3'}"


def _pg_admin_url() -> str:
    url = os.environ.get(PG_ENV, "").strip()
    if not url:
        message = (
            f"PostgreSQL tests need {PG_ENV}, e.g. "
            "postgresql+psycopg://salon:salon@127.0.0.1:5432/salon_test "
            "(packaging/test.sh starts a server and sets it)"
        )
        if os.environ.get("CI"):
            pytest.fail(f"{message}; in CI a missing server is a failure", pytrace=False)
        pytest.skip(message)
    return url


def _admin_engine():
    from sqlalchemy import create_engine
    from sqlalchemy.pool import NullPool

    return create_engine(_pg_admin_url(), isolation_level="AUTOCOMMIT", poolclass=NullPool)


@pytest.fixture
def pg_database() -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test; dropped afterwards.

    Creating a database takes a third of a second, so most tests use
    ``pg_schema`` instead; the migration tests use this.
    """
    from sqlalchemy import text

    admin = _admin_engine()
    name = f"salon_t_{uuid.uuid4().hex[:16]}"
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        yield admin.url.set(database=name).render_as_string(hide_password=False)
    finally:
        drop_database(admin, name)
        admin.dispose()


@pytest.fixture(scope="session")
def _pg_trgm_in_public() -> None:
    """pg_trgm once in the test database's ``public`` schema, shared by every test schema."""
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    admin = _admin_engine()
    try:
        # Parallel test workers may race to create it; the loser sees a
        # duplicate-key error, and the extension is there all the same.
        for attempt in range(5):
            try:
                with admin.connect() as conn:
                    conn.execute(text("CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public"))
                break
            except DBAPIError:
                if attempt == 4:
                    raise
                time.sleep(0.2)
    finally:
        admin.dispose()


@pytest.fixture
def pg_schema(_pg_trgm_in_public) -> Iterator[str]:
    """A fresh, empty schema in the test database, first on the search path; dropped after."""
    from sqlalchemy import text

    admin = _admin_engine()
    name = f"salon_t_{uuid.uuid4().hex[:16]}"
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE SCHEMA "{name}"'))
        # Commits need not wait for the disk in throw-away test schemas.
        options = f"-csearch_path={name},public -csynchronous_commit=off"
        url = admin.url.update_query_dict({"options": options})
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text("SET lock_timeout = '10s'"))
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{name}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request, tmp_path) -> str:
    """A URL of a fresh, empty database: SQLite file, then PostgreSQL."""
    if request.param == "sqlite":
        return _sqlite_url(tmp_path)
    return request.getfixturevalue("pg_schema")


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def empty_db_url(request, tmp_path) -> str:
    """Like ``db_url``, but PostgreSQL gets a whole new database (for migration tests)."""
    if request.param == "sqlite":
        return _sqlite_url(tmp_path)
    return request.getfixturevalue("pg_database")


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    return _sqlite_url(tmp_path)


def _open(data_dir, url):
    from salon_desktop.services.context import open_context
    from tests.premigrated import premigrate

    premigrate(url)
    return open_context(data_dir=data_dir, db_url=url, today=lambda: FIXED_DATE)


@pytest.fixture
def ctx(tmp_path, db_url):
    """An application context on a migrated, empty database (SQLite and PostgreSQL)."""
    context = _open(tmp_path, db_url)
    yield context
    context.close()


@pytest.fixture
def sqlite_ctx(tmp_path):
    """An application context on a migrated, empty SQLite profile."""
    context = _open(tmp_path, _sqlite_url(tmp_path))
    yield context
    context.close()
