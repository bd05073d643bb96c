"""Each server follows the published deliveries: to wake its live connections, and to drop
cache entries other processes' writes made stale (a per-process cache has no other way)."""

import asyncio
import logging

from application.ports.events import EventSubscriber
from infrastructure.cache.invalidation import CacheInvalidator
from infrastructure.events.hub import NotificationHub

logger = logging.getLogger(__name__)

_RESUBSCRIBE_DELAY_SECONDS = 1.0


class DeliveryListener:
    def __init__(
        self,
        subscriber: EventSubscriber,
        hub: NotificationHub,
        invalidator: CacheInvalidator | None,
    ) -> None:
        self._subscriber = subscriber
        self._hub = hub
        self._invalidator = invalidator

    async def run(self) -> None:
        """Follow the deliveries until cancelled, subscribing again after a failure."""
        while True:
            try:
                async with self._subscriber.subscribe() as deliveries:
                    # Anything published while we were not subscribed: look again.
                    self._hub.wake_everyone()
                    async for delivery in deliveries:
                        self._hub.wake(delivery.notified)
                        if self._invalidator is not None:
                            await self._invalidator.invalidate([delivery.record.event])
            except Exception:
                logger.exception("lost the event subscription; subscribing again")
                await asyncio.sleep(_RESUBSCRIBE_DELAY_SECONDS)
