"""Publishing through Redis pub/sub: every server process subscribed gets every delivery."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from redis.asyncio import Redis
from redis.asyncio.client import PubSub

from application.events import Delivery
from application.ports.events import EventPublisher, EventSubscriber
from infrastructure.events.records import decode_delivery, encode_delivery


class RedisEventBus(EventPublisher, EventSubscriber):
    def __init__(self, client: Redis, namespace: str) -> None:
        self._client = client
        self._channel = f"{namespace}:events"

    async def publish(self, delivery: Delivery) -> None:
        await self._client.publish(self._channel, encode_delivery(delivery))

    @asynccontextmanager
    async def subscribe(self) -> AsyncIterator[AsyncIterator[Delivery]]:
        pubsub = self._client.pubsub()
        try:
            await pubsub.subscribe(self._channel)
            # Wait for the confirmation: from then on, Redis sends us every publication.
            while await pubsub.get_message(timeout=1.0) is None:
                pass
            yield _deliveries(pubsub)
        finally:
            await pubsub.aclose()


async def _deliveries(pubsub: PubSub) -> AsyncIterator[Delivery]:
    async for message in pubsub.listen():
        if message["type"] == "message":
            yield decode_delivery(message["data"])
