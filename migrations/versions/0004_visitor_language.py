"""visitor language on offers and referrals, questions per language

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30 20:20:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Rows from before this revision were Dutch conversations: the kiosk spoke nothing else.
    with op.batch_alter_table("referral_offers") as batch:
        batch.add_column(
            sa.Column("language", sa.String(length=8), server_default="nl", nullable=False)
        )
    with op.batch_alter_table("referrals") as batch:
        batch.add_column(
            sa.Column("language", sa.String(length=8), server_default="nl", nullable=False)
        )
    op.create_table(
        "language_stats",
        sa.Column("week", sa.String(length=8), nullable=False),
        sa.Column("branch", sa.String(length=64), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("questions", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("week", "branch", "language"),
    )


def downgrade() -> None:
    op.drop_table("language_stats")
    with op.batch_alter_table("referrals") as batch:
        batch.drop_column("language")
    with op.batch_alter_table("referral_offers") as batch:
        batch.drop_column("language")
