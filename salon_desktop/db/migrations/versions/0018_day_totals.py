"""day totals: the lines and payments of each business day added up, kept by triggers

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-04

``sale_day_lines`` holds, for each business day, sale kind (sale, void, refund),
line kind (service or product), service and staff member (0: none), how many
lines, their quantity and their total; ``sale_day_payments`` for each day and
payment method the payments and their amount. The day is the business date of
the sale the line or payment belongs to (a void's own day for its lines). The
lines of a void are added a second time as sale kind ``voided``, on the day of the
sale they void: a void takes back every line of its sale whole (a sale partly
refunded cannot be voided), so the sales' rows of a day plus its ``voided`` rows
are what that day's sales that still stand came to (the visits' revenue).
Posted lines and payments are only ever inserted, so a trigger on each adds the
new row to its day: the monthly report reads a few hundred rows a month instead
of every line of it (0.4 s a month at 3,000,000 sales). Filled here from what was
posted.

On PostgreSQL two desks posting at once (a sale at one, a refund at the other: they
take different receipt counters) would otherwise each lock the rows of
the day they add to, in the order of their lines, and could wait on each other
for ever: the trigger first takes one transaction-level advisory lock
(``LOCK_KEY``), so their lines go in one after another. The triggers are named to
fire before the other ``sale_lines`` triggers, so no desk holds a client's lock
while it waits for this one.

``ix_client_scores_counts`` covers the report's count of the stored scores by
category, RFM segment and strategy (read from the index in order, no sort);
``ix_client_scores_win_back`` gives its valuable clients to win back, most
expected value first, without reading every score (0.12 s → 1 ms at 200,000).

Nothing here is a record: dropping it loses nothing that cannot be computed again.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None

_MONEY = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
BOUGHT = "('service', 'product')"
LOCK_KEY = 7318  # PostgreSQL advisory lock: the day totals

_KEY = "business_date, sale_kind, line_kind, service_id, staff_id"
_ADD_LINE = (
    f"INSERT INTO sale_day_lines ({_KEY}, lines, qty, total) "
    "SELECT s.business_date, s.kind, NEW.kind, COALESCE(NEW.service_id, 0), "
    "COALESCE(NEW.staff_id, 0), 1, NEW.qty, NEW.total FROM sales s WHERE s.id = NEW.sale_id "
    f"ON CONFLICT ({_KEY}) DO UPDATE SET lines = sale_day_lines.lines + 1, "
    "qty = sale_day_lines.qty + excluded.qty, total = sale_day_lines.total + excluded.total"
)
# a void's line again, on the day of the sale it voids
_ADD_VOIDED = (
    f"INSERT INTO sale_day_lines ({_KEY}, lines, qty, total) "
    "SELECT o.business_date, 'voided', NEW.kind, COALESCE(NEW.service_id, 0), "
    "COALESCE(NEW.staff_id, 0), 1, NEW.qty, NEW.total FROM sales s "
    "JOIN sales o ON o.id = s.original_sale_id "
    "WHERE s.id = NEW.sale_id AND s.kind = 'void' AND o.kind = 'sale' "
    f"ON CONFLICT ({_KEY}) DO UPDATE SET lines = sale_day_lines.lines + 1, "
    "qty = sale_day_lines.qty + excluded.qty, total = sale_day_lines.total + excluded.total"
)
_ADD_PAYMENT = (
    "INSERT INTO sale_day_payments (business_date, method, payments, amount) "
    "SELECT s.business_date, NEW.method, 1, NEW.amount FROM sales s WHERE s.id = NEW.sale_id "
    "ON CONFLICT (business_date, method) DO UPDATE SET "
    "payments = sale_day_payments.payments + 1, "
    "amount = sale_day_payments.amount + excluded.amount"
)
_FILL = [
    f"INSERT INTO sale_day_lines ({_KEY}, lines, qty, total) "
    "SELECT s.business_date, s.kind, l.kind, COALESCE(l.service_id, 0), "
    "COALESCE(l.staff_id, 0), count(*), SUM(l.qty), SUM(l.total) "
    f"FROM sale_lines l JOIN sales s ON s.id = l.sale_id WHERE l.kind IN {BOUGHT} "
    "GROUP BY s.business_date, s.kind, l.kind, COALESCE(l.service_id, 0), "
    "COALESCE(l.staff_id, 0)",
    f"INSERT INTO sale_day_lines ({_KEY}, lines, qty, total) "
    "SELECT o.business_date, 'voided', l.kind, COALESCE(l.service_id, 0), "
    "COALESCE(l.staff_id, 0), count(*), SUM(l.qty), SUM(l.total) "
    "FROM sale_lines l JOIN sales s ON s.id = l.sale_id JOIN sales o ON o.id = s.original_sale_id "
    f"WHERE s.kind = 'void' AND o.kind = 'sale' AND l.kind IN {BOUGHT} "
    "GROUP BY o.business_date, l.kind, COALESCE(l.service_id, 0), COALESCE(l.staff_id, 0)",
    "INSERT INTO sale_day_payments (business_date, method, payments, amount) "
    "SELECT s.business_date, p.method, count(*), SUM(p.amount) "
    "FROM sale_payments p JOIN sales s ON s.id = p.sale_id GROUP BY s.business_date, p.method",
]
_SQLITE = [
    "CREATE TRIGGER sale_lines_by_day AFTER INSERT ON sale_lines "
    f"WHEN NEW.kind IN {BOUGHT} BEGIN {_ADD_LINE}; {_ADD_VOIDED}; END",
    f"CREATE TRIGGER sale_payments_by_day AFTER INSERT ON sale_payments BEGIN {_ADD_PAYMENT}; END",
]
_PG = [
    "CREATE FUNCTION salon_day_lines() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    f"PERFORM pg_advisory_xact_lock({LOCK_KEY}); {_ADD_LINE}; {_ADD_VOIDED}; "
    "RETURN NULL; END $$",
    "CREATE TRIGGER sale_lines_by_day AFTER INSERT ON sale_lines FOR EACH ROW "
    f"WHEN (NEW.kind IN {BOUGHT}) EXECUTE FUNCTION salon_day_lines()",
    "CREATE FUNCTION salon_day_payments() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    f"PERFORM pg_advisory_xact_lock({LOCK_KEY}); {_ADD_PAYMENT}; RETURN NULL; END $$",
    "CREATE TRIGGER sale_payments_by_day AFTER INSERT ON sale_payments FOR EACH ROW "
    "EXECUTE FUNCTION salon_day_payments()",
]


def fill(dialect: str) -> list[str]:
    """The statements that fill both tables from what was posted (the bulk builders'
    fill, with the triggers off)."""
    return list(_FILL)


def create_trigger(dialect: str) -> list[str]:
    if dialect == "sqlite":
        return list(_SQLITE)
    if dialect == "postgresql":
        return list(_PG)
    return []


def drop_trigger(dialect: str) -> list[str]:
    if dialect == "sqlite":
        return [
            "DROP TRIGGER IF EXISTS sale_lines_by_day",
            "DROP TRIGGER IF EXISTS sale_payments_by_day",
        ]
    if dialect == "postgresql":
        return [
            "DROP TRIGGER IF EXISTS sale_lines_by_day ON sale_lines",
            "DROP FUNCTION IF EXISTS salon_day_lines()",
            "DROP TRIGGER IF EXISTS sale_payments_by_day ON sale_payments",
            "DROP FUNCTION IF EXISTS salon_day_payments()",
        ]
    return []


def upgrade() -> None:
    op.create_table(
        "sale_day_lines",
        sa.Column("business_date", sa.Date(), nullable=False),
        sa.Column("sale_kind", sa.String(length=10), nullable=False),
        sa.Column("line_kind", sa.String(length=10), nullable=False),
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("lines", sa.Integer(), nullable=False),
        sa.Column("qty", _MONEY, nullable=False),
        sa.Column("total", _MONEY, nullable=False),
        sa.PrimaryKeyConstraint(
            "business_date",
            "sale_kind",
            "line_kind",
            "service_id",
            "staff_id",
            name=op.f("pk_sale_day_lines"),
        ),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "sale_day_payments",
        sa.Column("business_date", sa.Date(), nullable=False),
        sa.Column("method", sa.String(length=10), nullable=False),
        sa.Column("payments", sa.Integer(), nullable=False),
        sa.Column("amount", _MONEY, nullable=False),
        sa.PrimaryKeyConstraint("business_date", "method", name=op.f("pk_sale_day_payments")),
        sqlite_with_rowid=False,
    )
    dialect = op.get_bind().dialect.name
    for stmt in fill(dialect):
        op.execute(stmt)
    for stmt in create_trigger(dialect):
        op.execute(stmt)
    op.create_index(
        "ix_client_scores_counts",
        "client_scores",
        ["category", "rfm_segment", "strategy", "client_id"],
    )
    op.create_index(
        "ix_client_scores_win_back",
        "client_scores",
        ["strategy", "valuable", "future_value"],
    )


def downgrade() -> None:
    op.drop_index("ix_client_scores_win_back", table_name="client_scores")
    op.drop_index("ix_client_scores_counts", table_name="client_scores")
    for stmt in drop_trigger(op.get_bind().dialect.name):
        op.execute(stmt)
    op.drop_table("sale_day_payments")
    op.drop_table("sale_day_lines")
