"""Fixed-window counters in Redis, shared by every worker and server: one round trip a hit."""

import logging

from redis.asyncio import Redis
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from application.ports.rate_limiter import RateLimiter

logger = logging.getLogger("conduit.rate_limiting")


class RedisRateLimiter(RateLimiter):
    """While Redis cannot be reached, ``fallback`` counts instead (per worker): logins keep
    working and stay limited, if less tightly, rather than failing or going unlimited."""

    def __init__(self, client: Redis, fallback: RateLimiter, prefix: str = "conduit:rate:") -> None:
        self._client = client
        self._fallback = fallback
        self._prefix = prefix

    async def hit(self, key: str, *, limit: int, window_seconds: int) -> int | None:
        try:
            attempts, ttl = await self._count(self._prefix + key, window_seconds)
        except (RedisConnectionError, RedisTimeoutError, OSError) as error:
            logger.warning("Redis unreachable (%s); counting in this worker", error)
            return await self._fallback.hit(key, limit=limit, window_seconds=window_seconds)
        if attempts <= limit:
            return None
        return max(1, ttl)

    async def _count(self, name: str, window_seconds: int) -> tuple[int, int]:
        # One MULTI/EXEC: the first attempt creates the counter with the window as its expiry;
        # INCR keeps that expiry; TTL says how long the window still runs.
        async with self._client.pipeline(transaction=True) as pipeline:
            pipeline.set(name, 0, ex=window_seconds, nx=True)
            pipeline.incr(name)
            pipeline.ttl(name)
            _, attempts, ttl = await pipeline.execute()
        return int(attempts), int(ttl)
