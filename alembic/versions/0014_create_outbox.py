"""Create the outbox: events written in the same transaction as their change.

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-25

Ids are UUIDv7 strings (time-ordered). (published_at, available_at) serves the relay's
query for unpublished events that are due.
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "outbox",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("available_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox")),
    )
    op.create_index(
        "ix_outbox_published_at_available_at", "outbox", ["published_at", "available_at"]
    )


def downgrade() -> None:
    op.drop_index("ix_outbox_published_at_available_at", table_name="outbox")
    op.drop_table("outbox")
