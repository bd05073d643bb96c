"""A per-process cache: a bounded dictionary, least recently used entries evicted first."""

import time
from collections import OrderedDict, defaultdict
from datetime import timedelta

from application.ports.cache import Cache


class InMemoryCache(Cache):
    def __init__(self, max_entries: int = 10_000) -> None:
        self._entries: OrderedDict[str, tuple[float, bytes]] = OrderedDict()
        self._tagged: defaultdict[str, set[str]] = defaultdict(set)
        self._tags_of: dict[str, tuple[str, ...]] = {}
        self._max_entries = max_entries

    async def get(self, key: str) -> bytes | None:
        entry = self._entries.get(key)
        if entry is None:
            return None
        expires_at, value = entry
        if expires_at <= time.monotonic():
            self._forget(key)
            return None
        self._entries.move_to_end(key)
        return value

    async def set(self, key: str, value: bytes, ttl: timedelta, tags: tuple[str, ...] = ()) -> None:
        self._forget(key)
        self._entries[key] = (time.monotonic() + ttl.total_seconds(), value)
        if tags:
            self._tags_of[key] = tags
            for tag in tags:
                self._tagged[tag].add(key)
        while len(self._entries) > self._max_entries:
            self._forget(next(iter(self._entries)))

    async def delete(self, *keys: str) -> None:
        for key in keys:
            self._forget(key)

    async def delete_tagged(self, *tags: str) -> None:
        for tag in tags:
            for key in tuple(self._tagged.get(tag, ())):
                self._forget(key)

    def _forget(self, key: str) -> None:
        self._entries.pop(key, None)
        for tag in self._tags_of.pop(key, ()):
            keys = self._tagged[tag]
            keys.discard(key)
            if not keys:
                del self._tagged[tag]
