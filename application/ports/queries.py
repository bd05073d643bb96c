"""Read ports: each answers one screen of the API with a frozen view.

``viewer_id`` is the authenticated caller (``None`` when anonymous); it decides
``following`` and ``favorited``, and lets an author read their own drafts; lists show
published articles only. Deleted articles and comments appear in no read but the bin.
Storage that is down or saturated raises ``ServiceUnavailable``.
"""

from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from application.pagination import Position
from application.read_models import (
    ArticlePage,
    ArticleView,
    AuditPage,
    CommentPage,
    CommentView,
    ProfileStatsView,
    ProfileView,
)

TOP_TAGS = 5


@dataclass(frozen=True, slots=True)
class ArticleFilter:
    """``language`` matches the ``language`` key of the articles' metadata."""

    tag: str | None = None
    language: str | None = None
    author: str | None = None
    favorited_by: str | None = None
    limit: int = 20
    offset: int = 0
    after: Position | None = None


class Shelf(StrEnum):
    """An author's own articles that nobody else sees."""

    DELETED = "deleted"
    DRAFTS = "drafts"


class ArticleQueries(Protocol):
    async def list_articles(self, filters: ArticleFilter, viewer_id: int | None) -> ArticlePage:
        """Matching live published articles, newest first, without bodies, starting after
        ``filters.after`` when given; ``total`` counts every match, ``next`` is set when more
        follow."""
        ...

    async def feed(
        self, viewer_id: int, limit: int, offset: int, after: Position | None = None
    ) -> ArticlePage:
        """Articles by authors the viewer follows, paged like ``list_articles``."""
        ...

    async def own_articles(
        self,
        author_id: int,
        shelf: Shelf,
        limit: int,
        offset: int,
        after: Position | None = None,
    ) -> ArticlePage:
        """The author's articles on ``shelf``, paged like ``list_articles``."""
        ...

    async def get_article(self, slug: str, viewer_id: int | None) -> ArticleView | None:
        """One live article with its body, or ``None`` for an unknown or deleted slug, and
        for a draft unless the viewer is its author."""
        ...


class ProfileQueries(Protocol):
    async def get_profile(self, username: str, viewer_id: int | None) -> ProfileView | None:
        """The profile with this username, or ``None``."""
        ...

    async def get_stats(self, username: str) -> ProfileStatsView | None:
        """The user's statistics (at most ``TOP_TAGS`` top tags), or ``None`` for an unknown
        username."""
        ...


class CommentQueries(Protocol):
    async def list_comments(
        self, slug: str, viewer_id: int | None
    ) -> tuple[CommentView, ...] | None:
        """Comments on the article, oldest first; ``None`` when the slug is unknown."""
        ...

    async def comment_page(
        self, slug: str, viewer_id: int | None, limit: int, after: Position | None = None
    ) -> CommentPage | None:
        """Up to ``limit`` comments, oldest first, strictly after ``after`` when given
        (``Position`` of a comment: its ``created_at`` and ``id``); ``next`` is set when more
        follow; ``None`` when the slug is unknown."""
        ...


class TagQueries(Protocol):
    async def list_tags(self) -> tuple[str, ...]:
        """Every tag used by at least one article, sorted alphabetically."""
        ...


@dataclass(frozen=True, slots=True)
class AuditFilter:
    entity: str | None = None
    actor: str | None = None
    limit: int = 20
    after: str | None = None


class AuditQueries(Protocol):
    async def list_entries(self, filters: AuditFilter) -> AuditPage:
        """Audit entries, newest first, of one kind of entity and one actor (by username)
        when given, starting after the entry with id ``filters.after``."""
        ...
