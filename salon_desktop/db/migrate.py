"""Bring a database to the newest schema. Alembic is imported only when needed."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, inspect, text

from salon_desktop.db import HEAD_REVISION

MIGRATIONS = Path(__file__).resolve().parent / "migrations"

# Objects made only by migrations (FTS5 tables, trigram indexes) are left out
# of autogenerate's comparison with the models (migrations/env.py and the
# models-match-migrations test use this same filter).
MIGRATION_ONLY_PREFIXES = ("clients_fts",)
MIGRATION_ONLY_INDEXES = frozenset({"ix_clients_name_key_trgm", "ix_clients_phone_key_trgm"})


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    if type_ == "table" and name and name.startswith(MIGRATION_ONLY_PREFIXES):
        return False
    if type_ == "index" and name in MIGRATION_ONLY_INDEXES:
        return False
    return True


def alembic_config(connection=None):
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def is_known_revision(revision: str) -> bool:
    """Whether ``revision`` is one of this version's migrations (imports Alembic)."""
    from alembic.script import ScriptDirectory
    from alembic.util import CommandError

    try:
        return ScriptDirectory.from_config(alembic_config()).get_revision(revision) is not None
    except CommandError:
        return False


def upgrade(engine: Engine, revision: str = "head") -> bool:
    """Migrate to ``revision``; returns True when anything was applied.

    A database made by a newer version (a revision we do not know) raises
    ``health.NewerDatabase`` and is left as it is.
    """
    current = current_revision(engine)
    if revision == "head" and current == HEAD_REVISION:
        return False
    from alembic import command

    from salon_desktop.db.health import check_revision

    check_revision(current)

    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), revision)
    return True


def downgrade(engine: Engine, revision: str) -> None:
    from alembic import command

    with engine.begin() as conn:
        command.downgrade(alembic_config(conn), revision)
