"""A shared key-value cache with per-key lifetimes, used cache-aside by the read side."""

from datetime import timedelta
from typing import Protocol


class Cache(Protocol):
    """A cache is never the truth: a failing cache answers ``None`` and forgets, so readers
    fall back to the database."""

    async def get(self, key: str) -> bytes | None:
        """The value stored under ``key``, or ``None`` when absent or expired."""
        ...

    async def set(self, key: str, value: bytes, ttl: timedelta, tags: tuple[str, ...] = ()) -> None:
        """Store ``value`` under ``key`` for ``ttl`` at most, filed under each of ``tags``."""
        ...

    async def delete(self, *keys: str) -> None:
        """Forget ``keys``; absent keys are fine."""
        ...

    async def delete_tagged(self, *tags: str) -> None:
        """Forget every key stored with any of ``tags``."""
        ...
