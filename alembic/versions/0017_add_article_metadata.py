"""Add article metadata (JSONB on PostgreSQL, JSON on SQLite) and the body's word count.

Revision ID: 0017
Revises: 0016
Create Date: 2026-11-25

``meta`` is NULL for articles without metadata. ``word_count`` lets lists show a reading time
without reading bodies; this migration counts the words of every existing article the way
the application does (``str.split``), in batches. On PostgreSQL, an expression index on
``meta ->> 'language'`` serves ``GET /api/articles?language=``.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB

from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_BATCH = 1000
_articles = sa.table(
    "articles", sa.column("id", sa.Integer), sa.column("body", sa.Text), sa.column("word_count")
)


def _count_existing_words() -> None:
    connection = op.get_bind()
    last_id = 0
    while True:
        rows = connection.execute(
            sa.select(_articles.c.id, _articles.c.body)
            .where(_articles.c.id > last_id)
            .order_by(_articles.c.id)
            .limit(_BATCH)
        ).all()
        if not rows:
            return
        connection.execute(
            _articles.update()
            .where(_articles.c.id == sa.bindparam("article_id"))
            .values(word_count=sa.bindparam("words")),
            [{"article_id": row.id, "words": len(row.body.split())} for row in rows],
        )
        last_id = rows[-1].id


def upgrade() -> None:
    json_type = sa.JSON(none_as_null=True).with_variant(JSONB(none_as_null=True), "postgresql")
    op.add_column("articles", sa.Column("meta", json_type, nullable=True))
    op.add_column(
        "articles", sa.Column("word_count", sa.Integer(), nullable=False, server_default="0")
    )
    _count_existing_words()
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE INDEX ix_articles_meta_language ON articles ((meta ->> 'language'))")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX ix_articles_meta_language")
    op.drop_column("articles", "word_count")
    op.drop_column("articles", "meta")
