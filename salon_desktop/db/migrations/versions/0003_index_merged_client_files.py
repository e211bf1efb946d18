"""index merged client files

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23

A client's history includes the files merged into it: found through
``clients.merged_into_id``, which had no index (a full scan of the clients,
about 30 ms at 200,000 clients, every time a client file was opened).
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(op.f("ix_clients_merged_into_id"), "clients", ["merged_into_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_clients_merged_into_id"), table_name="clients")
