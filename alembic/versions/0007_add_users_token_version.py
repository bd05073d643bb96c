"""Add users.token_version: a password change revokes the access tokens issued before it.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-25

Every existing user starts at version 0, the version that tokens without one are read as,
so tokens already issued keep working until their user's next password change.
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(
            sa.Column("token_version", sa.Integer(), server_default="0", nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.drop_column("token_version")
