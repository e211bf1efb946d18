"""letter templates: the salon's own wording of each letter, per language

Revision ID: 0011
Revises: 0013
Create Date: 2026-12-03

One row per kind of letter (birthday, invitation back, apology, referral thanks,
debt reminder) and language, written when the salon edits a letter; a kind and
language without a row prints the default text (``domain/letters.py``).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "letter_templates",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("language", sa.String(length=5), nullable=False),
        sa.Column("subject", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column(
            "updated_by_id",
            sa.Integer(),
            sa.ForeignKey("staff.id", ondelete="SET NULL", name="fk_letter_templates_staff"),
            nullable=True,
        ),
        sa.UniqueConstraint("kind", "language", name="uq_letter_templates_kind_lang"),
    )


def downgrade() -> None:
    op.drop_table("letter_templates")
