"""Articles in SQL: Core statements built once (``driver``), their tags linked by name."""

import functools
from collections.abc import Collection
from dataclasses import replace
from datetime import datetime
from typing import Any

import orjson
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from application.change_log import ChangeLog
from application.ports import repositories as ports
from application.ports.clock import Clock
from domain.articles.article import Article
from domain.articles.errors import ArticleChanged
from infrastructure.persistence.sqlmodel import driver, mappers, statements
from infrastructure.persistence.sqlmodel.driver import Transaction
from infrastructure.persistence.sqlmodel.keys import storable
from infrastructure.persistence.sqlmodel.reads import Row
from infrastructure.persistence.sqlmodel.repositories import (
    count_deleted,
    dialect_insert,
    execute_many,
    purge_deleted,
)
from infrastructure.persistence.sqlmodel.tables import (
    article_tags,
    articles,
    tags,
)


def _names(aggregated: object) -> list[str]:
    """Tag names as the dialect aggregates them: a list (PostgreSQL) or JSON array text."""
    if aggregated is None:
        return []
    names: list[str] = (
        orjson.loads(aggregated) if isinstance(aggregated, str) else list(aggregated)  # type: ignore[call-overload]
    )
    return names


class SqlModelArticleRepository(ports.ArticleRepository):
    """Articles through Core statements built once (``driver``): sent by asyncpg on
    PostgreSQL, through SQLAlchemy Core elsewhere. No ORM row stands behind an article: what it was
    when loaded is kept here, and is what a save compares with and what its version checks."""

    def __init__(self, transaction: Transaction, changes: ChangeLog, clock: Clock) -> None:
        self._transaction = transaction
        self._changes = changes
        self._clock = clock
        # What each loaded article was: the change's "before", and whether its tags changed.
        self._loaded: dict[int, Article] = {}

    async def add(self, article: Article) -> Article:
        # Stamped with the unit of work's clock; an import keeps its own created_at.
        created = article.created_at or self._clock.now()
        fields = mappers.article_fields(article) | {"created_at": created, "updated_at": created}
        [row] = await self._transaction.fetch(_INSERT_ARTICLE, fields)
        article.id = row["id"]
        article.created_at, article.updated_at = created, created
        await self._link_tags(article)
        self._changes.added(article)
        return article

    async def get_by_slug(self, slug: str, *, lock: bool = False) -> Article | None:
        if not storable(slug):
            return None
        if lock:
            return await self._locked(slug)
        return await self._unlocked(_by_slug(self._dialect, deleted=False), slug)

    async def get_deleted_by_slug(self, slug: str) -> Article | None:
        if not storable(slug):
            return None
        return await self._unlocked(_by_slug(self._dialect, deleted=True), slug)

    @property
    def _dialect(self) -> str:
        return self._transaction.dialect

    async def _unlocked(self, statement: sa.Select[Any], slug: str) -> Article | None:
        """The article and its tag names in one statement."""
        rows = await self._transaction.fetch(statement, {"slug": slug})
        if not rows:
            return None
        return self._seen(mappers.article_to_domain(rows[0], _names(rows[0]["tag_names"])))

    async def _locked(self, slug: str) -> Article | None:
        # FOR UPDATE on PostgreSQL and MariaDB; SQLite has no row locks (nor needs them: it
        # runs one writing transaction at a time) and SQLAlchemy leaves the clause out there.
        # The tags are read by a statement of their own, after the lock: a row lock waited for
        # is read at its newest version, but the rest of its statement keeps the snapshot taken
        # before the wait, so tags read beside it could be those a concurrent edit replaced.
        rows = await self._transaction.fetch(_LOCKED_BY_SLUG, {"slug": slug})
        if not rows:
            return None
        return self._seen(await self._with_tags(rows[0]))

    async def _with_tags(self, row: Row) -> Article:
        names = await self._transaction.fetch(_TAG_NAMES_OF, {"article_id": row["id"]})
        return mappers.article_to_domain(row, [name["name"] for name in names])

    def _seen(self, article: Article) -> Article:
        self._loaded[article.stored_id()] = replace(article)
        self._changes.seen(article)
        return article

    async def imported_keys(self, author_id: int, keys: Collection[str]) -> set[str]:
        keys = [key for key in keys if storable(key)]
        if not keys:
            return set()
        found = await self._transaction.fetch_once(
            sa.select(articles.c.import_key).where(
                articles.c.author_id == author_id, articles.c.import_key.in_(keys)
            )
        )
        return {row["import_key"] for row in found}

    async def update(self, article: Article) -> None:
        article_id = article.stored_id()
        before = self._loaded.get(article_id) or await self._stored(article_id)
        if before is None or before.version != article.version:
            raise ArticleChanged()
        # Only storage sets timestamps: the entity gets back those stored.
        article.created_at, article.updated_at = before.created_at, before.updated_at
        retagged = before.tags != article.tags
        fields = mappers.article_fields(article)
        if not retagged and fields == mappers.article_fields(before):
            return  # the same values again: nothing written, nothing audited
        now, version = self._clock.now(), article.version + 1
        stored = fields | {"updated_at": now, "version": version}
        checked = {"article_id": article_id, "loaded_version": article.version}
        # The version loaded is checked by the UPDATE itself: a concurrent writer that committed
        # first leaves this one matching no row (PostgreSQL re-reads the row after waiting).
        if not await self._transaction.execute(_UPDATE_ARTICLE, stored | checked):
            raise ArticleChanged()
        article.version, article.updated_at = version, now
        if retagged:
            await self._transaction.execute(_UNLINK_TAGS, {"article_id": article_id})
            await self._link_tags(article)
        self._loaded[article_id] = replace(article)
        self._changes.changed(before, article)

    async def _stored(self, article_id: int) -> Article | None:
        """An article this unit of work did not load (or ``None``: it is gone)."""
        rows = await self._transaction.fetch(_BY_ID, {"article_id": article_id})
        return await self._with_tags(rows[0]) if rows else None

    async def count_deleted(self, before: datetime) -> int:
        return await count_deleted(self._transaction, articles, before)

    async def purge_deleted(self, before: datetime, limit: int) -> int:
        # Comments, favorites and tag links go with the articles through ON DELETE CASCADE.
        return await purge_deleted(
            self._transaction,
            self._changes,
            articles,
            lambda row: mappers.article_to_domain(row, []),
            before,
            limit,
        )

    async def _link_tags(self, article: Article) -> None:
        if not article.tags:
            return
        if self._transaction.dialect == "postgresql":
            params = {"names": list(article.tags), "article_id": article.id}
            await self._transaction.fetch(_ADD_TAGS, params)
            await self._transaction.fetch(_LINK_TAGS, params)
            return
        await execute_many(
            self._transaction,
            dialect_insert(self._transaction.dialect, tags).on_conflict_do_nothing(
                index_elements=["name"]
            ),
            [{"name": name} for name in article.tags],
        )
        tag_ids = sa.select(sa.literal(article.id), tags.c.id).where(tags.c.name.in_(article.tags))
        await self._transaction.execute_once(
            sa.insert(article_tags).from_select(["article_id", "tag_id"], tag_ids)
        )


