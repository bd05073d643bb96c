"""What the SQL repositories share. They write in the unit of work's transaction and never
commit.

Users, articles, comments and links go through Core statements built once (``driver``: sent by
asyncpg itself on PostgreSQL, through SQLAlchemy Core elsewhere); no ORM row stands behind an
entity (``user_repositories``, ``article_repository``, ``comment_repository``,
``link_repositories``). A few rarer statements (a purge's batch, an import's keys, saved
settings) are built per call, with the helpers here.
"""

from collections.abc import Callable
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from application.change_log import ChangeLog
from domain.articles.article import Article
from domain.articles.comment import Comment
from infrastructure.persistence.sqlmodel import mariadb
from infrastructure.persistence.sqlmodel.driver import Transaction
from infrastructure.persistence.sqlmodel.reads import Row


async def execute_many(
    transaction: Transaction, insert: sa.Insert, rows: list[dict[str, Any]]
) -> None:
    """One INSERT of many rows, compiled once (SQLite and MariaDB). With its rows in ``VALUES``
    an INSERT cannot be cached by SQLAlchemy (each request compiled it anew); given as
    parameters with a ``RETURNING``, they go out as one multi-row statement
    ("insertmanyvalues")."""
    table = insert.table
    assert isinstance(table, sa.Table)
    await transaction.execute_many(insert.returning(*table.primary_key.columns), rows)


def dialect_insert(
    dialect: str, table: sa.Table
) -> postgresql.Insert | sqlite.Insert | mariadb.Insert:
    """A dialect-aware INSERT that supports ``ON CONFLICT DO NOTHING``."""
    if dialect == mariadb.DIALECT:
        return mariadb.insert(table)
    return postgresql.insert(table) if dialect == "postgresql" else sqlite.insert(table)


async def count_deleted(transaction: Transaction, table: sa.Table, before: datetime) -> int:
    [row] = await transaction.fetch_once(
        sa.select(sa.func.count().label("n")).select_from(table).where(table.c.deleted_at < before)
    )
    return int(row["n"] or 0)


async def purge_deleted(
    transaction: Transaction,
    changes: ChangeLog,
    table: sa.Table,
    to_domain: Callable[[Row], Article | Comment],
    before: datetime,
    limit: int,
) -> int:
    """Hard-delete one batch of rows of ``table`` soft-deleted before ``before``, oldest
    first."""
    # Locked: a restore committed meanwhile takes its row out of the batch (PostgreSQL re-reads
    # a row it waited for), rather than this purge deleting a live article (and leaving it
    # counted as public).
    batch = (
        sa.select(table)
        .where(table.c.deleted_at < before)
        .order_by(table.c.deleted_at, table.c.id)
        .limit(limit)
        .with_for_update()
    )
    rows = await transaction.fetch_once(batch)
    if rows:
        ids = [row["id"] for row in rows]
        await transaction.execute_once(sa.delete(table).where(table.c.id.in_(ids)))
    for row in rows:
        changes.removed(to_domain(row))
    return len(rows)
