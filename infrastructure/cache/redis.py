"""A cache shared by every process, in Redis; its failures degrade to misses.

A tag is a Redis set of the keys filed under it, living as long as its newest key.
"""

import logging
from datetime import timedelta

from redis.asyncio import Redis
from redis.exceptions import RedisError

from application.ports.cache import Cache

logger = logging.getLogger(__name__)


class RedisCache(Cache):
    def __init__(self, client: Redis, namespace: str) -> None:
        self._client = client
        self._prefix = f"{namespace}:cache:"
        self._tag_prefix = f"{namespace}:cache-tag:"

    async def get(self, key: str) -> bytes | None:
        try:
            value = await self._client.get(self._prefix + key)
        except RedisError as error:
            logger.warning("cache read failed, reading through: %r", error)
            return None
        return value.encode() if isinstance(value, str) else value

    async def set(self, key: str, value: bytes, ttl: timedelta, tags: tuple[str, ...] = ()) -> None:
        milliseconds = int(ttl.total_seconds() * 1000)
        try:
            async with self._client.pipeline(transaction=False) as pipe:
                pipe.set(self._prefix + key, value, px=milliseconds)
                for tag in tags:
                    pipe.sadd(self._tag_prefix + tag, key)
                    pipe.pexpire(self._tag_prefix + tag, milliseconds, gt=True)
                    pipe.pexpire(self._tag_prefix + tag, milliseconds, nx=True)
                await pipe.execute()
        except RedisError as error:
            logger.warning("cache write failed: %r", error)

    async def delete(self, *keys: str) -> None:
        if not keys:
            return
        try:
            await self._client.delete(*(self._prefix + key for key in keys))
        except RedisError as error:
            # The entry lives until its TTL: the bound on staleness when Redis misbehaves.
            logger.error("cache invalidation failed for %s: %r", keys, error)

    async def delete_tagged(self, *tags: str) -> None:
        for tag in tags:
            try:
                keys = await self._client.smembers(self._tag_prefix + tag)
                names = [self._prefix + (k.decode() if isinstance(k, bytes) else k) for k in keys]
                await self._client.delete(*names, self._tag_prefix + tag)
            except RedisError as error:
                logger.error("cache invalidation failed for tag %s: %r", tag, error)
