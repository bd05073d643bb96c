"""Fixed-window counters in Redis, shared by every worker and server: one round trip a hit."""

from redis.asyncio import Redis

from application.ports.rate_limiter import RateLimiter


class RedisRateLimiter(RateLimiter):
    def __init__(self, client: Redis, prefix: str = "conduit:rate:") -> None:
        self._client = client
        self._prefix = prefix

    async def hit(self, key: str, *, limit: int, window_seconds: int) -> int | None:
        name = self._prefix + key
        # One MULTI/EXEC: the first attempt creates the counter with the window as its expiry;
        # INCR keeps that expiry; TTL says how long the window still runs.
        async with self._client.pipeline(transaction=True) as pipeline:
            pipeline.set(name, 0, ex=window_seconds, nx=True)
            pipeline.incr(name)
            pipeline.ttl(name)
            _, attempts, ttl = await pipeline.execute()
        if attempts <= limit:
            return None
        return max(1, int(ttl))
