"""Fan-out inside one server: wake the live connections of the users a delivery notified."""

import asyncio
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager


class NotificationHub:
    """A connection waits on its ``asyncio.Event``; the hub sets it when its user is notified.

    Waking only says "look again": the connection reads what it missed from the database, so
    a delivery lost while the broker was away delays a push but loses no notification.
    """

    def __init__(self) -> None:
        self._waiters: defaultdict[int, set[asyncio.Event]] = defaultdict(set)

    @contextmanager
    def listen(self, user_id: int) -> Iterator[asyncio.Event]:
        wakeup = asyncio.Event()
        self._waiters[user_id].add(wakeup)
        try:
            yield wakeup
        finally:
            self._waiters[user_id].discard(wakeup)
            if not self._waiters[user_id]:
                del self._waiters[user_id]

    def wake(self, user_ids: tuple[int, ...]) -> None:
        for user_id in user_ids:
            for wakeup in self._waiters.get(user_id, ()):
                wakeup.set()

    def wake_everyone(self) -> None:
        self.wake(tuple(self._waiters))
