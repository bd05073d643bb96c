"""RateLimiter: fixed windows per key, on the in-memory adapter and on a real Redis.

Redis is the one at ``CONDUIT_TEST_REDIS_URL`` (default ``redis://127.0.0.1:6379/0``); each
test writes under its own key prefix and deletes it afterwards. Redis keeps time itself, so
its windows pass by waiting; the in-memory adapter's pass by moving its clock.
"""

import asyncio
import socket
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass

import pytest
from redis.asyncio import Redis

from application.ports.rate_limiter import RateLimiter
from infrastructure.rate_limiting.memory import InMemoryRateLimiter
from infrastructure.rate_limiting.redis import RedisRateLimiter
from tests.databases import REDIS_URL
from tests.factories import FixedClock


@dataclass
class Limiter:
    port: RateLimiter
    wait: Callable[[float], Awaitable[None]]


@pytest.fixture(params=["memory", "redis"])
async def limiter(request: pytest.FixtureRequest) -> AsyncIterator[Limiter]:
    if request.param == "memory":
        clock = FixedClock()

        async def advance(seconds: float) -> None:
            clock.advance(seconds=seconds)

        yield Limiter(InMemoryRateLimiter(clock), advance)
        return
    client = Redis.from_url(REDIS_URL)
    prefix = f"conduit-test:{uuid.uuid4().hex}:"
    try:
        limiter = RedisRateLimiter(client, fallback=UnreachableFallback(), prefix=prefix)
        yield Limiter(limiter, asyncio.sleep)
    finally:
        keys = [key async for key in client.scan_iter(match=f"{prefix}*")]
        if keys:
            await client.delete(*keys)
        await client.aclose()


class UnreachableFallback:
    """Proves the Redis adapter counted in Redis: any use of the fallback fails the test."""

    async def hit(self, key: str, *, limit: int, window_seconds: int) -> int | None:
        raise AssertionError(f"the fallback counted {key} ({limit}/{window_seconds}s)")


async def hits(limiter: Limiter, key: str, times: int, limit: int, window: int) -> list[int | None]:
    return [await limiter.port.hit(key, limit=limit, window_seconds=window) for _ in range(times)]


async def test_attempts_up_to_the_limit_pass_and_the_next_ones_wait(limiter: Limiter) -> None:
    answers = await hits(limiter, "login:jake", 5, limit=3, window=60)

    assert answers[:3] == [None, None, None]
    assert all(isinstance(wait, int) and 0 < wait <= 60 for wait in answers[3:])


async def test_each_key_counts_on_its_own(limiter: Limiter) -> None:
    await hits(limiter, "login:jake", 3, limit=3, window=60)

    assert await hits(limiter, "login:celeb", 3, limit=3, window=60) == [None, None, None]
    assert await hits(limiter, "login:jake", 1, limit=3, window=60) != [None]


async def test_the_wait_is_what_remains_of_the_window(limiter: Limiter) -> None:
    await hits(limiter, "login:jake", 1, limit=1, window=30)
    await limiter.wait(1.1)

    [wait] = await hits(limiter, "login:jake", 1, limit=1, window=30)

    assert wait is not None
    assert 27 <= wait <= 29


async def test_once_the_window_closes_attempts_count_anew(limiter: Limiter) -> None:
    await hits(limiter, "login:jake", 3, limit=2, window=1)

    await limiter.wait(1.2)

    assert await hits(limiter, "login:jake", 3, limit=2, window=1) == [None, None, 1]


async def test_attempts_refused_still_count_so_hammering_does_not_reopen_the_window(
    limiter: Limiter,
) -> None:
    await hits(limiter, "login:jake", 10, limit=2, window=60)
    await limiter.wait(1.1)

    [wait] = await hits(limiter, "login:jake", 1, limit=2, window=60)

    assert wait is not None
    assert wait <= 59


async def test_while_redis_is_unreachable_the_worker_counts_on_its_own() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    client = Redis.from_url(f"redis://127.0.0.1:{closed_port}/0", socket_connect_timeout=1)
    limiter = RedisRateLimiter(client, fallback=InMemoryRateLimiter(FixedClock()))
    try:
        answers = [await limiter.hit("login:jake", limit=2, window_seconds=60) for _ in range(3)]
    finally:
        await client.aclose()

    assert answers[:2] == [None, None]
    assert answers[2] == 60
