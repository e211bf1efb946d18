"""cash counts: the drawer counted note by note, kept with its cash session

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-04

Adds ``cash_sessions.opening_count`` and ``closing_count``: the count of the
float and of the close by denomination (``domain/denominations.py``, JSON text
``{"minor units": quantity}``), NULL when the amount was typed without counting.
Existing sessions keep NULL. The session guards (0012) stay as they are: they
refuse any change to a closed session, these columns included. Sessions are not
in a hash chain, so no record's hash changes.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ALTER TABLE ... ADD COLUMN (no batch copy on SQLite: the table's
    # triggers stay in place).
    op.add_column("cash_sessions", sa.Column("opening_count", sa.Text(), nullable=True))
    op.add_column("cash_sessions", sa.Column("closing_count", sa.Text(), nullable=True))


def downgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name == "sqlite":
        # SQLite 3.35+ drops a column in place; the triggers do not name these.
        op.execute("ALTER TABLE cash_sessions DROP COLUMN closing_count")
        op.execute("ALTER TABLE cash_sessions DROP COLUMN opening_count")
    else:
        op.drop_column("cash_sessions", "closing_count")
        op.drop_column("cash_sessions", "opening_count")
