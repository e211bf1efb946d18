"""Test databases already at the newest revision, copied instead of migrated.

Running every migration takes 0.2 s a test on SQLite and 0.6-0.7 s on PostgreSQL;
the suite opens about two thousand contexts. Each test process migrates one
template of each kind, once, the way the app does (``db.migrate.upgrade``); a test's
context then starts from a copy of it: the SQLite file copied (7 ms), the
PostgreSQL schema re-created from ``pg_dump`` of the template (its tables, indexes,
triggers, functions and rows, the schema's name replaced). ``open_context`` finds
the copy at the newest revision and migrates nothing. The migration tests do not
use these: they migrate empty databases themselves.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import uuid
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

_made: dict[str, object] = {}


def premigrate(url: str) -> None:
    """Put an empty database at the newest revision where ``url`` points, if that is
    an SQLite file not there yet, or an empty PostgreSQL test schema."""
    if url.startswith("sqlite:///"):
        _sqlite(Path(url.removeprefix("sqlite:///")))
    elif url.startswith("postgresql") and os.environ.get("SALON_TEST_MIGRATE") != "1":
        schema = _schema_of(url)
        if schema:
            _postgresql(url, schema)


def _sqlite(target: Path) -> None:
    if os.environ.get("SALON_TEST_MIGRATE") == "1" or target.exists():
        return
    template = _made.get("sqlite")
    if template is None:
        from salon_desktop.db.engine import make_engine
        from salon_desktop.db.migrate import upgrade

        template = Path(tempfile.mkdtemp(prefix="salon-template-")) / "salon.sqlite3"
        engine = make_engine(f"sqlite:///{template}")
        upgrade(engine)
        with engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        engine.dispose()
        _made["sqlite"] = template
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(str(template), target)


def _schema_of(url: str) -> str | None:
    options = parse_qs(urlsplit(url).query).get("options", [""])[0]
    for part in options.split():
        if part.startswith("-csearch_path="):
            return part.removeprefix("-csearch_path=").split(",")[0]
    return None


def _libpq(url: str) -> str:
    """The URL without SQLAlchemy's driver name and without the query (for pg_dump)."""
    parts = urlsplit(url)
    return f"postgresql://{parts.netloc}{parts.path}"


def _postgresql(url: str, schema: str) -> None:
    from sqlalchemy import create_engine, text
    from sqlalchemy.pool import NullPool

    script = _made.get("postgresql")
    if script is None:
        script = _postgresql_template(url, schema)
        _made["postgresql"] = script
    admin = create_engine(url, poolclass=NullPool, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            # the new schema must be empty: a test that made something first migrates
            found = conn.execute(
                text("SELECT count(*) FROM pg_tables WHERE schemaname = :s"), {"s": schema}
            ).scalar_one()
            if found:
                return
            raw = conn.connection.driver_connection
            assert raw is not None
            raw.execute(str(script).replace(_TEMPLATE_NAME, schema))
    finally:
        admin.dispose()


_TEMPLATE_NAME = "salon_template_schema_name"


def _postgresql_template(url: str, schema: str) -> str:
    """The SQL that makes a migrated schema, its name written as ``_TEMPLATE_NAME``."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.pool import NullPool

    from salon_desktop.db.engine import make_engine
    from salon_desktop.db.migrate import upgrade

    name = f"salon_tmpl_{uuid.uuid4().hex[:16]}"
    admin = create_engine(url, poolclass=NullPool, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE SCHEMA "{name}"'))
        from sqlalchemy.engine import make_url

        options = f"-csearch_path={name},public -csynchronous_commit=off"
        template_url = make_url(url).update_query_dict({"options": options})
        engine = make_engine(template_url.render_as_string(hide_password=False))
        try:
            upgrade(engine)
        finally:
            engine.dispose()
        dumped = subprocess.run(
            [
                shutil.which("pg_dump") or "pg_dump",
                "--schema",
                name,
                "--inserts",
                "--no-owner",
                "--no-privileges",
                "--dbname",
                _libpq(url),
            ],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{name}" CASCADE'))
        admin.dispose()
    lines = []
    for line in dumped.splitlines():
        # psql's own commands (\restrict …), and the schema itself (the test made it)
        if line.startswith("\\") or line.startswith(f"CREATE SCHEMA {name}"):
            continue
        lines.append(line)
    return "\n".join(lines).replace(name, _TEMPLATE_NAME)
