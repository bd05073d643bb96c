"""The relay as a long-running task: in each server (unless turned off) or in its own process."""

import asyncio
import logging
from collections.abc import Callable

from application.notifications.relay_outbox import RelayOutbox
from infrastructure.observability import metrics

logger = logging.getLogger(__name__)

# Woken by a commit, the relay waits this long first, so that the commits of concurrent
# requests go out in one batch: under load, a transaction per batch instead of one per write
# (and a few milliseconds more before a live notification).
_GATHER_SECONDS = 0.01


class RelayLoop:
    """Runs the relay until cancelled: soon after being woken (a local commit recorded
    events), otherwise every ``interval`` seconds, for events written by other processes or
    retried. A full batch is followed by the next at once; the outbox lag is measured once per
    ``interval``, not per batch."""

    def __init__(self, relay: Callable[[], RelayOutbox], interval: float, batch_size: int) -> None:
        self._relay = relay
        self._interval = interval
        self._batch_size = batch_size
        self._wakeup = asyncio.Event()

    def wake(self) -> None:
        self._wakeup.set()

    async def run(self) -> None:
        clock = asyncio.get_running_loop().time
        lag_due = clock()
        while True:
            self._wakeup.clear()
            try:
                relay = self._relay()
                leased = await relay.execute()
                if clock() >= lag_due:
                    lag_due = clock() + self._interval
                    metrics.set_outbox_lag((await relay.lag()).total_seconds())
            except Exception:  # the database may be down for a while: keep trying
                logger.exception("the outbox relay failed; retrying")
                leased = 0
            if leased >= self._batch_size:
                continue
            try:
                await asyncio.wait_for(self._wakeup.wait(), self._interval)
            except TimeoutError:
                continue
            await asyncio.sleep(_GATHER_SECONDS)
