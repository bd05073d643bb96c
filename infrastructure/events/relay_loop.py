"""The relay as a long-running task: in each server (unless turned off) or in its own process."""

import asyncio
import contextlib
import logging
from collections.abc import Callable

from application.notifications.relay_outbox import RelayOutbox
from infrastructure.observability import metrics

logger = logging.getLogger(__name__)


class RelayLoop:
    """Runs the relay until cancelled: at once when woken (a local commit recorded events),
    otherwise every ``interval`` seconds, for events written by other processes or retried.
    A full batch is followed by the next at once; after a partial one the relay waits to be
    woken, and the events committed meanwhile go out together in the next batch. The outbox
    lag is measured once per ``interval``, not per batch."""

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
            # Not asyncio.wait_for: on Python 3.11 it swallows a cancellation that arrives as the
            # wait completes, and the loop ran on while the server's shutdown waited for it.
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(self._interval):
                    await self._wakeup.wait()
