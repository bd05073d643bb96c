"""The outbox relay keeps up with writers on PostgreSQL: new articles fanned out to their
authors' followers (a notification per follower), drained by one to three relays, and relayed
by the relays of two "servers" (containers with engines of their own) while both write.

The figures (events/s drained, the lag of each event from its commit to its publication) are
printed (``pytest -s``) and reported in docs/live-updates.md.
"""

import asyncio
import itertools
import time
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
import sqlalchemy as sa
from dependency_injector import providers

from application.events import ArticlePublished
from infrastructure.container import Container
from tests.factories import a_user, settings_for_tests

pytestmark = pytest.mark.relay

AUTHORS = 20
# Followers of every author: each new article notifies that many users. The drain uses a heavy
# fan-out; the lag test the benchmark's (2,000 follows among 200 users: 10 per author).
FOLLOWERS = 50
BENCHMARK_FOLLOWERS = 10
BACKLOG = 1_000
# The create rate of the benchmark (POST /api/articles, docs/performance.md: 189 req/s with one
# worker, 254 with two) and how long writers keep it up.
CREATE_RATE = 250
LOAD_SECONDS = 4.0
WRITERS_PER_SERVER = 4
LAG_P99_SECONDS = 1.0
DRAIN_DEADLINE_SECONDS = 30


def a_server(database_url: str) -> Container:
    container = Container()
    container.settings.override(
        providers.Object(settings_for_tests(database_url, db_pool_size=6, cache_enabled=False))
    )
    return container


@pytest.fixture
async def servers(empty_committing_postgres: str) -> AsyncIterator[list[Container]]:
    containers = [a_server(empty_committing_postgres) for _ in range(3)]
    yield containers
    for container in containers:
        await container.storage().close()


async def authors_with_followers(container: Container, followers: int) -> list[int]:
    async with container.uow() as uow:
        authors = [await uow.users.add(a_user(f"author{n}")) for n in range(AUTHORS)]
        fans = [await uow.users.add(a_user(f"fan{n}")) for n in range(followers)]
        for author, fan in itertools.product(authors, fans):
            assert author.id is not None
            assert fan.id is not None
            await uow.follows.follow(fan.id, author.id)
        await uow.commit()
    return [author.id for author in authors if author.id is not None]


def published(number: int, authors: list[int]) -> ArticlePublished:
    return ArticlePublished(
        article_id=number, slug=f"article-{number}", title="T", author_id=authors[number % AUTHORS]
    )


async def write_events(container: Container, numbers: range, authors: list[int]) -> None:
    async with container.uow() as uow:
        for number in numbers:
            uow.record(published(number, authors))
        await uow.commit()


async def drain(container: Container) -> None:
    while await container.relay_outbox().execute():
        pass


async def delivered(container: Container) -> tuple[int, int, list[float]]:
    """Events published, notifications stored, and each event's lag in seconds."""
    async with container.engine().connect() as connection:
        lags = (
            await connection.execute(
                sa.text(
                    "SELECT extract(epoch FROM published_at - occurred_at) FROM outbox"
                    " WHERE published_at IS NOT NULL"
                )
            )
        ).scalars()
        lag_list = sorted(float(lag) for lag in lags)
        stored = await connection.scalar(sa.text("SELECT count(*) FROM notifications"))
    return len(lag_list), int(stored or 0), lag_list


async def all_published(container: Container, total: int) -> None:
    while (await delivered(container))[0] < total:  # noqa: ASYNC110 (polls the database)
        await asyncio.sleep(0.1)


def percentile(values: list[float], fraction: float) -> float:
    return values[min(len(values) - 1, int(len(values) * fraction))]


@pytest.mark.parametrize("relays", [1, 2, 3])
async def test_relays_drain_a_backlog_fanned_out_to_followers_exactly_once(
    servers: list[Container], relays: int
) -> None:
    authors = await authors_with_followers(servers[0], FOLLOWERS)
    await write_events(servers[0], range(BACKLOG), authors)

    started = time.perf_counter()
    await asyncio.gather(*(drain(server) for server in servers[:relays]))
    seconds = time.perf_counter() - started

    events, notifications, _ = await delivered(servers[0])
    assert (events, notifications) == (BACKLOG, BACKLOG * FOLLOWERS)
    print(
        f"\n{relays} relay(s): {BACKLOG} events ({BACKLOG * FOLLOWERS} notifications) in"
        f" {seconds:.2f} s: {BACKLOG / seconds:.0f} events/s"
    )


async def write_at_rate(container: Container, numbers: list[int], authors: list[int]) -> None:
    """One article's event per commit, each at its turn of the create rate."""
    start = time.monotonic()
    for position, number in enumerate(numbers):
        delay = start + position * WRITERS_PER_SERVER * len(SERVERS) / CREATE_RATE
        await asyncio.sleep(max(0.0, delay - time.monotonic()))
        await write_events(container, range(number, number + 1), authors)


SERVERS = range(2)


async def test_relays_in_two_servers_keep_up_with_the_benchmarks_create_rate(
    servers: list[Container],
) -> None:
    """Each server writes and runs its relay, woken by its own commits as in ``conduit serve``."""
    authors = await authors_with_followers(servers[0], BENCHMARK_FOLLOWERS)
    total = int(CREATE_RATE * LOAD_SECONDS)
    lanes = len(SERVERS) * WRITERS_PER_SERVER
    relays = [asyncio.create_task(servers[s].relay_loop().run()) for s in SERVERS]
    started = time.monotonic()
    try:
        await asyncio.gather(
            *(
                write_at_rate(
                    servers[lane % len(SERVERS)], list(range(lane, total, lanes)), authors
                )
                for lane in range(lanes)
            )
        )
        writing = time.monotonic() - started
        await asyncio.wait_for(all_published(servers[0], total), DRAIN_DEADLINE_SECONDS)
    finally:
        for relay in relays:
            relay.cancel()
        await asyncio.gather(*relays, return_exceptions=True)

    events, notifications, lags = await delivered(servers[0])
    assert (events, notifications) == (total, total * BENCHMARK_FOLLOWERS)
    p50, p99 = percentile(lags, 0.5), percentile(lags, 0.99)
    print(
        f"\n{total} events written at {total / writing:.0f}/s by {len(SERVERS)} servers:"
        f" lag p50 {p50 * 1000:.0f} ms, p99 {p99 * 1000:.0f} ms, max {lags[-1] * 1000:.0f} ms"
    )
    assert timedelta(seconds=p99) < timedelta(seconds=LAG_P99_SECONDS)
