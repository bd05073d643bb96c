"""Relays in many processes at once: on PostgreSQL and MariaDB, ``FOR UPDATE SKIP LOCKED``
gives each event to exactly one of them. Two relays here have their own engines and
connections, as two processes would, and race over the same outbox."""

import asyncio
from collections.abc import AsyncIterator

import pytest
from dependency_injector import providers

from application.events import Delivery, UserFollowed
from infrastructure.container import Container
from tests.factories import settings_for_tests

EVENTS = 300


class RecordingPublisher:
    """Publishes nowhere; remembers what it was given, yielding so the relays interleave."""

    def __init__(self) -> None:
        self.published: list[str] = []

    async def publish(self, delivery: Delivery) -> None:
        await asyncio.sleep(0)
        self.published.append(delivery.record.id)


@pytest.fixture(params=["postgres", "mariadb"])
def database_url(request: pytest.FixtureRequest) -> str:
    return str(request.getfixturevalue(f"empty_committing_{request.param}"))


@pytest.fixture
async def relays(database_url: str) -> AsyncIterator[list[Container]]:
    containers = []
    for _ in range(2):
        container = Container()
        container.settings.override(
            providers.Object(settings_for_tests(database_url, relay_batch_size=7, db_pool_size=2))
        )
        container.event_bus.override(providers.Object(RecordingPublisher()))
        containers.append(container)
    yield containers
    for container in containers:
        await container.engine().dispose()


async def record_events(container: Container, count: int) -> None:
    async with container.uow() as uow:
        for number in range(count):
            uow.record(UserFollowed(follower_id=number, followee_id=0))
        await uow.commit()


async def drain(container: Container) -> None:
    while await container.relay_outbox().execute():
        pass


async def test_two_relays_deliver_every_event_exactly_once(relays: list[Container]) -> None:
    await record_events(relays[0], EVENTS)

    await asyncio.gather(*(drain(relay) for relay in relays))

    first, second = (relay.event_bus().published for relay in relays)
    assert len(first) + len(second) == EVENTS
    assert len(set(first) | set(second)) == EVENTS
    assert first, "the first relay took part"
    assert second, "the second relay took part"
