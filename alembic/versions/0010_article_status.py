"""Drafts: articles are ``draft`` or ``published`` (CHECK), publishing sets ``published_at``.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-25

Data: every existing article was public, so it becomes ``published`` with
``published_at = created_at``. The newest-first partial index narrows to what public lists
read (``deleted_at IS NULL AND status = 'published'``). On the way down, drafts are moved to
their author's bin (``deleted_at`` set) rather than dropped or made public.
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_LIVE = sa.text("deleted_at IS NULL")
_PUBLIC = sa.text("deleted_at IS NULL AND status = 'published'")
_DELETED = sa.text("deleted_at IS NOT NULL")
_articles = sa.table(
    "articles",
    sa.column("status", sa.String),
    sa.column("created_at", sa.DateTime),
    sa.column("published_at", sa.DateTime),
    sa.column("deleted_at", sa.DateTime),
    sa.column("updated_at", sa.DateTime),
)


def _drop_partial_indexes(newest_first: str) -> None:
    # SQLite's batch mode rebuilds the table and would recreate these without their WHERE.
    op.drop_index(newest_first, table_name="articles")
    op.drop_index("ix_articles_deleted_at", table_name="articles")


def _create_partial_indexes(newest_first: str, predicate: sa.TextClause) -> None:
    op.create_index(
        newest_first,
        "articles",
        ["created_at", "id"],
        postgresql_where=predicate,
        sqlite_where=predicate,
    )
    op.create_index(
        "ix_articles_deleted_at",
        "articles",
        ["deleted_at"],
        postgresql_where=_DELETED,
        sqlite_where=_DELETED,
    )


def upgrade() -> None:
    _drop_partial_indexes("ix_articles_live_created_at_id")
    with op.batch_alter_table("articles") as batch:
        batch.add_column(
            sa.Column("status", sa.String(16), nullable=False, server_default="published")
        )
        batch.add_column(sa.Column("published_at", sa.DateTime(timezone=True), nullable=True))
    op.execute(sa.update(_articles).values(published_at=_articles.c.created_at))
    with op.batch_alter_table("articles") as batch:
        batch.create_check_constraint(
            op.f("ck_articles_status"), "status IN ('draft', 'published')"
        )
        batch.create_check_constraint(
            "published_at", "status = 'draft' OR published_at IS NOT NULL"
        )
    _create_partial_indexes("ix_articles_public_created_at_id", _PUBLIC)


def downgrade() -> None:
    _drop_partial_indexes("ix_articles_public_created_at_id")
    op.execute(
        sa.update(_articles)
        .where(_articles.c.status == "draft", _articles.c.deleted_at.is_(None))
        .values(deleted_at=_articles.c.updated_at)
    )
    with op.batch_alter_table("articles") as batch:
        batch.drop_constraint(op.f("ck_articles_published_at"), type_="check")
        batch.drop_constraint(op.f("ck_articles_status"), type_="check")
        batch.drop_column("published_at")
        batch.drop_column("status")
    _create_partial_indexes("ix_articles_live_created_at_id", _LIVE)
