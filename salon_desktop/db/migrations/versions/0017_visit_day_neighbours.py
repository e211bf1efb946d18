"""each visit day knows the same client file's visit day before and after it

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-04

Adds ``client_visit_days.prev_day`` and ``next_day``: the same client file's
previous and next visit day (day numbers like ``day``; NULL for her first / last),
filled from the days already there (LAG / LEAD over each file's days) and kept by
the triggers on ``client_visit_days`` that already recount ``client_visits``
(migration 0015; on PostgreSQL they run under the per-client advisory lock the
``sale_lines`` trigger takes): a day added gets its neighbours and becomes theirs,
a day taken away (its sales all voided) joins its neighbours. The neighbours are
looked up in the file's days (primary key), not taken from the row, so the order
in which days come and go does not matter.

The report's visit figures then are counts over a range of days (new: no day
before; retained: the day before in the three months before; the rebooking
interval: ``day - prev_day``), so the index on ``day`` now carries both columns
and those counts read it alone.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def _load_0015():
    """Migration 0015's statements (the sale_lines trigger, ``client_visits``'s recount)."""
    path = Path(__file__).resolve().parent / "0015_visit_days_score_months.py"
    spec = importlib.util.spec_from_file_location("salon_migration_0015", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


M15 = _load_0015()

# Each day's neighbours among the same file's days (the backfill, also the bulk builders').
_NEIGHBOURS = (
    "UPDATE client_visit_days SET prev_day = n.p, next_day = n.n FROM ("
    "SELECT client_id, day, lag(day) OVER w AS p, lead(day) OVER w AS n "
    "FROM client_visit_days WINDOW w AS (PARTITION BY client_id ORDER BY day)) AS n "
    "WHERE client_visit_days.client_id = n.client_id AND client_visit_days.day = n.day "
    "AND (n.p IS NOT NULL OR n.n IS NOT NULL)"
)

# The file's last day before / first day after a day ({c}, {d}), by the primary key.
_BEFORE = "(SELECT max(o.day) FROM client_visit_days o WHERE o.client_id = {c} AND o.day < {d})"
_AFTER = "(SELECT min(o.day) FROM client_visit_days o WHERE o.client_id = {c} AND o.day > {d})"


def _sqlite_triggers() -> list[str]:
    new = {"c": "NEW.client_id", "d": "NEW.day"}
    old = {"c": "OLD.client_id", "d": "OLD.day"}
    return [
        "CREATE TRIGGER client_visit_days_added AFTER INSERT ON client_visit_days BEGIN "
        f"{M15._RECOUNT.format(c='NEW.client_id')}; "
        f"UPDATE client_visit_days SET prev_day = {_BEFORE.format(**new)}, "
        f"next_day = {_AFTER.format(**new)} "
        "WHERE client_id = NEW.client_id AND day = NEW.day; "
        "UPDATE client_visit_days SET next_day = NEW.day "
        f"WHERE client_id = NEW.client_id AND day = {_BEFORE.format(**new)}; "
        "UPDATE client_visit_days SET prev_day = NEW.day "
        f"WHERE client_id = NEW.client_id AND day = {_AFTER.format(**new)}; "
        "END",
        "CREATE TRIGGER client_visit_days_taken AFTER DELETE ON client_visit_days BEGIN "
        "DELETE FROM client_visits WHERE client_id = OLD.client_id; "
        f"{M15._RECOUNT.format(c='OLD.client_id')}; "
        f"UPDATE client_visit_days SET next_day = {_AFTER.format(**old)} "
        f"WHERE client_id = OLD.client_id AND day = {_BEFORE.format(**old)}; "
        f"UPDATE client_visit_days SET prev_day = {_BEFORE.format(**old)} "
        f"WHERE client_id = OLD.client_id AND day = {_AFTER.format(**old)}; "
        "END",
    ]


_PG_TRIGGERS = [
    "CREATE FUNCTION salon_client_visits() RETURNS trigger LANGUAGE plpgsql AS $$ "
    "DECLARE c integer; d integer; p integer; n integer; BEGIN "
    "IF TG_OP = 'DELETE' THEN c := OLD.client_id; d := OLD.day; "
    "DELETE FROM client_visits WHERE client_id = c; "
    "ELSE c := NEW.client_id; d := NEW.day; END IF; "
    f"{M15._RECOUNT.format(c='c')}; "
    f"p := {_BEFORE.format(c='c', d='d')}; "
    f"n := {_AFTER.format(c='c', d='d')}; "
    "IF TG_OP = 'INSERT' THEN "
    "UPDATE client_visit_days SET prev_day = p, next_day = n WHERE client_id = c AND day = d; "
    "UPDATE client_visit_days SET next_day = d WHERE client_id = c AND day = p; "
    "UPDATE client_visit_days SET prev_day = d WHERE client_id = c AND day = n; "
    "ELSE "
    "UPDATE client_visit_days SET next_day = n WHERE client_id = c AND day = p; "
    "UPDATE client_visit_days SET prev_day = p WHERE client_id = c AND day = n; "
    "END IF; RETURN NULL; END $$",
    "CREATE TRIGGER client_visit_days_changed AFTER INSERT OR DELETE ON client_visit_days "
    "FOR EACH ROW EXECUTE FUNCTION salon_client_visits()",
]


def _visits_triggers(dialect: str) -> list[str]:
    if dialect == "sqlite":
        return _sqlite_triggers()
    if dialect == "postgresql":
        return list(_PG_TRIGGERS)
    return []


def fill(dialect: str) -> list[str]:
    """The statements that fill ``client_visit_days`` (with each day's neighbours)
    from the sales posted, then ``client_visits`` (with the triggers off: the bulk
    builders' fill)."""
    return [*M15.fill(dialect), _NEIGHBOURS]


def create_trigger(dialect: str) -> list[str]:
    """The statements that create the triggers (for the bulk builders to put them back)."""
    sale_lines = M15.create_trigger(dialect)[:-2] if dialect in ("sqlite", "postgresql") else []
    return [*sale_lines, *_visits_triggers(dialect)]


def drop_trigger(dialect: str) -> list[str]:
    return M15.drop_trigger(dialect)


def _drop_visits_triggers(dialect: str) -> list[str]:
    if dialect == "sqlite":
        return [
            "DROP TRIGGER IF EXISTS client_visit_days_added",
            "DROP TRIGGER IF EXISTS client_visit_days_taken",
        ]
    if dialect == "postgresql":
        return [
            "DROP TRIGGER IF EXISTS client_visit_days_changed ON client_visit_days",
            "DROP FUNCTION IF EXISTS salon_client_visits()",
        ]
    return []


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    op.drop_index("ix_client_visit_days_day", table_name="client_visit_days")
    # Plain ALTER TABLE ... ADD COLUMN (no batch copy on SQLite: the triggers stay).
    op.add_column("client_visit_days", sa.Column("prev_day", sa.Integer(), nullable=True))
    op.add_column("client_visit_days", sa.Column("next_day", sa.Integer(), nullable=True))
    op.execute(_NEIGHBOURS)
    for stmt in _drop_visits_triggers(dialect):
        op.execute(stmt)
    for stmt in _visits_triggers(dialect):
        op.execute(stmt)
    # a range of days read from the index alone: the days, the day before, the day after
    op.create_index(
        "ix_client_visit_days_day", "client_visit_days", ["day", "prev_day", "next_day"]
    )
    if dialect == "postgresql":
        op.execute("ANALYZE client_visit_days")


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    for stmt in _drop_visits_triggers(dialect):
        op.execute(stmt)
    for stmt in M15.create_trigger(dialect)[-2:]:
        op.execute(stmt)
    op.drop_index("ix_client_visit_days_day", table_name="client_visit_days")
    if dialect == "sqlite":
        op.execute("ALTER TABLE client_visit_days DROP COLUMN next_day")
        op.execute("ALTER TABLE client_visit_days DROP COLUMN prev_day")
    else:
        op.drop_column("client_visit_days", "next_day")
        op.drop_column("client_visit_days", "prev_day")
    op.create_index("ix_client_visit_days_day", "client_visit_days", ["day"])
