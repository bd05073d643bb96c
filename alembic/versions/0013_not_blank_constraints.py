"""CHECK constraints as the last line of defence: nothing blank, whatever writes the row.

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-25

No blank username, email, article title, comment body or tag name. The domain refuses blank
values first (with a clearer message); these catch anything that
reaches the tables another way, and the adapter maps each by name to the same domain error.
On SQLite, adding a CHECK rebuilds the table (batch mode): the articles' partial indexes are
dropped first and recreated after, with their predicates.
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_CHECKS = {
    "users": {
        "ck_users_username_not_blank": "username <> ''",
        "ck_users_email_not_blank": "email <> ''",
    },
    "articles": {"ck_articles_title_not_blank": "trim(title) <> ''"},
    "comments": {"ck_comments_body_not_blank": "trim(body) <> ''"},
    "tags": {"ck_tags_name_not_blank": "trim(name) <> ''"},
}
_PUBLIC = sa.text("deleted_at IS NULL AND status = 'published'")
_DELETED = sa.text("deleted_at IS NOT NULL")
_PARTIAL_INDEXES = {
    "articles": {
        "ix_articles_public_created_at_id": (["created_at", "id"], _PUBLIC),
        "ix_articles_deleted_at": (["deleted_at"], _DELETED),
    },
    "comments": {"ix_comments_deleted_at": (["deleted_at"], _DELETED)},
}


def _drop_partial_indexes(table: str) -> None:
    for name in _PARTIAL_INDEXES.get(table, {}):
        op.drop_index(name, table_name=table)


def _create_partial_indexes(table: str) -> None:
    for name, (columns, predicate) in _PARTIAL_INDEXES.get(table, {}).items():
        op.create_index(name, table, columns, postgresql_where=predicate, sqlite_where=predicate)


def upgrade() -> None:
    for table, checks in _CHECKS.items():
        _drop_partial_indexes(table)
        with op.batch_alter_table(table) as batch:
            for name, condition in checks.items():
                batch.create_check_constraint(op.f(name), condition)
        _create_partial_indexes(table)


def downgrade() -> None:
    for table, checks in _CHECKS.items():
        _drop_partial_indexes(table)
        with op.batch_alter_table(table) as batch:
            for name in checks:
                batch.drop_constraint(op.f(name), type_="check")
        _create_partial_indexes(table)
