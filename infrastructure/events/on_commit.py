"""What the writing process does right after a commit that recorded events."""

from collections.abc import Sequence

from application.events import DomainEvent
from application.ports.events import CommitObserver
from infrastructure.cache.invalidation import CacheInvalidator
from infrastructure.events.relay_loop import RelayLoop


class AfterCommit(CommitObserver):
    """Forgets the cache entries the events made stale, so the next read through any process
    sharing the cache sees the write; then wakes this process's relay, so the events are
    relayed at once instead of at the next poll (a relay not running here is not woken)."""

    def __init__(self, relay_loop: RelayLoop, invalidator: CacheInvalidator | None) -> None:
        self._relay_loop = relay_loop
        self._invalidator = invalidator

    async def committed(self, events: Sequence[DomainEvent]) -> None:
        if self._invalidator is not None:
            await self._invalidator.invalidate(events)
        self._relay_loop.wake()
