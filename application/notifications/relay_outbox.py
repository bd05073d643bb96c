import logging
from dataclasses import dataclass
from datetime import timedelta

from application.events import Delivery
from application.notifications.notices import notify
from application.ports.clock import Clock
from application.ports.events import EventPublisher, Outbox
from application.ports.notifications import NotificationRepository

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class RelayPolicy:
    batch_size: int = 100
    lease: timedelta = timedelta(seconds=30)
    retry_after: timedelta = timedelta(seconds=5)


class RelayOutbox:
    """Deliver due outbox events: store their notifications, then publish them.

    Safe to run in many processes at once: leases keep each event with one relay. An event
    whose delivery fails stays in the outbox and is retried after ``retry_after``; storing
    notifications is idempotent, so a retry never notifies twice.
    """

    def __init__(
        self,
        outbox: Outbox,
        notifications: NotificationRepository,
        publisher: EventPublisher,
        clock: Clock,
        policy: RelayPolicy,
    ) -> None:
        self._outbox = outbox
        self._notifications = notifications
        self._publisher = publisher
        self._clock = clock
        self._policy = policy

    async def lag(self) -> timedelta:
        """How long the oldest unpublished event has waited (zero when none waits)."""
        oldest = await self._outbox.oldest_pending()
        return max(self._clock.now() - oldest, timedelta(0)) if oldest else timedelta(0)

    async def execute(self) -> int:
        """Relay one batch; returns how many events it leased (0: nothing was due)."""
        now = self._clock.now()
        records = await self._outbox.lease(self._policy.batch_size, now, now + self._policy.lease)
        for record in records:
            try:
                notified = await notify(record, self._notifications)
                await self._publisher.publish(Delivery(record, notified))
            except Exception as error:  # any failure of a handler or broker: retry later
                logger.warning("relaying event %s failed: %r", record.id, error)
                retry_at = self._clock.now() + self._policy.retry_after
                await self._outbox.mark_failed(record.id, repr(error), retry_at)
            else:
                await self._outbox.mark_published(record.id, self._clock.now())
        return len(records)
