"""Alembic environment. Run through salon_desktop.db.migrate, never at import."""

from __future__ import annotations

from alembic import context

from salon_desktop.db import models  # noqa: F401 - registers the tables
from salon_desktop.db.base import Base
from salon_desktop.db.migrate import include_object

config = context.config
target_metadata = Base.metadata


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
