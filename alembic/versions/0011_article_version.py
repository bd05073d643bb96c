"""Optimistic locking: articles carry a version, checked and moved by every write.

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-25

Existing articles start at version 1. A CHECK keeps it positive.
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_PUBLIC = sa.text("deleted_at IS NULL AND status = 'published'")
_DELETED = sa.text("deleted_at IS NOT NULL")


def _drop_partial_indexes() -> None:
    # SQLite's batch mode rebuilds the table and would recreate these without their WHERE.
    op.drop_index("ix_articles_public_created_at_id", table_name="articles")
    op.drop_index("ix_articles_deleted_at", table_name="articles")


def _create_partial_indexes() -> None:
    op.create_index(
        "ix_articles_public_created_at_id",
        "articles",
        ["created_at", "id"],
        postgresql_where=_PUBLIC,
        sqlite_where=_PUBLIC,
    )
    op.create_index(
        "ix_articles_deleted_at",
        "articles",
        ["deleted_at"],
        postgresql_where=_DELETED,
        sqlite_where=_DELETED,
    )


def upgrade() -> None:
    _drop_partial_indexes()
    with op.batch_alter_table("articles") as batch:
        batch.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="1"))
        batch.create_check_constraint(op.f("ck_articles_version"), "version > 0")
    _create_partial_indexes()


def downgrade() -> None:
    _drop_partial_indexes()
    with op.batch_alter_table("articles") as batch:
        batch.drop_constraint(op.f("ck_articles_version"), type_="check")
        batch.drop_column("version")
    _create_partial_indexes()
