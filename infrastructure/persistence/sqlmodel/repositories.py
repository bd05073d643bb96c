"""What the SQL repositories share. They write in the unit of work's transaction and never
commit.

Users, articles, comments and links go through Core statements built once (``driver``: sent by
asyncpg itself on PostgreSQL, through the session elsewhere); no ORM row stands behind an entity
(``user_repositories``, ``article_repository``, ``comment_repository``, ``link_repositories``).
A few rarer statements (a purge's batch, an import's keys, saved settings) are built per call
and run through the session, with the helpers here.
"""

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from application.change_log import ChangeLog
from domain.articles.article import Article
from domain.articles.comment import Comment
from infrastructure.persistence.sqlmodel import mariadb
from infrastructure.persistence.sqlmodel.errors import translate_integrity_error
from infrastructure.persistence.sqlmodel.reads import Row


async def execute(session: AsyncSession, statement: sa.Executable) -> int:
    """Run a write; returns how many rows it changed."""
    try:
        result = await session.execute(statement)
    except IntegrityError as error:
        raise translate_integrity_error(error) from error
    return int(result.rowcount)  # type: ignore[attr-defined]


async def execute_many(
    session: AsyncSession, insert: sa.Insert, rows: list[dict[str, Any]]
) -> None:
    """One INSERT of many rows, compiled once. With its rows in ``VALUES`` an INSERT cannot be
    cached by SQLAlchemy (each request compiled it anew); given as parameters with a
    ``RETURNING``, they go out as one multi-row statement ("insertmanyvalues")."""
    table = insert.table
    assert isinstance(table, sa.Table)
    try:
        await session.execute(insert.returning(*table.primary_key.columns), rows)
    except IntegrityError as error:
        raise translate_integrity_error(error) from error


def dialect_insert(
    session: AsyncSession, table: sa.Table
) -> postgresql.Insert | sqlite.Insert | mariadb.Insert:
    """A dialect-aware INSERT that supports ``ON CONFLICT DO NOTHING``."""
    dialect = session.get_bind().dialect.name
    if dialect == mariadb.DIALECT:
        return mariadb.insert(table)
    return postgresql.insert(table) if dialect == "postgresql" else sqlite.insert(table)


async def count_deleted(session: AsyncSession, table: sa.Table, before: datetime) -> int:
    found = await session.scalar(
        sa.select(sa.func.count()).select_from(table).where(table.c.deleted_at < before)
    )
    return int(found or 0)


async def purge_deleted(
    session: AsyncSession,
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
    rows = cast(Sequence[Row], (await session.execute(batch)).mappings().all())
    if rows:
        await execute(session, sa.delete(table).where(table.c.id.in_([row["id"] for row in rows])))
    for row in rows:
        changes.removed(to_domain(row))
    return len(rows)
