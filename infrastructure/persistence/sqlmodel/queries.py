"""Read ports answered by single Core projections (see ``statements``) outside any transaction:
no ORM session, no transaction round trips (see ``reads``)."""

import uuid
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import orjson
import sqlalchemy as sa

from application import read_models as views
from application.pagination import Position
from application.ports import queries as ports
from domain.articles.article import ArticleStatus
from infrastructure.persistence.sqlmodel import statements
from infrastructure.persistence.sqlmodel.keys import clamped_id, storable
from infrastructure.persistence.sqlmodel.reads import ReadDatabase, Row
from infrastructure.persistence.sqlmodel.stats_statements import profile_stats


class SqlReader:
    def __init__(self, database: ReadDatabase) -> None:
        self._fetch = database.fetch
        self._dialect = database.dialect

    async def _rows(self, statement: sa.Executable, **params: Any) -> Sequence[Row]:
        return await self._fetch(statement, params)


def profile_of(row: Row) -> views.ProfileView:
    return views.ProfileView(
        username=row["username"],
        bio=row["bio"],
        image=row["image"],
        following=bool(row["following"]),
    )


def _tags(value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    names: list[str] = orjson.loads(value) if isinstance(value, str) else list(value)  # type: ignore[call-overload]
    return tuple(sorted(names))


def _json(value: object) -> dict[str, Any] | None:
    """A JSON column's value: asyncpg hands PostgreSQL's ``json`` over as text."""
    return orjson.loads(value) if isinstance(value, str) else value  # type: ignore[return-value]


def article_of(row: Row, body: str | None) -> views.ArticleView:
    return views.ArticleView(
        slug=row["slug"],
        title=row["title"],
        description=row["description"],
        body=body,
        tags=_tags(row["tag_list"]),
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        metadata=_json(row["meta"]) or {},
        word_count=row["word_count"],
        favorited=bool(row["favorited"]),
        favorites_count=row["favorites_count"],
        author=profile_of(row),
        status=ArticleStatus(row["status"]),
        deleted_at=row["deleted_at"],
        version=row["version"],
    )


def top_tags(pairs: list[tuple[str, int]]) -> tuple[views.TagCount, ...]:
    """Most used first, ties by name in code-point order."""
    ordered = sorted(pairs, key=lambda pair: (-pair[1], pair[0]))
    return tuple(views.TagCount(tag=name, count=count) for name, count in ordered)


class SqlModelArticleQueries(SqlReader, ports.ArticleQueries):
    async def list_articles(
        self, filters: ports.ArticleFilter, viewer_id: int | None
    ) -> views.ArticlePage:
        shape = statements.ListShape(
            tag=filters.tag is not None,
            language=filters.language is not None,
            author=filters.author is not None,
            favorited_by=filters.favorited_by is not None,
            after=filters.after is not None,
        )
        params = {
            "tag": filters.tag,
            "language": filters.language,
            "author": filters.author,
            "favorited_by": filters.favorited_by,
        }
        return await self._page(shape, viewer_id, filters, params)

    async def feed(
        self, viewer_id: int, limit: int, offset: int, after: Position | None = None
    ) -> views.ArticlePage:
        shape = statements.ListShape(feed=True, after=after is not None)
        page = ports.ArticleFilter(limit=limit, offset=offset, after=after)
        return await self._page(shape, viewer_id, page, {})

    async def own_articles(
        self,
        author_id: int,
        shelf: ports.Shelf,
        limit: int,
        offset: int,
        after: Position | None = None,
    ) -> views.ArticlePage:
        shape = statements.ListShape(shelf=shelf, after=after is not None)
        page = ports.ArticleFilter(limit=limit, offset=offset, after=after)
        return await self._page(shape, author_id, page, {})

    async def get_article(self, slug: str, viewer_id: int | None) -> views.ArticleView | None:
        if not storable(slug):
            return None
        rows = await self._rows(
            statements.single_article(self._dialect), slug=slug, viewer_id=viewer_id
        )
        return article_of(rows[0], rows[0]["body"]) if rows else None

    async def _page(
        self,
        shape: statements.ListShape,
        viewer_id: int | None,
        page: ports.ArticleFilter,
        filters: dict[str, str | None],
    ) -> views.ArticlePage:
        if not storable(*filters.values()):
            return views.ArticlePage(articles=(), total=0, next=None)
        params: dict[str, Any] = {k: v for k, v in filters.items() if v is not None}
        if page.after is not None:
            params |= {
                "after_created_at": page.after.created_at,
                "after_id": clamped_id(page.after.id),
            }
        # One row more than asked tells whether another page follows.
        rows = await self._rows(
            statements.article_page(self._dialect, shape),
            viewer_id=viewer_id,
            limit=page.limit + 1,
            offset=page.offset,
            **params,
        )
        more, rows = len(rows) > page.limit, rows[: page.limit]
        if rows:
            total = rows[0]["total"]
        elif not rows and page.offset == 0 and page.after is None:
            total = 0
        else:
            count_rows = await self._rows(
                statements.article_count(self._dialect, replace(shape, after=False)),
                viewer_id=viewer_id,
                **params,
            )
            total = count_rows[0]["total"]
        last = rows[-1] if more else None
        return views.ArticlePage(
            articles=tuple(article_of(row, None) for row in rows),
            total=total,
            next=Position(created_at=last["created_at"], id=last["id"]) if last else None,
        )


class SqlModelProfileQueries(SqlReader, ports.ProfileQueries):
    async def get_profile(self, username: str, viewer_id: int | None) -> views.ProfileView | None:
        if not storable(username):
            return None
        rows = await self._rows(statements.PROFILE, username=username, viewer_id=viewer_id)
        return profile_of(rows[0]) if rows else None

    async def get_stats(self, username: str) -> views.ProfileStatsView | None:
        if not storable(username):
            return None
        rows = await self._rows(profile_stats(self._dialect), username=username)
        if not rows:
            return None
        row = rows[0]
        pairs = row["top_tags"]
        return views.ProfileStatsView(
            username=row["username"],
            articles=row["articles"],
            comments=row["comments"],
            favorites_received=row["favorites_received"],
            followers=row["followers"],
            favorites_rank=row["favorites_rank"],
            top_tags=top_tags(orjson.loads(pairs) if isinstance(pairs, str) else pairs or []),
        )


def _comments(rows: Sequence[Row]) -> tuple[views.CommentView, ...]:
    return tuple(
        views.CommentView(
            id=row["id"],
            body=row["body"],
            created_at=row["created_at"],
            updated_at=row["updated_at"],
            author=profile_of(row),
        )
        for row in rows
        if row["id"] is not None
    )


class SqlModelCommentQueries(SqlReader, ports.CommentQueries):
    async def list_comments(
        self, slug: str, viewer_id: int | None
    ) -> tuple[views.CommentView, ...] | None:
        if not storable(slug):
            return None
        rows = await self._rows(statements.COMMENTS, slug=slug, viewer_id=viewer_id)
        return _comments(rows) if rows else None

    async def comment_page(
        self, slug: str, viewer_id: int | None, limit: int, after: Position | None = None
    ) -> views.CommentPage | None:
        if not storable(slug):
            return None
        params: dict[str, Any] = {"slug": slug, "viewer_id": viewer_id, "limit": limit + 1}
        if after is not None:
            params |= {"after_created_at": after.created_at, "after_id": clamped_id(after.id)}
        rows = await self._rows(statements.comment_page(after=after is not None), **params)
        if not rows:
            return None
        found = _comments(rows)
        more, found = len(found) > limit, found[:limit]
        last = found[-1] if more else None
        return views.CommentPage(
            comments=found,
            next=Position(created_at=last.created_at, id=last.id) if last else None,
        )


class SqlModelTagQueries(SqlReader, ports.TagQueries):
    async def list_tags(self) -> tuple[str, ...]:
        # Sorted here, by code point, as the domain sorts: a database orders by its collation.
        return tuple(sorted(row["name"] for row in await self._rows(statements.TAGS_IN_USE)))


class SqlModelAuditQueries(SqlReader, ports.AuditQueries):
    async def list_entries(self, filters: ports.AuditFilter) -> views.AuditPage:
        statement = statements.audit_page(
            entity=filters.entity is not None,
            actor=filters.actor is not None,
            after=filters.after is not None,
        )
        params: dict[str, Any] = {
            "entity": filters.entity,
            "actor": filters.actor,
            "after": uuid.UUID(filters.after) if filters.after else None,
        }
        # One row more than asked tells whether another page follows.
        rows = await self._rows(
            statement,
            limit=filters.limit + 1,
            **{key: value for key, value in params.items() if value is not None},
        )
        entries = tuple(
            views.AuditEntryView(
                id=str(row["id"]),
                occurred_at=row["occurred_at"],
                actor=row["actor"],
                entity=row["entity"],
                entity_id=row["entity_id"],
                action=row["action"],
                before=_json(row["before"]),
                after=_json(row["after"]),
            )
            for row in rows[: filters.limit]
        )
        more = len(rows) > filters.limit
        return views.AuditPage(entries=entries, next=entries[-1].id if more else None)
