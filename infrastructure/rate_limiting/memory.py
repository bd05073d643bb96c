"""Fixed-window counters in this process: exact for one worker, per worker for several."""

import math

from application.ports.clock import Clock
from application.ports.rate_limiter import RateLimiter

# Closed windows are dropped once this many keys are held (then twice as many as remain):
# open windows are never dropped, or flooding with other keys would reset a count.
_PRUNE_AT = 10_000


class InMemoryRateLimiter(RateLimiter):
    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        # key -> (attempts, when the window closes, as a POSIX timestamp)
        self._windows: dict[str, tuple[int, float]] = {}
        self._prune_at = _PRUNE_AT

    async def hit(self, key: str, *, limit: int, window_seconds: int) -> int | None:
        now = self._clock.now().timestamp()
        attempts, closes_at = self._windows.get(key, (0, 0.0))
        if closes_at <= now:
            if len(self._windows) >= self._prune_at:
                self._prune(now)
            attempts, closes_at = 0, now + window_seconds
        attempts += 1
        self._windows[key] = (attempts, closes_at)
        if attempts <= limit:
            return None
        return max(1, math.ceil(closes_at - now))

    def _prune(self, now: float) -> None:
        self._windows = {key: w for key, w in self._windows.items() if w[1] > now}
        self._prune_at = max(_PRUNE_AT, 2 * len(self._windows))
