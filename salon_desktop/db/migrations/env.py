"""Alembic environment. Run through salon_desktop.db.migrate, never at import."""

from __future__ import annotations

from alembic import context

from salon_desktop.db import models  # noqa: F401 - registers the tables
from salon_desktop.db.base import Base

config = context.config
target_metadata = Base.metadata

# Objects made only by migrations (FTS5 tables, trigram indexes) are left out
# of autogenerate's comparison with the models.
MIGRATION_ONLY_PREFIXES = ("clients_fts",)
MIGRATION_ONLY_INDEXES = {"ix_clients_name_key_trgm", "ix_clients_phone_key_trgm"}


def include_object(obj, name, type_, reflected, compare_to):
    if type_ == "table" and name and name.startswith(MIGRATION_ONLY_PREFIXES):
        return False
    if type_ == "index" and name in MIGRATION_ONLY_INDEXES:
        return False
    return True


def run_migrations() -> None:
    connection = config.attributes["connection"]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        include_object=include_object,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations()
