"""Engine factory. Nothing connects at import time."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

BUSY_TIMEOUT_MS = 5000
CONNECT_TIMEOUT_S = 10  # a PostgreSQL server that does not answer: say so, do not hang


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def sqlite_path(url: str) -> Path | None:
    """The database file of a SQLite URL (None for a server or an in-memory database)."""
    from sqlalchemy.engine import make_url

    u = make_url(url)
    if u.get_backend_name() != "sqlite" or u.database in (None, "", ":memory:"):
        return None
    return Path(u.database)


def display_url(url: str) -> str:
    """The URL as it may be printed or logged: never with its password."""
    from sqlalchemy.engine import make_url

    u = make_url(url)
    if u.get_backend_name() == "sqlite":
        return u.database or ":memory:"
    return u.render_as_string(hide_password=True)


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cur = dbapi_connection.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cur.close()


def make_engine(url: str) -> Engine:
    """An engine for ``url``; SQLite connections get their pragmas on connect."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
        event.listen(engine, "connect", _sqlite_pragmas)

        # pysqlite's own transaction handling defers BEGIN; emit it ourselves so
        # SAVEPOINTs and isolation work as documented by SQLAlchemy.
        @event.listens_for(engine, "connect")
        def _no_autobegin(dbapi_connection, _record):
            dbapi_connection.isolation_level = None

        @event.listens_for(engine, "begin")
        def _begin(conn):
            # Write transactions (``sessionmaker.begin()``, see make_sessionmaker) take
            # the write lock at once: a transaction that reads then writes would
            # otherwise fail with "database is locked" when another process wrote in
            # between, instead of waiting its turn.
            immediate = conn.get_execution_options().get("sqlite_immediate")
            conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

        return engine
    connect_args = {"connect_timeout": CONNECT_TIMEOUT_S} if url.startswith("postgresql") else {}
    return create_engine(url, pool_pre_ping=True, connect_args=connect_args)


class SalonSessionMaker(sessionmaker):
    """``sm()`` for reading; ``sm.begin()`` for writing, which on SQLite begins with
    ``BEGIN IMMEDIATE`` (the write lock first, waiting up to the busy timeout)."""

    def __init__(self, engine: Engine, **kw):
        super().__init__(engine, **kw)
        self._writer = engine.execution_options(sqlite_immediate=True)

    def begin(self):
        return self(bind=self._writer)._maker_context_manager()


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    from salon_desktop.db.chains import install_sealing

    maker = SalonSessionMaker(engine, expire_on_commit=False)
    install_sealing(maker)  # what a transaction records is linked to its chain in it
    return maker
