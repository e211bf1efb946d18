"""On PostgreSQL the desks should connect with a role that cannot switch off the
guard triggers: the opening check and the integrity report warn when the app's
role owns the tables (the test fixtures' role does) or is a superuser, and say
nothing for a role that was only granted what the README's set-up grants."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import NullPool

from salon_desktop.services.context import open_context
from salon_desktop.services.integrity import quick_check, role_problem, verify
from salon_desktop.services.opening import open_profile


def test_sqlite_has_no_role_to_warn_about(sqlite_ctx):
    assert quick_check(sqlite_ctx.engine).warnings == []
    with sqlite_ctx.engine.connect() as conn:
        assert role_problem(conn) is None


@pytest.mark.postgres
def test_the_owner_of_the_tables_is_warned_at_opening_and_in_the_report(pg_schema, tmp_path):
    ctx = open_context(data_dir=tmp_path / "p", db_url=pg_schema)
    try:
        report = quick_check(ctx.engine)
        (warning,) = report.warnings
        assert warning.kind == "role_owner"
        assert "owns the tables" in warning.sentence() and "README" in warning.sentence()
        assert report.ok  # a warning about the set-up, not a changed record
        full = verify(ctx.engine)
        assert [p.kind for p in full.warnings] == ["role_owner"] and full.ok
    finally:
        ctx.close()
    opened = open_profile(data_dir=tmp_path / "p", db_url=pg_schema)
    try:
        assert opened.integrity is not None
        assert [p.kind for p in opened.integrity.problems] == ["role_owner"]
    finally:
        opened.close()


def _admin():
    from tests.conftest import _admin_engine

    return _admin_engine()


@pytest.fixture
def desk_role(pg_database):
    """A database migrated by the test role (its owner), and a desk role created for
    this test with the README's grants; the role is dropped after the database."""
    admin = _admin()
    with admin.connect() as conn:
        if not conn.execute(
            text("SELECT rolcreaterole OR rolsuper FROM pg_roles WHERE rolname = current_user")
        ).scalar():
            admin.dispose()
            pytest.skip(
                "the PostgreSQL test role may not create roles (packaging/test.sh gives it "
                "CREATEROLE)"
            )
    name = f"salon_desk_{uuid.uuid4().hex[:12]}"
    password = uuid.uuid4().hex
    with admin.connect() as conn:
        conn.execute(text(f"CREATE ROLE {name} LOGIN PASSWORD '{password}'"))
    try:
        engine = create_engine(pg_database, poolclass=NullPool)
        from salon_desktop.db.migrate import upgrade

        upgrade(engine)
        with engine.begin() as conn:
            conn.execute(text(f"GRANT USAGE ON SCHEMA public TO {name}"))
            conn.execute(
                text(
                    f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {name}"
                )
            )
            conn.execute(text(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {name}"))
        engine.dispose()
        url = create_engine(pg_database).url.set(username=name, password=password)
        yield url.render_as_string(hide_password=False)
    finally:
        from tests.pg_admin import drop_database

        drop_database(admin, create_engine(pg_database).url.database)
        with admin.connect() as conn:
            conn.execute(text(f"DROP ROLE IF EXISTS {name}"))
        admin.dispose()


@pytest.mark.postgres
def test_a_desk_role_that_does_not_own_the_tables_is_not_warned(desk_role, tmp_path):
    engine = create_engine(desk_role, poolclass=NullPool)
    try:
        with engine.connect() as conn:
            assert role_problem(conn) is None
        report = quick_check(engine)
        assert report.warnings == [] and report.ok, [p.sentence() for p in report.problems]
        # and indeed it cannot switch the guards off
        with pytest.raises(DBAPIError):
            with engine.begin() as conn:
                conn.execute(text("ALTER TABLE sales DISABLE TRIGGER ALL"))
    finally:
        engine.dispose()
