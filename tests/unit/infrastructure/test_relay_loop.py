"""The relay loop stops when cancelled, even when the cancellation meets a wake-up."""

import asyncio

from application.notifications.relay_outbox import RelayOutbox
from infrastructure.events.relay_loop import RelayLoop


class IdleRelay:
    """A relay with nothing to deliver."""

    async def execute(self) -> int:
        return 0

    async def lag(self) -> object:
        return _Zero()


class _Zero:
    def total_seconds(self) -> float:
        return 0.0


def idle() -> RelayOutbox:
    return IdleRelay()  # type: ignore[return-value]


async def test_a_cancellation_that_meets_a_wake_up_still_stops_the_loop() -> None:
    # A server's shutdown cancels the loop; a commit may wake it in the same instant. With
    # asyncio.wait_for (Python 3.11) the cancellation was lost there and the shutdown waited
    # for ever. Every interleaving of the two within a few turns of the event loop is tried.
    for turns in range(6):
        loop = RelayLoop(idle, interval=30.0, batch_size=100)
        task = asyncio.create_task(loop.run())
        for _ in range(3):
            await asyncio.sleep(0)
        loop.wake()
        for _ in range(turns):
            await asyncio.sleep(0)
        task.cancel()
        async with asyncio.timeout(2):
            await asyncio.gather(task, return_exceptions=True)
        assert task.cancelled(), f"the loop ran on after a cancel {turns} turns after a wake-up"
