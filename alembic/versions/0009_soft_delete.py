"""Soft delete: articles and comments carry ``deleted_at`` until purged.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-25

The newest-first index becomes partial (``WHERE deleted_at IS NULL``): public lists read live
articles only, and the index stays as small as the live set. Partial indexes on
``deleted_at IS NOT NULL`` let the purge find old deletions without scanning live rows.
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_LIVE = sa.text("deleted_at IS NULL")
_DELETED = sa.text("deleted_at IS NOT NULL")


def upgrade() -> None:
    for table in ("articles", "comments"):
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True))
        op.create_index(
            f"ix_{table}_deleted_at",
            table,
            ["deleted_at"],
            postgresql_where=_DELETED,
            sqlite_where=_DELETED,
        )
    op.drop_index("ix_articles_created_at_id", table_name="articles")
    op.create_index(
        "ix_articles_live_created_at_id",
        "articles",
        ["created_at", "id"],
        postgresql_where=_LIVE,
        sqlite_where=_LIVE,
    )


def downgrade() -> None:
    # Deleted rows would reappear as live ones: the downgrade removes them for good first.
    op.drop_index("ix_articles_live_created_at_id", table_name="articles")
    op.create_index("ix_articles_created_at_id", "articles", ["created_at", "id"])
    for table in ("comments", "articles"):
        op.drop_index(f"ix_{table}_deleted_at", table_name=table)
        table_ = sa.table(table, sa.column("deleted_at"))
        op.execute(sa.delete(table_).where(table_.c.deleted_at.is_not(None)))
        with op.batch_alter_table(table) as batch:
            batch.drop_column("deleted_at")
