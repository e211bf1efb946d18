"""complaint compensations given through the till

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03

One row per complaint that compensated its client (``complaint_compensations``):
what was given (a refund, a voucher at zero, a next-visit discount, a free
redo), the posting that gave it and what it cost as posted. A next-visit
discount or a redo waits, pending, for the client's next ticket.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

_MONEY = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
_T = "complaint_compensations"


def _fk(column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{target}.id"], name=op.f(f"fk_{_T}_{column}_{target}")
    )


def upgrade() -> None:
    op.create_table(
        _T,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("complaint_id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("percent_bp", sa.Integer(), nullable=False),
        sa.Column("amount", _MONEY, nullable=False),
        sa.Column("sale_line_id", sa.Integer(), nullable=True),
        sa.Column("service_id", sa.Integer(), nullable=True),
        sa.Column("staff_id", sa.Integer(), nullable=True),
        sa.Column("description", sa.String(length=200), nullable=False),
        sa.Column("unit_price", _MONEY, nullable=False),
        sa.Column("valid_until", sa.Date(), nullable=True),
        sa.Column("sale_id", sa.Integer(), nullable=True),
        sa.Column("voucher_id", sa.Integer(), nullable=True),
        sa.Column("cost", _MONEY, nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("given_at", sa.DateTime(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        _fk("client_id", "clients"),
        _fk("complaint_id", "complaints"),
        _fk("created_by_id", "staff"),
        _fk("sale_id", "sales"),
        _fk("sale_line_id", "sale_lines"),
        _fk("service_id", "services"),
        _fk("staff_id", "staff"),
        _fk("voucher_id", "gift_vouchers"),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{_T}")),
        sa.UniqueConstraint("complaint_id", name=op.f(f"uq_{_T}_complaint_id")),
    )
    op.create_index("ix_complaint_compensations_client", _T, ["client_id", "state"])


def downgrade() -> None:
    op.drop_index("ix_complaint_compensations_client", table_name=_T)
    op.drop_table(_T)
