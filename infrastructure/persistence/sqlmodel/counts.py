"""The public-article counts on SQL (``tables.ArticleCountRow``): moved by one upsert per
committed change (``change_writer``), rebuilt from the articles by ``conduit recount``."""

import random

import sqlalchemy as sa
from sqlalchemy.dialects import mysql, postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from application.article_counts import CountKey
from application.ports.article_counts import ArticleCountRepair, Progress
from infrastructure.persistence.sqlmodel import mariadb
from infrastructure.persistence.sqlmodel.statements import PUBLIC
from infrastructure.persistence.sqlmodel.tables import (
    ANY_AUTHOR,
    ANY_TAG,
    article_counts,
    article_tags,
    articles,
    tags,
)

# Authors (by id) and tags (by id) recounted per step of a rebuild.
RECOUNT_STEP = 5_000
# Rows per count (``tables.ArticleCountRow``): concurrent writes to the same count wait on each
# other's row lock one time in this many.
COUNT_SHARDS = 8


def any_shard() -> int:
    """The shard a transaction adds its counts to: all of them to the same one, so that writers
    still lock shared rows in key order and never deadlock."""
    return random.randrange(COUNT_SHARDS)  # noqa: S311 (spreads locks; no secret)


def stored_key(key: CountKey) -> tuple[str, int]:
    return (
        ANY_TAG if key.tag is None else key.tag,
        ANY_AUTHOR if key.author_id is None else key.author_id,
    )


def upsert(dialect: str) -> sa.Insert:
    """Insert a row, or add its ``articles`` to the count already stored (``execute_many``)."""
    if dialect == mariadb.DIALECT:
        on_mariadb = mysql.insert(article_counts)
        return on_mariadb.on_duplicate_key_update(
            articles=article_counts.c.articles + on_mariadb.inserted.articles
        )
    insert = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(article_counts)
    return insert.on_conflict_do_update(
        index_elements=list(article_counts.primary_key.columns),
        set_={"articles": article_counts.c.articles + insert.excluded.articles},
    )


def _fill(select: sa.Selectable) -> sa.Insert:
    return sa.insert(article_counts).from_select(["tag", "author_id", "articles"], select)


def _step_of(column: sa.ColumnElement[int]) -> sa.ColumnElement[bool]:
    return column.between(sa.bindparam("low"), sa.bindparam("high"))


OVERALL = _fill(
    sa.select(sa.literal(ANY_TAG), sa.literal(ANY_AUTHOR), sa.func.count())
    .select_from(articles)
    .where(PUBLIC)
)
AUTHORS = _fill(
    sa.select(sa.literal(ANY_TAG), articles.c.author_id, sa.func.count())
    .where(PUBLIC, _step_of(articles.c.author_id))
    .group_by(articles.c.author_id)
)
TAGS = _fill(
    sa.select(tags.c.name, sa.literal(ANY_AUTHOR), sa.func.count())
    .select_from(
        article_tags.join(tags, tags.c.id == article_tags.c.tag_id).join(
            articles, articles.c.id == article_tags.c.article_id
        )
    )
    .where(PUBLIC, _step_of(article_tags.c.tag_id))
    .group_by(tags.c.name)
)


class SqlArticleCountRepair(ArticleCountRepair):
    def __init__(self, session_factory: async_sessionmaker[AsyncSession]) -> None:
        self._session_factory = session_factory

    async def rebuild(self, on_progress: Progress | None = None) -> int:
        async with self._session_factory() as session, session.begin():
            await _hold_off_counting_writes(session)
            await session.execute(sa.delete(article_counts))
            last_author = await session.scalar(sa.select(sa.func.max(articles.c.author_id)))
            last_tag = await session.scalar(sa.select(sa.func.max(tags.c.id)))
            steps = [(OVERALL, 0)]
            steps += [(AUTHORS, low) for low in range(1, (last_author or 0) + 1, RECOUNT_STEP)]
            steps += [(TAGS, low) for low in range(1, (last_tag or 0) + 1, RECOUNT_STEP)]
            for done, (statement, low) in enumerate(steps, start=1):
                await session.execute(statement, {"low": low, "high": low + RECOUNT_STEP - 1})
                if on_progress is not None:
                    on_progress(done, len(steps))
            stored = await session.scalar(sa.select(sa.func.count()).select_from(article_counts))
        return int(stored or 0)


async def _hold_off_counting_writes(session: AsyncSession) -> None:
    """Until the rebuild commits, a write that would move a count waits at its upsert, and
    the rebuild starts once those that moved one have committed: no change is counted twice
    or missed. (SQLite has one writer at a time anyway.)"""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        await session.execute(sa.text("LOCK TABLE article_counts IN SHARE ROW EXCLUSIVE MODE"))
    elif dialect == mariadb.DIALECT:
        # Every row and the gaps between them, so no count can be inserted either.
        await session.execute(sa.select(article_counts.c.tag).with_for_update())
