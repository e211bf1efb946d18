"""client scores: category, RFM, value and strategy per client, the runs, client money

Revision ID: 0008
Revises: 0006
Create Date: 2026-12-03

``client_scores`` and ``score_runs`` are a cache, rewritten whole by each refit
(services/segments.py). ``client_money`` holds each client file's revenue and
margin, kept by a trigger on ``sale_lines`` (posted lines are only ever inserted,
corrections with negative amounts), so that scoring 200,000 clients reads 200,000
rows instead of joining millions of lines; filled from the lines already posted.
Nothing here is a record: dropping it loses nothing that cannot be computed again.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0006"
branch_labels = None
depends_on = None

_MONEY = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
BOUGHT = "('service', 'product')"
NOT_BOUGHT = "kind IN ('voucher', 'account')"
_ADD = (
    "INSERT INTO client_money (client_id, revenue, margin) "
    "SELECT s.client_id, NEW.total, NEW.net - NEW.cost - NEW.commission FROM sales s "
    "WHERE s.id = NEW.sale_id AND s.client_id IS NOT NULL "
    "ON CONFLICT (client_id) DO UPDATE SET revenue = client_money.revenue + excluded.revenue, "
    "margin = client_money.margin + excluded.margin"
)
_FILL = (
    "INSERT INTO client_money (client_id, revenue, margin) "
    "SELECT s.client_id, SUM(l.total), SUM(l.net - l.cost - l.commission) "
    "FROM sale_lines l JOIN sales s ON s.id = l.sale_id "
    f"WHERE s.client_id IS NOT NULL AND l.kind IN {BOUGHT} GROUP BY s.client_id"
)


def upgrade() -> None:
    op.create_table(
        "score_runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("computed_at", sa.DateTime(), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("model", sa.String(length=10), nullable=False),
        sa.Column("clients", sa.Integer(), nullable=False),
        sa.Column("r", sa.Float(), nullable=True),
        sa.Column("alpha", sa.Float(), nullable=True),
        sa.Column("a", sa.Float(), nullable=True),
        sa.Column("b", sa.Float(), nullable=True),
        sa.Column("p", sa.Float(), nullable=True),
        sa.Column("q", sa.Float(), nullable=True),
        sa.Column("gamma", sa.Float(), nullable=True),
        sa.Column("seconds", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_score_runs")),
    )
    op.create_table(
        "client_scores",
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("category", sa.String(length=20), nullable=False),
        sa.Column("visits", sa.Integer(), nullable=False),
        sa.Column("visits_year", sa.Integer(), nullable=False),
        sa.Column("first_visit", sa.Date(), nullable=True),
        sa.Column("last_visit", sa.Date(), nullable=True),
        sa.Column("revenue", _MONEY, nullable=False),
        sa.Column("margin", _MONEY, nullable=False),
        sa.Column("r", sa.SmallInteger(), nullable=False),
        sa.Column("f", sa.SmallInteger(), nullable=False),
        sa.Column("m", sa.SmallInteger(), nullable=False),
        sa.Column("rfm_segment", sa.String(length=20), nullable=True),
        sa.Column("value_model", sa.String(length=10), nullable=False),
        sa.Column("future_value", _MONEY, nullable=False),
        sa.Column("p_alive", sa.Float(), nullable=True),
        sa.Column("expected_visits", sa.Float(), nullable=True),
        sa.Column("valuable", sa.Boolean(), nullable=False),
        sa.Column("satisfaction", sa.String(length=20), nullable=True),
        sa.Column("strategy", sa.String(length=20), nullable=False),
        sa.Column("strategy_rule", sa.SmallInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["clients.id"],
            name=op.f("fk_client_scores_client_id_clients"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["score_runs.id"],
            name=op.f("fk_client_scores_run_id_score_runs"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("client_id", name=op.f("pk_client_scores")),
    )
    op.create_index(op.f("ix_client_scores_run_id"), "client_scores", ["run_id"])
    op.create_index(
        "ix_sale_lines_not_bought",
        "sale_lines",
        ["sale_id"],
        sqlite_where=sa.text(NOT_BOUGHT),
        postgresql_where=sa.text(NOT_BOUGHT),
    )
    op.create_table(
        "client_money",
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("revenue", _MONEY, nullable=False),
        sa.Column("margin", _MONEY, nullable=False),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["clients.id"],
            name=op.f("fk_client_money_client_id_clients"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("client_id", name=op.f("pk_client_money")),
    )
    op.execute(_FILL)
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        op.execute(
            "CREATE TRIGGER sale_lines_client_money AFTER INSERT ON sale_lines "
            f"WHEN NEW.kind IN {BOUGHT} BEGIN {_ADD}; END"
        )
    elif dialect == "postgresql":
        op.execute(
            "CREATE FUNCTION salon_client_money() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN {_ADD}; RETURN NULL; END $$"
        )
        op.execute(
            "CREATE TRIGGER sale_lines_client_money AFTER INSERT ON sale_lines FOR EACH ROW "
            f"WHEN (NEW.kind IN {BOUGHT}) EXECUTE FUNCTION salon_client_money()"
        )


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS sale_lines_client_money")
    elif dialect == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS sale_lines_client_money ON sale_lines")
        op.execute("DROP FUNCTION IF EXISTS salon_client_money()")
    op.drop_table("client_money")
    op.drop_index("ix_sale_lines_not_bought", table_name="sale_lines")
    op.drop_index(op.f("ix_client_scores_run_id"), table_name="client_scores")
    op.drop_table("client_scores")
    op.drop_table("score_runs")
