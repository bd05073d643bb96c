"""Counting attempts per key in fixed time windows."""

from typing import Protocol


class RateLimiter(Protocol):
    async def hit(self, key: str, *, limit: int, window_seconds: int) -> int | None:
        """Count one attempt on ``key``. ``None`` while the current window (which the first
        attempt opens, ``window_seconds`` long) holds at most ``limit`` attempts; past that,
        the whole seconds (at least 1) until the window closes and attempts count anew."""
        ...
