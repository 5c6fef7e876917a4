"""the partner's promise: due dates, overdue notices and the daily digest

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30 20:10:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("referrals") as batch:
        # The last working day of the partner's promise (Dutch public holidays excluded).
        batch.add_column(sa.Column("due_on", sa.Date(), nullable=True))
        # When the partner was told it is overdue: set once, so it is told once.
        batch.add_column(sa.Column("overdue_at", sa.DateTime(), nullable=True))
        batch.create_index("ix_referrals_due_on", ["due_on"])
    # The daily digest is about a partner's referrals together, not about one.
    with op.batch_alter_table("outbox") as batch:
        batch.alter_column("referral_id", existing_type=sa.String(length=32), nullable=True)


def downgrade() -> None:
    op.execute("DELETE FROM outbox WHERE referral_id IS NULL")
    with op.batch_alter_table("outbox") as batch:
        batch.alter_column("referral_id", existing_type=sa.String(length=32), nullable=False)
    with op.batch_alter_table("referrals") as batch:
        batch.drop_index("ix_referrals_due_on")
        batch.drop_column("overdue_at")
        batch.drop_column("due_on")
