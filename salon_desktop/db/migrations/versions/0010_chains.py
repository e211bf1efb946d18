"""hash chains over sales, cash movements and the audit log; more guards

Revision ID: 0010
Revises: 0005
Create Date: 2026-12-03

Adds ``chain_links`` and ``chain_heads`` (``db.chains``), links every existing
sale, cash movement and audit entry in id order, and installs the guards that
0002 and 0005 did not have (``db.guards``): the audit log and the links
append-only, receipt counters and chain heads forward-only, gift vouchers and
counters never deleted.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from salon_desktop.db import chains, guards

    op.create_table(
        "chain_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("chain", sa.String(length=10), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_chain_links")),
    )
    op.create_index("ix_chain_links_chain_seq", "chain_links", ["chain", "seq"], unique=True)
    op.create_index("ix_chain_links_record", "chain_links", ["chain", "record_id"], unique=True)
    op.create_table(
        "chain_heads",
        sa.Column("chain", sa.String(length=10), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("last_hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("chain", name=op.f("pk_chain_heads")),
    )
    conn = op.get_bind()
    chains.seal_all(conn)
    guards.install(conn, guards.missing(conn, sessions=False))


def downgrade() -> None:
    from salon_desktop.db import guards

    conn = op.get_bind()
    new = {g.name for g in guards.expected(conn.dialect.name)} - {
        g.name for g in guards.expected(conn.dialect.name, later=False)
    }
    for g in guards.expected(conn.dialect.name):
        if g.name not in new:
            continue
        if conn.dialect.name == "sqlite":
            op.execute(f"DROP TRIGGER IF EXISTS {g.name}")
        elif g.table is not None:
            op.execute(f"DROP TRIGGER IF EXISTS {g.name} ON {g.table}")
    if conn.dialect.name == "postgresql":
        for g in guards.expected("postgresql"):
            if g.name in new and g.table is None:
                op.execute(f"DROP FUNCTION IF EXISTS {g.name}()")
    op.drop_table("chain_heads")
    op.drop_index("ix_chain_links_record", table_name="chain_links")
    op.drop_index("ix_chain_links_chain_seq", table_name="chain_links")
    op.drop_table("chain_links")
