"""Administrators and the audit log.

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-25

``users.is_admin`` (false for everyone existing) and the append-only ``audit_entries``:
UUIDv7 keys (time-ordered, not enumerable; native ``uuid`` on PostgreSQL, ``CHAR(32)`` on
SQLite), JSON summaries, and an actor that outlives its account as ``NULL``.
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(
            sa.Column("is_admin", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    op.create_table(
        "audit_entries",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("entity", sa.String(length=32), nullable=False),
        sa.Column("entity_id", sa.String(length=64), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("before", sa.JSON(), nullable=True),
        sa.Column("after", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["users.id"],
            name=op.f("fk_audit_entries_actor_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_entries")),
    )
    op.create_index("ix_audit_entries_by_entity", "audit_entries", ["entity", "id"])
    op.create_index("ix_audit_entries_by_actor", "audit_entries", ["actor_id", "id"])


def downgrade() -> None:
    # Dropping the table drops its indexes (MariaDB refuses to drop first one that a
    # foreign key needs).
    op.drop_table("audit_entries")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("is_admin")
