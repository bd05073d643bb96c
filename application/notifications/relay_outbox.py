import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from application.events import Delivery, EventRecord
from application.notifications.notices import addressed
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
        """Relay one batch; returns how many events it leased (0: nothing was due).

        The batch's notifications are stored in one transaction and its events marked
        published in one statement: a relay's round trips per batch, not per event, are what
        let it keep up with writers. When the batch cannot be stored whole, its events are
        stored one by one, so one event that fails holds back no other.
        """
        now = self._clock.now()
        records = await self._outbox.lease(self._policy.batch_size, now, now + self._policy.lease)
        if not records:
            return 0
        try:
            holders = await self._store(records)
        except Exception as error:  # retried event by event, where failures are logged
            logger.info("storing a batch of notifications failed (%r); one by one", error)
            delivered = [record for record in records if await self._deliver_alone(record)]
        else:
            delivered = [record for record in records if await self._publish(record, holders)]
        if delivered:
            await self._outbox.mark_published([r.id for r in delivered], self._clock.now())
        return len(records)

    async def _store(self, records: Sequence[EventRecord]) -> dict[str, tuple[int, ...]]:
        notices = [notice for record in records if (notice := addressed(record)) is not None]
        return await self._notifications.store(notices) if notices else {}

    async def _deliver_alone(self, record: EventRecord) -> bool:
        try:
            holders = await self._store([record])
        except Exception as error:  # any failure of a handler: retry later
            await self._failed(record, error)
            return False
        return await self._publish(record, holders)

    async def _publish(self, record: EventRecord, holders: dict[str, tuple[int, ...]]) -> bool:
        try:
            await self._publisher.publish(Delivery(record, holders.get(record.id, ())))
        except Exception as error:  # the broker refused it: retry later
            await self._failed(record, error)
            return False
        return True

    async def _failed(self, record: EventRecord, error: Exception) -> None:
        logger.warning("relaying event %s failed: %r", record.id, error)
        retry_at = self._clock.now() + self._policy.retry_after
        await self._outbox.mark_failed(record.id, repr(error), retry_at)
