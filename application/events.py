"""Domain events as the outbox keeps them: ``EVENT_TYPES`` names each one, so adapters can
store an event as ``(name, fields)`` and read it back with ``event_from``. Entities raise the
events themselves (``domain.events``).
"""

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any, get_args

from domain.events import (
    ArticleDeleted,
    ArticleEdited,
    ArticleFavorited,
    ArticlePublished,
    ArticleRestored,
    ArticleUnfavorited,
    CommentAdded,
    DomainEvent,
    ProfileUpdated,
    UserFollowed,
)

__all__ = [
    "EVENT_TYPES",
    "ArticleDeleted",
    "ArticleEdited",
    "ArticleFavorited",
    "ArticlePublished",
    "ArticleRestored",
    "ArticleUnfavorited",
    "CommentAdded",
    "Delivery",
    "DomainEvent",
    "EventRecord",
    "ProfileUpdated",
    "UserFollowed",
    "event_fields",
    "event_from",
    "event_name",
]

# Every member of the union, by class name: the names stored in the outbox.
EVENT_TYPES: Mapping[str, type[DomainEvent]] = {
    kind.__name__: kind for kind in get_args(DomainEvent)
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
