"""Add per-user settings (one-to-one with users) and make emails case-insensitive in the
database: ``citext`` on PostgreSQL, the ``NOCASE`` collation on SQLite, a case-insensitive
(accent-sensitive) collation on MariaDB.

Revision ID: 0019
Revises: 0018
Create Date: 2026-11-25

The application already stores emails in lower case; the column type makes the database
enforce it too, for rows written by anything else. Upgrading fails (unique violation) if two
stored emails differ only in case: merge those accounts first. SQLite cannot change a
column's collation in place, so the users table is rebuilt (batch mode; it has no triggers).
Downgrading keeps the ``citext`` extension, which other databases' objects may use.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import CITEXT

from alembic import op

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "user_settings",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("notify_on_follow", sa.Boolean(), nullable=False),
        sa.Column("notify_on_comment", sa.Boolean(), nullable=False),
        sa.Column("notify_on_favorite", sa.Boolean(), nullable=False),
        sa.Column("default_language", sa.String(length=35), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_user_settings_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_user_settings")),
    )
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS citext")
        op.alter_column("users", "email", type_=CITEXT(), existing_nullable=False)
    elif dialect == "mysql":
        op.alter_column(
            "users",
            "email",
            type_=sa.String(length=254, collation="utf8mb4_uca1400_nopad_as_ci"),
            existing_nullable=False,
        )
    else:
        with op.batch_alter_table("users") as batch:
            batch.alter_column(
                "email",
                type_=sa.String(length=254, collation="NOCASE"),
                existing_type=sa.String(length=254),
                existing_nullable=False,
            )


def downgrade() -> None:
    if op.get_bind().dialect.name in {"postgresql", "mysql"}:
        op.alter_column("users", "email", type_=sa.String(length=254), existing_nullable=False)
    else:
        with op.batch_alter_table("users") as batch:
            batch.alter_column(
                "email",
                type_=sa.String(length=254),
                existing_type=sa.String(length=254, collation="NOCASE"),
                existing_nullable=False,
            )
    op.drop_table("user_settings")
