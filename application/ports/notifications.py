"""Notifications: written by the relay's handler, read by their recipient."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from application.read_models import NotificationPage, NotificationView


@dataclass(frozen=True, slots=True)
class Notice:
    """What one event tells its recipients; ``event_id`` makes storing it idempotent."""

    event_id: str
    kind: str
    actor_id: int
    article_slug: str
    article_title: str
    created_at: datetime
    comment_body: str | None = None


@dataclass(frozen=True, slots=True)
class Addressed:
    """A notice and who gets it: the user ``user_id``, or (``followers``) each user who
    followed that user by the notice's time (``created_at``, when its event occurred), however
    late the relay addresses it: following an author after an article was published does not
    bring a notice of it."""

    notice: Notice
    user_id: int
    followers: bool = False


class NotificationRepository(Protocol):
    """Notification ids grow in commit order, so a reader who has seen id ``n`` has seen every
    notification of its recipient up to ``n``."""

    async def store(self, batch: Sequence[Addressed]) -> dict[str, tuple[int, ...]]:
        """Store each notice of ``batch`` for its recipients, all in one transaction, once per
        event id and recipient (storing again changes nothing); returns who holds each event's
        notice now, by event id, in ascending order (an event nobody holds is absent)."""
        ...


class NotificationQueries(Protocol):
    async def newest(self, recipient_id: int, limit: int, before: int | None) -> NotificationPage:
        """The recipient's notifications, newest first, with ids below ``before`` when given;
        ``next`` is where the following page starts, if any."""
        ...

    async def since(
        self, recipient_id: int, after: int, limit: int
    ) -> tuple[NotificationView, ...]:
        """Up to ``limit`` of the recipient's notifications with ids above ``after``, oldest
        first: what a client that saw ``after`` missed."""
        ...
