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
    otherwise every ``interval`` seconds, for events written by other processes or retried."""

    def __init__(self, relay: Callable[[], RelayOutbox], interval: float) -> None:
        self._relay = relay
        self._interval = interval
        self._wakeup = asyncio.Event()

    def wake(self) -> None:
        self._wakeup.set()

    async def run(self) -> None:
        while True:
            self._wakeup.clear()
            try:
                relay = self._relay()
                leased = await relay.execute()
                metrics.set_outbox_lag((await relay.lag()).total_seconds())
            except Exception:  # the database may be down for a while: keep trying
                logger.exception("the outbox relay failed; retrying")
                leased = 0
            if leased:
                continue
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wakeup.wait(), self._interval)
