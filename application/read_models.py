"""Frozen views answered by the read ports: what the API shows, nothing more."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from application.pagination import (
    Position,
    RankedPosition,
    encode_cursor,
    encode_ranked_cursor,
)
from domain.articles.article import ArticleStatus


@dataclass(frozen=True, slots=True)
class ProfileView:
    username: str
    bio: str
    image: str
    following: bool


@dataclass(frozen=True, slots=True)
class ArticleView:
    """``body`` is ``None`` in list views, which do not carry it; ``word_count`` is the body's
    all the same. ``metadata`` is the article's JSON object (empty when it has none).
    ``deleted_at`` is set on the author's deleted articles only."""

    slug: str
    title: str
    description: str
    body: str | None
    tags: tuple[str, ...]
    created_at: datetime
    updated_at: datetime
    favorited: bool
    favorites_count: int
    author: ProfileView
    metadata: Mapping[str, Any]
    word_count: int
    status: ArticleStatus = ArticleStatus.PUBLISHED
    deleted_at: datetime | None = None
    version: int = 1


@dataclass(frozen=True, slots=True)
class ArticlePage:
    """``total`` counts every match; ``next`` is where the following page starts, if any."""

    articles: tuple[ArticleView, ...]
    total: int
    next: Position | None = None

    @property
    def next_cursor(self) -> str | None:
        return encode_cursor(self.next) if self.next else None


@dataclass(frozen=True, slots=True)
class CommentView:
    id: int
    body: str
    created_at: datetime
    updated_at: datetime
    author: ProfileView


@dataclass(frozen=True, slots=True)
class CommentPage:
    """Oldest first; ``next`` is where the following page starts, if any."""

    comments: tuple[CommentView, ...]
    next: Position | None = None

    @property
    def next_cursor(self) -> str | None:
        return encode_cursor(self.next) if self.next else None


@dataclass(frozen=True, slots=True)
class TagCount:
    tag: str
    count: int


@dataclass(frozen=True, slots=True)
class ProfileStatsView:
    """What a user wrote and how it was received. ``favorites_rank`` is the user's place among
    all users by favorites received (1 = most; equal counts share a place, as SQL's RANK());
    ``top_tags`` are the tags of their articles, most used first (ties by name)."""

    username: str
    articles: int
    comments: int
    favorites_received: int
    followers: int
    favorites_rank: int
    top_tags: tuple[TagCount, ...]


@dataclass(frozen=True, slots=True)
class AuthenticatedUserView:
    email: str
    token: str
    username: str
    bio: str
    image: str


@dataclass(frozen=True, slots=True)
class AuditEntryView:
    """One write: who (``actor`` is ``None`` for the system), what, when, and summaries of
    the entity before and after (``None`` where it did not exist)."""

    id: str
    occurred_at: datetime
    actor: str | None
    entity: str
    entity_id: str
    action: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None


@dataclass(frozen=True, slots=True)
class AuditPage:
    """Newest first; ``next`` is the id the following page starts after, if any."""

    entries: tuple[AuditEntryView, ...]
    next: str | None = None


@dataclass(frozen=True, slots=True)
class NotificationView:
    """``kind`` is ``article_published``, ``comment_added`` or ``article_favorited``;
    ``comment_body`` is set for comments only."""

    id: int
    kind: str
    created_at: datetime
    actor: ProfileView
    article_slug: str
    article_title: str
    comment_body: str | None


@dataclass(frozen=True, slots=True)
class NotificationPage:
    """``next`` is the id to pass as ``before`` for the following (older) page, if any."""

    notifications: tuple[NotificationView, ...]
    next: int | None = None


@dataclass(frozen=True, slots=True)
class SearchHit:
    """A matching article (without body), how well it matches, and an excerpt whose matches
    are enclosed in ``MATCH_START``/``MATCH_END`` (``application.search``)."""

    article: ArticleView
    rank: float
    snippet: str


@dataclass(frozen=True, slots=True)
class SearchPage:
    """Best match first; ``total`` counts every match, ``next`` is set when more follow."""

    hits: tuple[SearchHit, ...]
    total: int
    next: RankedPosition | None = None

    @property
    def next_cursor(self) -> str | None:
        return encode_ranked_cursor(self.next) if self.next else None
