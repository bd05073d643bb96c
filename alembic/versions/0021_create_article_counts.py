"""Create article_counts: public articles counted overall, per author and per tag, filled from
the articles already stored.

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-05

A list's ``articlesCount`` then reads one row (or, for a feed, one per followed author)
instead of counting every match. The writes keep the counts from here on, in the transaction
of each change; ``conduit recount`` rebuilds them should they ever drift. Plain SQL that
PostgreSQL, SQLite and MariaDB all run.
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0021"
down_revision: str | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_FILL = (
    """INSERT INTO article_counts (tag, author_id, articles)
    SELECT '', 0, count(*) FROM articles
    WHERE articles.deleted_at IS NULL AND articles.status = 'published'""",
    """INSERT INTO article_counts (tag, author_id, articles)
    SELECT '', author_id, count(*) FROM articles
    WHERE articles.deleted_at IS NULL AND articles.status = 'published'
    GROUP BY author_id""",
    """INSERT INTO article_counts (tag, author_id, articles)
    SELECT tags.name, 0, count(*) FROM article_tags
    JOIN tags ON tags.id = article_tags.tag_id
    JOIN articles ON articles.id = article_tags.article_id
    WHERE articles.deleted_at IS NULL AND articles.status = 'published'
    GROUP BY tags.name""",
)


def upgrade() -> None:
    op.create_table(
        "article_counts",
        sa.Column("tag", sa.String(length=64), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("articles", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("tag", "author_id", name=op.f("pk_article_counts")),
    )
    for fill in _FILL:
        op.execute(fill)


def downgrade() -> None:
    op.drop_table("article_counts")
