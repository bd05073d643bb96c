"""The in-process rate limiter keeps its memory bounded without forgetting an open window."""

from infrastructure.rate_limiting.memory import InMemoryRateLimiter
from tests.factories import FixedClock


async def test_flooding_with_other_keys_does_not_reset_an_open_window() -> None:
    clock = FixedClock()
    limiter = InMemoryRateLimiter(clock)
    for _ in range(3):
        await limiter.hit("login:account:jake@example.com", limit=2, window_seconds=300)

    for round_ in range(3):
        clock.advance(seconds=1)
        for n in range(12_000):
            await limiter.hit(f"login:account:{round_}-{n}@example.com", limit=2, window_seconds=1)
    clock.advance(seconds=1)

    wait = await limiter.hit("login:account:jake@example.com", limit=2, window_seconds=300)
    assert wait == 296
