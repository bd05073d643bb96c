"""Create the articles table (one-to-many from users).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25

(created_at, id) serves the newest-first listing; (author_id, created_at) serves the
author filter and the feed, and indexes the foreign key.
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "articles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=255), nullable=False),
        sa.Column("title", sa.String(length=255), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["users.id"],
            name=op.f("fk_articles_author_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_articles")),
        sa.UniqueConstraint("slug", name=op.f("uq_articles_slug")),
    )
    op.create_index("ix_articles_created_at_id", "articles", ["created_at", "id"])
    op.create_index("ix_articles_author_id_created_at", "articles", ["author_id", "created_at"])


def downgrade() -> None:
    # Dropping the table drops its indexes (MariaDB refuses to drop first one that a
    # foreign key needs).
    op.drop_table("articles")
