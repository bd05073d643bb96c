"""Add the bulk-import idempotency key: ``articles.import_key``, unique per author.

Revision ID: 0018
Revises: 0017
Create Date: 2026-11-25

NULL for articles not imported (NULLs never collide in a unique constraint), so existing
rows need no backfill. The unique constraint arrives as a unique index: SQLite cannot add a
constraint to an existing table without rebuilding it, which would drop the search triggers.
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("articles", sa.Column("import_key", sa.String(length=100), nullable=True))
    op.create_index(
        "uq_articles_author_id_import_key", "articles", ["author_id", "import_key"], unique=True
    )


def downgrade() -> None:
    op.drop_index("uq_articles_author_id_import_key", table_name="articles")
    op.drop_column("articles", "import_key")
