"""Cache: the in-memory and Redis adapters keep, expire and forget alike."""

import asyncio
import uuid
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from redis.asyncio import Redis

from infrastructure.cache.memory import InMemoryCache
from infrastructure.cache.redis import RedisCache
from tests.databases import REDIS_URL

LONG = timedelta(minutes=5)


@pytest.fixture(params=["memory", "redis"])
async def cache(request: pytest.FixtureRequest) -> AsyncIterator[InMemoryCache | RedisCache]:
    if request.param == "memory":
        yield InMemoryCache()
        return
    client = Redis.from_url(REDIS_URL)
    yield RedisCache(client, namespace=f"conduit-test-{uuid.uuid4().hex}")
    await client.aclose()


async def test_a_stored_value_comes_back_until_deleted(cache: InMemoryCache | RedisCache) -> None:
    await cache.set("article:ünïcode", b"\x00value", LONG)

    assert await cache.get("article:ünïcode") == b"\x00value"
    await cache.delete("article:ünïcode", "absent")
    assert await cache.get("article:ünïcode") is None


async def test_a_value_expires_after_its_ttl(cache: InMemoryCache | RedisCache) -> None:
    await cache.set("short", b"1", timedelta(milliseconds=50))
    await cache.set("long", b"2", LONG)

    await asyncio.sleep(0.1)

    assert await cache.get("short") is None
    assert await cache.get("long") == b"2"


async def test_deleting_a_tag_forgets_every_key_filed_under_it_and_only_those(
    cache: InMemoryCache | RedisCache,
) -> None:
    await cache.set("article:a", b"1", LONG, tags=("author:jake",))
    await cache.set("article:b", b"2", LONG, tags=("author:jake", "other"))
    await cache.set("article:c", b"3", LONG, tags=("author:ann",))
    await cache.set("tags", b"4", LONG)

    await cache.delete_tagged("author:jake", "author:nobody")

    values = [await cache.get(key) for key in ("article:a", "article:b", "article:c", "tags")]
    assert values == [None, None, b"3", b"4"]


async def test_a_key_stored_again_without_a_tag_leaves_the_tag(
    cache: InMemoryCache | RedisCache,
) -> None:
    await cache.set("article:a", b"1", LONG, tags=("author:jake",))
    await cache.delete_tagged("author:jake")
    await cache.set("article:a", b"2", LONG, tags=("author:jacob",))

    await cache.delete_tagged("author:jake")

    assert await cache.get("article:a") == b"2"


async def test_deleting_nothing_is_fine(cache: InMemoryCache | RedisCache) -> None:
    await cache.delete()


async def test_the_memory_cache_evicts_the_least_recently_used_entry() -> None:
    cache = InMemoryCache(max_entries=2)
    await cache.set("a", b"1", LONG)
    await cache.set("b", b"2", LONG)
    await cache.get("a")

    await cache.set("c", b"3", LONG)

    assert [await cache.get(key) for key in "abc"] == [b"1", None, b"3"]


async def test_an_unreachable_redis_is_a_miss_not_an_error() -> None:
    client = Redis.from_url("redis://127.0.0.1:1/0", socket_connect_timeout=0.5)
    cache = RedisCache(client, namespace="conduit-test")
    try:
        await cache.set("key", b"value", LONG, tags=("tag",))
        await cache.delete("key")
        await cache.delete_tagged("tag")
        assert await cache.get("key") is None
    finally:
        await client.aclose()
