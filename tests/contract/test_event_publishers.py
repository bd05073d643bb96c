"""EventPublisher/EventSubscriber: in-process, and Redis pub/sub on the real server."""

import asyncio
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
from redis.asyncio import Redis
from redis.exceptions import ConnectionError as RedisConnectionError

from application.events import ArticlePublished, Delivery, EventRecord
from infrastructure.events.in_process import InProcessEventBus
from infrastructure.events.redis import RedisEventBus
from tests.databases import REDIS_URL


@pytest.fixture(params=["in_process", "redis"])
async def bus(request: pytest.FixtureRequest) -> AsyncIterator[InProcessEventBus | RedisEventBus]:
    if request.param == "in_process":
        yield InProcessEventBus()
        return
    client = Redis.from_url(REDIS_URL)
    # A channel of its own, so concurrent test sessions never hear each other.
    yield RedisEventBus(client, namespace=f"conduit-test-{uuid.uuid4().hex}")
    await client.aclose()


def a_delivery(number: int, notified: tuple[int, ...] = ()) -> Delivery:
    event = ArticlePublished(article_id=number, slug=f"a-{number}", title="Ünïcode", author_id=1)
    occurred_at = datetime(2026, 1, 1, 12, 0, number, 5000, tzinfo=UTC)
    return Delivery(EventRecord(f"id-{number}", occurred_at, event), notified)


async def test_every_subscriber_receives_each_delivery_in_order(
    bus: InProcessEventBus | RedisEventBus,
) -> None:
    deliveries = [a_delivery(number, notified=(number, 7)) for number in range(5)]
    async with bus.subscribe() as first, bus.subscribe() as second:
        for delivery in deliveries:
            await bus.publish(delivery)
        async with asyncio.timeout(5):
            heard = [[await anext(stream) for _ in deliveries] for stream in (first, second)]

    assert heard == [deliveries, deliveries]


async def test_a_subscriber_hears_only_what_is_published_after_it_subscribed(
    bus: InProcessEventBus | RedisEventBus,
) -> None:
    await bus.publish(a_delivery(1))
    async with bus.subscribe() as stream:
        await bus.publish(a_delivery(2))
        async with asyncio.timeout(5):
            heard = await anext(stream)

    assert heard == a_delivery(2)


async def test_publishing_without_subscribers_is_fine(
    bus: InProcessEventBus | RedisEventBus,
) -> None:
    await bus.publish(a_delivery(1))


async def test_publishing_to_an_unreachable_redis_raises_so_the_relay_retries() -> None:
    client = Redis.from_url("redis://127.0.0.1:1/0", socket_connect_timeout=0.5)
    bus = RedisEventBus(client, namespace="conduit-test")
    try:
        with pytest.raises(RedisConnectionError):
            await bus.publish(a_delivery(1))
    finally:
        await client.aclose()
