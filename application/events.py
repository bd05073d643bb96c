"""Domain events: facts a use case records in its unit of work, stored with its change.

An event is a frozen dataclass of plain values; ``EVENT_TYPES`` names each one, so adapters
can store an event as ``(name, fields)`` and read it back with ``event_from``.
"""

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any


@dataclass(frozen=True, slots=True)
class ArticlePublished:
    article_id: int
    slug: str
    title: str
    author_id: int


@dataclass(frozen=True, slots=True)
class ArticleEdited:
    article_id: int
    slug: str
    author_id: int


@dataclass(frozen=True, slots=True)
class ArticleDeleted:
    article_id: int
    slug: str
    author_id: int


@dataclass(frozen=True, slots=True)
class ArticleRestored:
    article_id: int
    slug: str
    author_id: int


@dataclass(frozen=True, slots=True)
class CommentAdded:
    comment_id: int
    article_id: int
    slug: str
    title: str
    article_author_id: int
    author_id: int
    body: str


@dataclass(frozen=True, slots=True)
class ArticleFavorited:
    article_id: int
    slug: str
    title: str
    article_author_id: int
    user_id: int


@dataclass(frozen=True, slots=True)
class ArticleUnfavorited:
    article_id: int
    slug: str
    user_id: int


@dataclass(frozen=True, slots=True)
class UserFollowed:
    follower_id: int
    followee_id: int


@dataclass(frozen=True, slots=True)
class ProfileUpdated:
    user_id: int
    old_username: str
    username: str


DomainEvent = (
    ArticlePublished
    | ArticleEdited
    | ArticleDeleted
    | ArticleRestored
    | CommentAdded
    | ArticleFavorited
    | ArticleUnfavorited
    | UserFollowed
    | ProfileUpdated
)

EVENT_TYPES: Mapping[str, type[DomainEvent]] = {
    kind.__name__: kind
    for kind in (
        ArticlePublished,
        ArticleEdited,
        ArticleDeleted,
        ArticleRestored,
        CommentAdded,
        ArticleFavorited,
        ArticleUnfavorited,
        UserFollowed,
        ProfileUpdated,
    )
}


def event_name(event: DomainEvent) -> str:
    return type(event).__name__


def event_fields(event: DomainEvent) -> dict[str, Any]:
    return asdict(event)


def event_from(name: str, fields: Mapping[str, Any]) -> DomainEvent:
    """The event stored as ``(name, fields)``; an unknown name raises ``KeyError``."""
    return EVENT_TYPES[name](**fields)


@dataclass(frozen=True, slots=True)
class EventRecord:
    """An event as the outbox keeps it: ``id`` is a UUIDv7, so ids sort by time."""

    id: str
    occurred_at: datetime
    event: DomainEvent


@dataclass(frozen=True, slots=True)
class Delivery:
    """What the relay publishes: the event and the users it notified (maybe none)."""

    record: EventRecord
    notified: tuple[int, ...] = ()
