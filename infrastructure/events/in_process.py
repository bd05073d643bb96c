"""Publishing inside one process: every subscriber gets every delivery, in order."""

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from application.events import Delivery
from application.ports.events import EventPublisher, EventSubscriber


class InProcessEventBus(EventPublisher, EventSubscriber):
    def __init__(self) -> None:
        self._queues: set[asyncio.Queue[Delivery]] = set()

    async def publish(self, delivery: Delivery) -> None:
        for queue in self._queues:
            queue.put_nowait(delivery)

    @asynccontextmanager
    async def subscribe(self) -> AsyncIterator[AsyncIterator[Delivery]]:
        queue: asyncio.Queue[Delivery] = asyncio.Queue()
        self._queues.add(queue)
        try:
            yield _drain(queue)
        finally:
            self._queues.discard(queue)


async def _drain(queue: asyncio.Queue[Delivery]) -> AsyncIterator[Delivery]:
    while True:
        yield await queue.get()
