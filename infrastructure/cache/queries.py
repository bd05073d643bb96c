"""Cache-aside read ports: tags, anonymous profiles and anonymous single articles.

Only what every caller sees alike is cached. A signed-in caller's ``following`` and
``favorited`` are their own, so their reads go to the database (one statement, as always).
A cached article holds its author's profile and is tagged with the author, so a profile change
drops it: a hit is one cache read.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import orjson

from application.pagination import Position
from application.ports.cache import Cache
from application.ports.queries import ArticleFilter, ArticleQueries, ProfileQueries, TagQueries
from application.read_models import ArticlePage, ArticleView, ProfileView
from domain.articles.article import ArticleStatus
from infrastructure.cache.keys import TAGS, article_key, by_author, profile_key
from infrastructure.observability import metrics


@dataclass(frozen=True, slots=True)
class CacheTtls:
    tags: timedelta
    profile: timedelta
    article: timedelta


@dataclass
class CacheStats:
    """Hits and misses per kind of read (``tags``, ``profile``, ``article``), for metrics."""

    hits: Counter[str] = field(default_factory=Counter)
    misses: Counter[str] = field(default_factory=Counter)

    def count(self, kind: str, cached: bytes | None) -> bytes | None:
        if cached is None:
            self.misses[kind] += 1
            metrics.record_cache_miss(kind)
        else:
            self.hits[kind] += 1
            metrics.record_cache_hit(kind)
        return cached


class CachedTagQueries(TagQueries):
    def __init__(self, inner: TagQueries, cache: Cache, ttls: CacheTtls, stats: CacheStats) -> None:
        self._inner = inner
        self._cache = cache
        self._ttl = ttls.tags
        self._stats = stats

    async def list_tags(self) -> tuple[str, ...]:
        cached = self._stats.count("tags", await self._cache.get(TAGS))
        if cached is not None:
            return tuple(orjson.loads(cached))
        names = await self._inner.list_tags()
        await self._cache.set(TAGS, orjson.dumps(names), self._ttl)
        return names


class CachedProfileQueries(ProfileQueries):
    def __init__(
        self, inner: ProfileQueries, cache: Cache, ttls: CacheTtls, stats: CacheStats
    ) -> None:
        self._inner = inner
        self._cache = cache
        self._ttl = ttls.profile
        self._stats = stats

    async def get_profile(self, username: str, viewer_id: int | None) -> ProfileView | None:
        if viewer_id is not None:
            return await self._inner.get_profile(username, viewer_id)
        cached = self._stats.count("profile", await self._cache.get(profile_key(username)))
        if cached is not None:
            return _profile(orjson.loads(cached))
        profile = await self._inner.get_profile(username, None)
        if profile is not None:
            await self._cache.set(profile_key(username), _profile_json(profile), self._ttl)
        return profile


class CachedArticleQueries(ArticleQueries):
    def __init__(
        self, inner: ArticleQueries, cache: Cache, ttls: CacheTtls, stats: CacheStats
    ) -> None:
        self._inner = inner
        self._cache = cache
        self._ttl = ttls.article
        self._stats = stats

    async def list_articles(self, filters: ArticleFilter, viewer_id: int | None) -> ArticlePage:
        return await self._inner.list_articles(filters, viewer_id)

    async def feed(
        self, viewer_id: int, limit: int, offset: int, after: Position | None = None
    ) -> ArticlePage:
        return await self._inner.feed(viewer_id, limit, offset, after)

    async def get_article(self, slug: str, viewer_id: int | None) -> ArticleView | None:
        if viewer_id is not None:
            return await self._inner.get_article(slug, viewer_id)
        cached = self._stats.count("article", await self._cache.get(article_key(slug)))
        if cached is not None:
            return _article(orjson.loads(cached))
        article = await self._inner.get_article(slug, None)
        if article is not None:
            await self._cache.set(
                article_key(slug),
                _article_json(article),
                self._ttl,
                tags=(by_author(article.author.username),),
            )
        return article


def _profile_fields(profile: ProfileView) -> dict[str, str]:
    return {"username": profile.username, "bio": profile.bio, "image": profile.image}


def _profile_json(profile: ProfileView) -> bytes:
    return orjson.dumps(_profile_fields(profile))


def _profile(fields: dict[str, Any]) -> ProfileView:
    return ProfileView(following=False, **fields)


def _article_json(article: ArticleView) -> bytes:
    """Every field of the view but the caller's own (``favorited``, ``author.following``)."""
    return orjson.dumps(
        {
            "slug": article.slug,
            "title": article.title,
            "description": article.description,
            "body": article.body,
            "tags": article.tags,
            "created_at": article.created_at,
            "updated_at": article.updated_at,
            "favorites_count": article.favorites_count,
            "author": _profile_fields(article.author),
            "status": article.status,
            "deleted_at": article.deleted_at,
            "version": article.version,
            "metadata": article.metadata,
            "word_count": article.word_count,
        }
    )


def _article(fields: dict[str, Any]) -> ArticleView:
    deleted_at = fields["deleted_at"]
    return ArticleView(
        slug=fields["slug"],
        title=fields["title"],
        description=fields["description"],
        body=fields["body"],
        tags=tuple(fields["tags"]),
        created_at=datetime.fromisoformat(fields["created_at"]),
        updated_at=datetime.fromisoformat(fields["updated_at"]),
        favorited=False,
        favorites_count=fields["favorites_count"],
        author=_profile(fields["author"]),
        status=ArticleStatus(fields["status"]),
        deleted_at=datetime.fromisoformat(deleted_at) if deleted_at else None,
        version=fields["version"],
        metadata=fields["metadata"],
        word_count=fields["word_count"],
    )
