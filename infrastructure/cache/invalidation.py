"""Forgetting what events made stale: right after the commit in the writing process, and
again in every process when the relay publishes the event (for per-process caches)."""

from collections.abc import Iterable

from application.events import DomainEvent
from application.ports.cache import Cache
from infrastructure.cache.keys import stale_after


class CacheInvalidator:
    def __init__(self, cache: Cache) -> None:
        self._cache = cache

    async def invalidate(self, events: Iterable[DomainEvent]) -> None:
        stale = [stale_after(event) for event in events]
        keys = sorted({key for each in stale for key in each.keys})
        tags = sorted({tag for each in stale for tag in each.tags})
        if keys:
            await self._cache.delete(*keys)
        if tags:
            await self._cache.delete_tagged(*tags)
