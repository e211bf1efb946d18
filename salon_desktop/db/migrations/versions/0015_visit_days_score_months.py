"""client visit days (kept by a trigger) and the monthly snapshots of the scores

Revision ID: 0015
Revises: 0011
Create Date: 2026-12-04

``client_visit_days`` holds one row per client file and day on which she had a
visit: a sale (kind ``sale``) with a service or product line that was not voided;
``day`` is its business date as days since 1970-01-01 (an integer: SQLite compares
and aggregates those twice as fast as its text dates), ``sales`` how many such
sales that day. It is kept by a trigger on
``sale_lines`` (posted rows are only ever inserted): each service or product line
of a sale or a void recounts the day of the sale it belongs to (the voided sale's
day for a void) from the sales themselves, so the order in which sales, voids and
their lines are written does not matter; a day whose sales were all voided loses
its row. Refunds do not take a visit away. Scoring reads these ~3 M narrow rows
instead of counting distinct days over every sale; filled here from the sales
already posted. ``client_visits`` keeps each file's number of visit days and her
first and last one, recounted by triggers on ``client_visit_days`` when a day is
added or taken away: scoring reads its 200,000 rows and, for the visits of the
last 12 months, the days of that window through the index on ``day``.

``score_months`` / ``client_score_months``: each client's category, RFM segment,
probability alive and expected value as the last score run of each month of the
salon's calendar left them (copied from ``client_scores`` by the first run of the
next month), for the month-on-month movements and the win-back list.

Nothing here is a record: dropping it loses nothing that cannot be computed again
(the snapshots of past months excepted, which are history of the scores only).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0011"
branch_labels = None
depends_on = None

_MONEY = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
BOUGHT = "('service', 'product')"
LOCK_SPACE = 7315  # PostgreSQL advisory lock key space: one client's visit days

# The visits of one client file on one day: her sales of that day that were not
# voided and have a service or product line.
_COUNT = (
    "SELECT count(*) FROM sales x WHERE x.client_id = {c} AND x.business_date = {d} "
    "AND x.kind = 'sale' "
    "AND NOT EXISTS (SELECT 1 FROM sales v WHERE v.original_sale_id = x.id AND v.kind = 'void') "
    f"AND EXISTS (SELECT 1 FROM sale_lines b WHERE b.sale_id = x.id AND b.kind IN {BOUGHT})"
)
# The sale a line's visit belongs to: its own sale, or the sale a void voids.
_DAY_OF = (
    "FROM sales s JOIN sales o ON o.id = CASE WHEN s.kind = 'void' "
    "THEN s.original_sale_id ELSE s.id END "
    "WHERE s.id = NEW.sale_id AND s.kind <> 'refund' AND o.client_id IS NOT NULL"
)
# A date as days since 1970-01-01.
SQLITE_DAY = "CAST(julianday({}) - 2440587.5 AS INTEGER)"
PG_DAY = "({} - DATE '1970-01-01')"
_SQLITE_TRIGGER = (
    "CREATE TRIGGER sale_lines_client_visit_days AFTER INSERT ON sale_lines "
    f"WHEN NEW.kind IN {BOUGHT} BEGIN "
    "INSERT INTO client_visit_days (client_id, day, sales) "
    f"SELECT o.client_id, {SQLITE_DAY.format('o.business_date')}, "
    f"({_COUNT.format(c='o.client_id', d='o.business_date')}) "
    f"{_DAY_OF} "
    "ON CONFLICT (client_id, day) DO UPDATE SET sales = excluded.sales; "
    "DELETE FROM client_visit_days WHERE sales = 0 "
    f"AND client_id = (SELECT o.client_id {_DAY_OF}) "
    f"AND day = (SELECT {SQLITE_DAY.format('o.business_date')} {_DAY_OF}); "
    "END"
)
# On PostgreSQL two desks may post for the same client at once (a sale at one, a void
# at the other, which take different receipt counters): the day is recounted under a
# transaction-level lock on the client, so each count sees the other's committed rows.
_PG_FUNCTION = (
    "CREATE FUNCTION salon_client_visit_days() RETURNS trigger LANGUAGE plpgsql AS $$ "
    "DECLARE c integer; d date; n integer; "
    f"BEGIN SELECT o.client_id, o.business_date INTO c, d {_DAY_OF}; "
    "IF c IS NULL THEN RETURN NULL; END IF; "
    f"PERFORM pg_advisory_xact_lock({LOCK_SPACE}, c); "
    f"{_COUNT.format(c='c', d='d').replace('SELECT count(*)', 'SELECT count(*) INTO n', 1)}; "
    f"IF n = 0 THEN DELETE FROM client_visit_days WHERE client_id = c AND day = {PG_DAY.format('d')}; "
    f"ELSE INSERT INTO client_visit_days (client_id, day, sales) VALUES (c, {PG_DAY.format('d')}, n) "
    "ON CONFLICT (client_id, day) DO UPDATE SET sales = excluded.sales; END IF; "
    "RETURN NULL; END $$"
)
_PG_TRIGGER = (
    "CREATE TRIGGER sale_lines_client_visit_days AFTER INSERT ON sale_lines FOR EACH ROW "
    f"WHEN (NEW.kind IN {BOUGHT}) EXECUTE FUNCTION salon_client_visit_days()"
)
# Every visit day of the sales already posted (also the bulk builders' fill).
_FILL = (
    "INSERT INTO client_visit_days (client_id, day, sales) "
    "SELECT s.client_id, {day}, count(*) FROM sales s "
    "WHERE s.client_id IS NOT NULL AND s.kind = 'sale' "
    "AND NOT EXISTS (SELECT 1 FROM sales v WHERE v.original_sale_id = s.id AND v.kind = 'void') "
    f"AND EXISTS (SELECT 1 FROM sale_lines b WHERE b.sale_id = s.id AND b.kind IN {BOUGHT}) "
    "GROUP BY s.client_id, s.business_date"
)


# ``client_visits``: each file's visits, first and last visit day, recounted from her
# visit days (by their primary key) whenever one is added or taken away.
_RECOUNT = (
    "INSERT INTO client_visits (client_id, visits, first_day, last_day) "
    "SELECT client_id, count(*), min(day), max(day) FROM client_visit_days "
    "WHERE client_id = {c} GROUP BY client_id "
    "ON CONFLICT (client_id) DO UPDATE SET visits = excluded.visits, "
    "first_day = excluded.first_day, last_day = excluded.last_day"
)
_SQLITE_VISITS_TRIGGERS = [
    "CREATE TRIGGER client_visit_days_added AFTER INSERT ON client_visit_days BEGIN "
    f"{_RECOUNT.format(c='NEW.client_id')}; END",
    "CREATE TRIGGER client_visit_days_taken AFTER DELETE ON client_visit_days BEGIN "
    "DELETE FROM client_visits WHERE client_id = OLD.client_id; "
    f"{_RECOUNT.format(c='OLD.client_id')}; END",
]
_PG_VISITS_TRIGGERS = [
    "CREATE FUNCTION salon_client_visits() RETURNS trigger LANGUAGE plpgsql AS $$ "
    "DECLARE c integer; BEGIN "
    "IF TG_OP = 'DELETE' THEN c := OLD.client_id; "
    "DELETE FROM client_visits WHERE client_id = c; ELSE c := NEW.client_id; END IF; "
    f"{_RECOUNT.format(c='c')}; RETURN NULL; END $$",
    "CREATE TRIGGER client_visit_days_changed AFTER INSERT OR DELETE ON client_visit_days "
    "FOR EACH ROW EXECUTE FUNCTION salon_client_visits()",
]
_FILL_VISITS = (
    "INSERT INTO client_visits (client_id, visits, first_day, last_day) "
    "SELECT client_id, count(*), min(day), max(day) FROM client_visit_days GROUP BY client_id"
)


def fill(dialect: str) -> list[str]:
    """The statements that fill ``client_visit_days`` from the sales posted, then
    ``client_visits`` from those (with the triggers off: the bulk builders' fill)."""
    day = (PG_DAY if dialect == "postgresql" else SQLITE_DAY).format("s.business_date")
    return [_FILL.format(day=day), _FILL_VISITS]


def create_trigger(dialect: str) -> list[str]:
    """The statements that create the triggers (for the bulk builders to put them back)."""
    if dialect == "sqlite":
        return [_SQLITE_TRIGGER, *_SQLITE_VISITS_TRIGGERS]
    if dialect == "postgresql":
        return [_PG_FUNCTION, _PG_TRIGGER, *_PG_VISITS_TRIGGERS]
    return []


def drop_trigger(dialect: str) -> list[str]:
    if dialect == "sqlite":
        return [
            "DROP TRIGGER IF EXISTS sale_lines_client_visit_days",
            "DROP TRIGGER IF EXISTS client_visit_days_added",
            "DROP TRIGGER IF EXISTS client_visit_days_taken",
        ]
    if dialect == "postgresql":
        return [
            "DROP TRIGGER IF EXISTS sale_lines_client_visit_days ON sale_lines",
            "DROP FUNCTION IF EXISTS salon_client_visit_days()",
            "DROP TRIGGER IF EXISTS client_visit_days_changed ON client_visit_days",
            "DROP FUNCTION IF EXISTS salon_client_visits()",
        ]
    return []


def upgrade() -> None:
    op.create_table(
        "client_visit_days",
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Integer(), nullable=False),
        sa.Column("sales", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["clients.id"],
            name=op.f("fk_client_visit_days_client_id_clients"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("client_id", "day", name=op.f("pk_client_visit_days")),
        sqlite_with_rowid=False,
    )
    # the visits in a window of days (the last 12 months), read by the day
    op.create_index("ix_client_visit_days_day", "client_visit_days", ["day"])
    op.create_table(
        "client_visits",
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("visits", sa.Integer(), nullable=False),
        sa.Column("first_day", sa.Integer(), nullable=False),
        sa.Column("last_day", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["clients.id"],
            name=op.f("fk_client_visits_client_id_clients"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("client_id", name=op.f("pk_client_visits")),
    )
    dialect = op.get_bind().dialect.name
    for stmt in fill(dialect):
        op.execute(stmt)
    for stmt in create_trigger(dialect):
        op.execute(stmt)
    op.create_table(
        "score_months",
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("clients", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("month", name=op.f("pk_score_months")),
    )
    op.create_table(
        "client_score_months",
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("category", sa.String(length=20), nullable=False),
        sa.Column("rfm_segment", sa.String(length=20), nullable=True),
        sa.Column("p_alive", sa.Float(), nullable=True),
        sa.Column("future_value", _MONEY, nullable=False),
        sa.ForeignKeyConstraint(
            ["month"],
            ["score_months.month"],
            name=op.f("fk_client_score_months_month_score_months"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["clients.id"],
            name=op.f("fk_client_score_months_client_id_clients"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("month", "client_id", name=op.f("pk_client_score_months")),
    )


def downgrade() -> None:
    op.drop_table("client_score_months")
    op.drop_table("score_months")
    for stmt in drop_trigger(op.get_bind().dialect.name):
        op.execute(stmt)
    op.drop_table("client_visits")
    op.drop_index("ix_client_visit_days_day", table_name="client_visit_days")
    op.drop_table("client_visit_days")
