"""staff accounts: roles, PINs, lock-out

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03

Each staff member gets a role (what they may do: receptionist, stylist,
manager, owner), an argon2 hash of their PIN or password (empty: cannot log
in), the wrong PINs in a row and until when the account is locked. Staff added
before roles existed get a role from their job title (a receptionist, a
manager, else a stylist); nobody is an owner until the owner sets a PIN at the
first start after the upgrade, so nobody is locked out.

The audit log gets an index by who and when (for its viewer); it is append-only
since 0010 (the chains' guards).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

# A copy of domain.permissions.role_from_title as it was when this ran (a
# migration does not change when the app's rules do).
_HINTS = (
    ("receptionist", ("recep", "front desk", "پذیرش", "منشی")),
    ("manager", ("manag", "kierown", "مدیر")),
)


def _role(title: str) -> str:
    folded = (title or "").casefold()
    for role, hints in _HINTS:
        if any(h in folded for h in hints):
            return role
    return "stylist"


def upgrade() -> None:
    with op.batch_alter_table("staff", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("access", sa.String(length=20), nullable=False, server_default="stylist")
        )
        batch_op.add_column(
            sa.Column("pin_hash", sa.String(length=200), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("pin_failures", sa.Integer(), nullable=False, server_default="0")
        )
        batch_op.add_column(sa.Column("locked_until", sa.DateTime(), nullable=True))
    bind = op.get_bind()
    staff = sa.table(
        "staff",
        sa.column("id", sa.Integer),
        sa.column("role", sa.String),
        sa.column("access", sa.String),
    )
    for sid, title in bind.execute(sa.select(staff.c.id, staff.c.role)).all():
        bind.execute(staff.update().where(staff.c.id == sid).values(access=_role(title)))
    op.create_index("ix_audit_log_staff_at", "audit_log", ["staff_id", "at"])


def downgrade() -> None:
    op.drop_index("ix_audit_log_staff_at", table_name="audit_log")
    with op.batch_alter_table("staff", schema=None) as batch_op:
        batch_op.drop_column("locked_until")
        batch_op.drop_column("pin_failures")
        batch_op.drop_column("pin_hash")
        batch_op.drop_column("access")
