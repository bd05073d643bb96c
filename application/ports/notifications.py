"""Notifications: written by the relay's handler, read by their recipient."""

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


class NotificationRepository(Protocol):
    """Each call is its own transaction. Notification ids grow in commit order, so a reader
    who has seen id ``n`` has seen every notification of its recipient up to ``n``."""

    async def notify_user(self, notice: Notice, recipient_id: int) -> tuple[int, ...]:
        """Store the notice for one user (once per event id) and return who holds it now."""
        ...

    async def notify_followers(self, notice: Notice, of_user_id: int) -> tuple[int, ...]:
        """Store the notice for every follower of ``of_user_id`` (once per event id and
        follower) and return who holds it now."""
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
