"""The in-memory outbox and notifications, over the store's committed data.

Each method holds the store's write lock, as a SQL transaction would hold its locks, and
edits the committed data in place (no unit of work has a copy open while the lock is held).
"""

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

from application.events import EventRecord
from application.ports.events import Outbox
from application.ports.notifications import (
    Addressed,
    Notice,
    NotificationQueries,
    NotificationRepository,
)
from application.read_models import NotificationPage, NotificationView, ProfileView
from infrastructure.persistence.memory.store import (
    MemoryData,
    MemoryStore,
    NotificationEntry,
)


class InMemoryOutbox(Outbox):
    def __init__(self, store: MemoryStore) -> None:
        self._store = store

    async def lease(self, limit: int, now: datetime, until: datetime) -> tuple[EventRecord, ...]:
        async with self._store.write_lock:
            due = sorted(
                (
                    entry
                    for entry in self._store.committed.outbox.values()
                    if entry.published_at is None and entry.available_at <= now
                ),
                key=lambda entry: (entry.available_at, entry.record.id),
            )[:limit]
            for entry in due:
                entry.available_at = until
            return tuple(sorted((entry.record for entry in due), key=lambda record: record.id))

    async def mark_published(self, event_ids: Sequence[str], now: datetime) -> None:
        async with self._store.write_lock:
            for event_id in event_ids:
                self._store.committed.outbox[event_id].published_at = now

    async def mark_failed(self, event_id: str, error: str, retry_at: datetime) -> None:
        async with self._store.write_lock:
            entry = self._store.committed.outbox[event_id]
            entry.attempts += 1
            entry.last_error = error
            entry.available_at = retry_at

    async def oldest_pending(self) -> datetime | None:
        pending = [
            entry.record.occurred_at
            for entry in self._store.committed.outbox.values()
            if entry.published_at is None
        ]
        return min(pending, default=None)


class InMemoryNotificationRepository(NotificationRepository):
    def __init__(self, store: MemoryStore) -> None:
        self._store = store

    async def store(self, batch: Sequence[Addressed]) -> dict[str, tuple[int, ...]]:
        async with self._store.write_lock:
            data = self._store.committed
            holders: dict[str, tuple[int, ...]] = {}
            for item in batch:
                held = self._store_for(data, item.notice, self._recipients(data, item))
                if held:
                    holders[item.notice.event_id] = held
            return holders

    @staticmethod
    def _recipients(data: MemoryData, item: Addressed) -> list[int]:
        if not item.followers:
            return [item.user_id]
        return [
            follower
            for (follower, followee), since in data.follows.items()
            if followee == item.user_id and since <= item.notice.created_at
        ]

    @staticmethod
    def _store_for(data: MemoryData, notice: Notice, recipients: list[int]) -> tuple[int, ...]:
        held = {
            n.recipient_id
            for n in data.notifications.values()
            if n.notice.event_id == notice.event_id
        }
        for recipient_id in sorted(set(recipients) - held):
            if recipient_id in data.users and notice.actor_id in data.users:
                entry_id = data.next_id()
                data.notifications[entry_id] = NotificationEntry(
                    entry_id, recipient_id, replace(notice)
                )
                held.add(recipient_id)
        return tuple(sorted(held))


class InMemoryNotificationQueries(NotificationQueries):
    def __init__(self, store: MemoryStore) -> None:
        self._store = store

    async def newest(self, recipient_id: int, limit: int, before: int | None) -> NotificationPage:
        mine = sorted(
            (entry for entry in self._mine(recipient_id) if before is None or entry.id < before),
            key=lambda entry: entry.id,
            reverse=True,
        )
        views = tuple(self._view(entry) for entry in mine[:limit])
        return NotificationPage(views, next=views[-1].id if len(mine) > limit else None)

    async def since(
        self, recipient_id: int, after: int, limit: int
    ) -> tuple[NotificationView, ...]:
        mine = sorted(
            (entry for entry in self._mine(recipient_id) if entry.id > after),
            key=lambda entry: entry.id,
        )
        return tuple(self._view(entry) for entry in mine[:limit])

    def _mine(self, recipient_id: int) -> list[NotificationEntry]:
        return [
            entry
            for entry in self._store.committed.notifications.values()
            if entry.recipient_id == recipient_id
        ]

    def _view(self, entry: NotificationEntry) -> NotificationView:
        data = self._store.committed
        actor = data.users[entry.notice.actor_id]
        notice = entry.notice
        return NotificationView(
            id=entry.id,
            kind=notice.kind,
            created_at=notice.created_at,
            actor=ProfileView(
                username=actor.username.value,
                bio=actor.bio,
                image=actor.image,
                following=(entry.recipient_id, notice.actor_id) in data.follows,
            ),
            article_slug=notice.article_slug,
            article_title=notice.article_title,
            comment_body=notice.comment_body,
        )
