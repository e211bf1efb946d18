"""Dropping a test's PostgreSQL database, tolerant of a backend that lingers.

``DROP DATABASE … WITH (FORCE)`` terminates the database's sessions, but only
those of roles the test role may signal: an autovacuum worker that has just
started on a fresh database makes it refuse ("must be a member of the role
whose process is being terminated"). Such a worker finishes in a moment, so
the drop is retried for a few seconds before the failure is reported.
"""

from __future__ import annotations

import time

from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError


def drop_database(admin: Engine, name: str, attempts: int = 20, pause: float = 0.25) -> None:
    for attempt in range(attempts):
        try:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            return
        except DBAPIError:
            if attempt == attempts - 1:
                raise
            time.sleep(pause)
