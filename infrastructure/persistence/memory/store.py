"""The in-memory database: plain dictionaries of entities, copied per unit of work."""

import asyncio
import copy
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from application.events import EventRecord
from application.ports.notifications import Notice
from domain.articles.article import Article
from domain.articles.comment import Comment
from domain.users.settings import UserSettings
from domain.users.user import User


@dataclass(frozen=True, slots=True)
class AuditRecord:
    id: uuid.UUID
    occurred_at: datetime
    actor_id: int | None
    entity: str
    entity_id: str
    action: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None


@dataclass
class OutboxEntry:
    record: EventRecord
    available_at: datetime
    attempts: int = 0
    last_error: str | None = None
    published_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class NotificationEntry:
    id: int
    recipient_id: int
    notice: Notice


@dataclass
class MemoryData:
    users: dict[int, User] = field(default_factory=dict)
    articles: dict[int, Article] = field(default_factory=dict)
    comments: dict[int, Comment] = field(default_factory=dict)
    # (follower_id, followee_id) -> since; (user_id, article_id) -> since
    follows: dict[tuple[int, int], datetime] = field(default_factory=dict)
    favorites: dict[tuple[int, int], datetime] = field(default_factory=dict)
    audit: list[AuditRecord] = field(default_factory=list)
    outbox: dict[str, OutboxEntry] = field(default_factory=dict)
    notifications: dict[int, NotificationEntry] = field(default_factory=dict)
    settings: dict[int, UserSettings] = field(default_factory=dict)
    last_id: int = 0

    def next_id(self) -> int:
        self.last_id += 1
        return self.last_id


class MemoryStore:
    """Holds the committed data; a unit of work edits a private copy and swaps it in.

    Units of work run one at a time (the write lock), so a commit never overwrites a
    concurrent one: the serializable behaviour a SQL database gives with its locks.
    """

    def __init__(self) -> None:
        self.committed = MemoryData()
        self.write_lock = asyncio.Lock()
        # Idempotency keys: which claim holds each (``Claim.by``), and those whose request's
        # write committed (``infrastructure.held_keys``).
        self.key_holders: dict[tuple[str, str], str] = {}
        self.landed_keys: set[tuple[str, str]] = set()

    def snapshot(self) -> MemoryData:
        return copy.deepcopy(self.committed)
