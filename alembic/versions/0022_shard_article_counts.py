"""Shard article_counts: a count becomes the sum of a few rows, one per shard.

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-05

Every publish moves the overall count, its author's and its tags', and holds those rows locked
until it commits: under load the creates queued on them. Each write now adds to one of several
rows per count (``shard``, picked at random), and the lists already read a count as a ``SUM``.
The rows there are become shard 0.
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0022"
down_revision: str | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_MERGE_SHARDS = """INSERT INTO article_counts_merged (tag, author_id, articles)
    SELECT tag, author_id, sum(articles) FROM article_counts GROUP BY tag, author_id"""


def upgrade() -> None:
    with op.batch_alter_table("article_counts") as table:
        table.add_column(
            sa.Column("shard", sa.SmallInteger(), server_default=sa.text("0"), nullable=False)
        )
        table.drop_constraint("pk_article_counts", type_="primary")
        table.create_primary_key("pk_article_counts", ["tag", "author_id", "shard"])


def downgrade() -> None:
    # Each count's shards summed back into one row.
    op.create_table(
        "article_counts_merged",
        sa.Column("tag", sa.String(length=64), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("articles", sa.Integer(), nullable=False),
    )
    op.execute(_MERGE_SHARDS)
    op.execute("DELETE FROM article_counts")
    with op.batch_alter_table("article_counts") as table:
        table.drop_constraint("pk_article_counts", type_="primary")
        table.drop_column("shard")
        table.create_primary_key("pk_article_counts", ["tag", "author_id"])
    op.execute(
        "INSERT INTO article_counts (tag, author_id, articles)"
        " SELECT tag, author_id, articles FROM article_counts_merged"
    )
    op.drop_table("article_counts_merged")
