"""The outbox and the publishing of events, from the relay to every server."""

from collections.abc import AsyncIterator, Sequence
from contextlib import AbstractAsyncContextManager
from datetime import datetime
from typing import Protocol

from application.events import Delivery, DomainEvent, EventRecord


class Outbox(Protocol):
    """Events written by units of work, waiting to be relayed.

    Every method is its own short transaction. A lease keeps an event from other relays
    until it expires, so a relay that dies mid-batch delays its events but loses none.
    """

    async def lease(self, limit: int, now: datetime, until: datetime) -> tuple[EventRecord, ...]:
        """Up to ``limit`` unpublished events that are due (oldest first), leased to the
        caller until ``until``; events leased by another relay are skipped, never waited for."""
        ...

    async def mark_published(self, event_ids: Sequence[str], now: datetime) -> None:
        """The events were delivered: they are never leased again."""
        ...

    async def mark_failed(self, event_id: str, error: str, retry_at: datetime) -> None:
        """Delivery failed: count the attempt and make the event due again at ``retry_at``."""
        ...

    async def oldest_pending(self) -> datetime | None:
        """When the oldest unpublished event occurred (``None``: all are published); the
        relay's lag, for monitoring, is now minus this."""
        ...


class EventPublisher(Protocol):
    async def publish(self, delivery: Delivery) -> None:
        """Hand the delivery to every subscriber (in every process, for a shared broker);
        raises when the broker refuses it, so the relay retries."""
        ...


class EventSubscriber(Protocol):
    def subscribe(self) -> AbstractAsyncContextManager[AsyncIterator[Delivery]]:
        """Deliveries published from now on, in publishing order, while the context is open."""
        ...


class CommitObserver(Protocol):
    async def committed(self, events: Sequence[DomainEvent]) -> None:
        """Called by the unit of work right after a commit that recorded ``events``; it runs
        in the writing process (cache invalidation, waking the relay) and must not raise."""
        ...
