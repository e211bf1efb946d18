"""client scores: category, RFM, value and strategy per client, and the runs

Revision ID: 0008
Revises: 0005 (re-chained after 0007 at merge)
Create Date: 2026-12-03

A cache, rewritten whole by each refit (services/segments.py); nothing in it is
a record: dropping it loses nothing that cannot be computed again.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0005"
branch_labels = None
depends_on = None

_MONEY = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


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


def downgrade() -> None:
    op.drop_index(op.f("ix_client_scores_run_id"), table_name="client_scores")
    op.drop_table("client_scores")
    op.drop_table("score_runs")
