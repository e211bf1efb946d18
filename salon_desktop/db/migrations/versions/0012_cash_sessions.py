"""cash sessions: closing the till ends a session, not the day

Revision ID: 0012
Revises: 0009
Create Date: 2026-12-03

Adds ``cash_sessions``: a stretch of the till from an opening float to a count,
numbered within its business day (two shifts, or a close and a reopen). Each
existing cash day becomes its day's session 1 with the same float, opening,
count and note; a closed day's session holds its sales and cash movements (the
highest ids of that day), an open day's session stays open. The cash days
themselves are kept as they were (a closed one still refuses postings).

Guards (``db.guards.session_guards``): a closed session cannot change, no
session is ever deleted (nor, on SQLite, replaced; on PostgreSQL, truncated).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0009"
branch_labels = None
depends_on = None

_MONEY = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    from salon_desktop.db import guards

    op.create_table(
        "cash_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("business_date", sa.Date(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("opening_float", _MONEY, nullable=False),
        sa.Column("opened_at", sa.DateTime(), nullable=False),
        sa.Column("opened_by_id", sa.Integer(), nullable=True),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.Column("closed_by_id", sa.Integer(), nullable=True),
        sa.Column("expected_cash", _MONEY, nullable=True),
        sa.Column("counted_cash", _MONEY, nullable=True),
        sa.Column("last_sale_id", sa.Integer(), nullable=True),
        sa.Column("last_movement_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["closed_by_id"], ["staff.id"], name=op.f("fk_cash_sessions_closed_by_id_staff")
        ),
        sa.ForeignKeyConstraint(
            ["opened_by_id"], ["staff.id"], name=op.f("fk_cash_sessions_opened_by_id_staff")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cash_sessions")),
        sa.UniqueConstraint("business_date", "number", name="cash_session_number"),
    )
    op.create_index(
        op.f("ix_cash_sessions_business_date"), "cash_sessions", ["business_date"], unique=False
    )
    conn = op.get_bind()
    days = sa.table(
        "cash_days",
        *(
            sa.column(c)
            for c in (
                "business_date",
                "opening_float",
                "opened_at",
                "opened_by_id",
                "closed_at",
                "closed_by_id",
                "expected_cash",
                "counted_cash",
                "note",
            )
        ),
    )
    sales = sa.table("sales", sa.column("id"), sa.column("business_date"))
    moves = sa.table("cash_movements", sa.column("id"), sa.column("business_date"))
    sessions = sa.table(
        "cash_sessions",
        *(
            sa.column(c)
            for c in (
                "business_date",
                "number",
                "opening_float",
                "opened_at",
                "opened_by_id",
                "closed_at",
                "closed_by_id",
                "expected_cash",
                "counted_cash",
                "last_sale_id",
                "last_movement_id",
                "note",
            )
        ),
    )
    last_sale = (
        sa.select(sa.func.max(sales.c.id))
        .where(sales.c.business_date == days.c.business_date)
        .scalar_subquery()
    )
    last_move = (
        sa.select(sa.func.max(moves.c.id))
        .where(moves.c.business_date == days.c.business_date)
        .scalar_subquery()
    )
    closed = days.c.closed_at.is_not(None)
    conn.execute(
        sessions.insert().from_select(
            [c.name for c in sessions.c],
            sa.select(
                days.c.business_date,
                sa.literal(1),
                days.c.opening_float,
                days.c.opened_at,
                days.c.opened_by_id,
                days.c.closed_at,
                days.c.closed_by_id,
                days.c.expected_cash,
                days.c.counted_cash,
                sa.case((closed, sa.func.coalesce(last_sale, 0)), else_=sa.null()),
                sa.case((closed, sa.func.coalesce(last_move, 0)), else_=sa.null()),
                days.c.note,
            ),
        )
    )
    guards.install(conn, guards.session_guards(conn.dialect.name))


def downgrade() -> None:
    from salon_desktop.db import guards

    conn = op.get_bind()
    for g in guards.session_guards(conn.dialect.name):
        if conn.dialect.name == "sqlite":
            op.execute(f"DROP TRIGGER IF EXISTS {g.name}")
        elif g.table is not None:
            op.execute(f"DROP TRIGGER IF EXISTS {g.name} ON {g.table}")
    if conn.dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS salon_refuse_session_change()")
    op.drop_index(op.f("ix_cash_sessions_business_date"), table_name="cash_sessions")
    op.drop_table("cash_sessions")
