"""Create notifications: one row per recipient of an event, unique per (event, recipient).

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-25

(recipient_id, id) serves a recipient's feed in both directions; ids grow in commit order.
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "notifications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.String(length=36), nullable=False),
        sa.Column("recipient_id", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("article_slug", sa.String(length=255), nullable=False),
        sa.Column("article_title", sa.String(length=255), nullable=False),
        sa.Column("comment_body", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["recipient_id"],
            ["users.id"],
            name=op.f("fk_notifications_recipient_id_users"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["users.id"],
            name=op.f("fk_notifications_actor_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notifications")),
        sa.UniqueConstraint(
            "event_id", "recipient_id", name=op.f("uq_notifications_event_id_recipient_id")
        ),
    )
    op.create_index("ix_notifications_recipient_id_id", "notifications", ["recipient_id", "id"])
    op.create_index("ix_notifications_actor_id", "notifications", ["actor_id"])


def downgrade() -> None:
    # Dropping the table drops its indexes (MariaDB refuses to drop first one that a
    # foreign key needs).
    op.drop_table("notifications")