_ARTICLE_FIELDS = (
    "slug",
    "title",
    "description",
    "body",
    "author_id",
    "status",
    "published_at",
    "deleted_at",
    "meta",
    "word_count",
    "import_key",
)
_SLUG = articles.c.slug == sa.bindparam("slug")
_ARTICLE_ID = sa.bindparam("article_id", type_=sa.Integer)


@functools.cache
def _by_slug(dialect: str, *, deleted: bool) -> sa.Select[Any]:
    """A live (or a deleted) article by slug, its tag names beside it (aggregated per dialect)."""
    names = statements.tag_names(dialect, articles.c.id).label("tag_names")
    state = articles.c.deleted_at.is_not(None) if deleted else articles.c.deleted_at.is_(None)
    return sa.select(articles, names).where(_SLUG, state)


_LOCKED_BY_SLUG = (
    sa.select(articles).where(_SLUG, articles.c.deleted_at.is_(None)).with_for_update()
)
_BY_ID = sa.select(articles).where(articles.c.id == _ARTICLE_ID)
_TAG_NAMES_OF = (
    sa.select(tags.c.name)
    .join(article_tags, article_tags.c.tag_id == tags.c.id)
    .where(article_tags.c.article_id == _ARTICLE_ID)
)
_UPDATE_ARTICLE = (
    sa.update(articles)
    .where(articles.c.id == _ARTICLE_ID, articles.c.version == sa.bindparam("loaded_version"))
    .values(driver.parameters(articles, (*_ARTICLE_FIELDS, "updated_at", "version")))
)
_UNLINK_TAGS = sa.delete(article_tags).where(article_tags.c.article_id == _ARTICLE_ID)
_INSERT_ARTICLE = driver.insert_returning_id(
    articles, (*_ARTICLE_FIELDS, "created_at", "updated_at")
)
# PostgreSQL's tag upsert and links, built once, the names passed as one array. Two statements:
# a tag another transaction adds meanwhile is seen by the second one's snapshot only.
_TAG_NAMES = sa.bindparam("names", type_=postgresql.ARRAY(sa.String()))
_ADD_TAGS = (
    postgresql.insert(tags)
    .from_select(["name"], sa.select(sa.func.unnest(_TAG_NAMES)))
    .on_conflict_do_nothing(index_elements=["name"])
)
_LINK_TAGS = sa.insert(article_tags).from_select(
    ["article_id", "tag_id"],
    sa.select(sa.bindparam("article_id", type_=sa.Integer), tags.c.id).where(
        tags.c.name == sa.any_(_TAG_NAMES)
    ),
)
