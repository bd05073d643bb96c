"""Users' token versions, read from the primary and trusted for a few seconds per worker.

Checking the version on every authenticated request would add a statement (a round trip) to
every authenticated read. Instead each worker keeps the last answer per user for
``cache_seconds``: a password change is seen at once by the worker that made it, and by the
others within ``cache_seconds``. Set it to 0 to read the version on every request.
"""

import time
from collections.abc import Callable

from application.ports.security import TokenVersions
from infrastructure.observability import metrics
from infrastructure.persistence.sqlmodel import statements
from infrastructure.persistence.sqlmodel.reads import ReadDatabase

# Past this many remembered users the cache starts over: a miss costs one statement.
_CAPACITY = 10_000
CACHE_NAME = "token_versions"


class SqlModelTokenVersions(TokenVersions):
    def __init__(
        self,
        primary: ReadDatabase,
        cache_seconds: float,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        # The primary, not a replica: a lagging replica would keep revoked tokens alive.
        self._fetch = primary.fetch
        self._cache_seconds = cache_seconds
        self._monotonic = monotonic
        self._known: dict[int, tuple[int, float]] = {}

    async def current(self, user_id: int, *, fresh: bool = False) -> int | None:
        now = self._monotonic()
        known = self._known.get(user_id)
        if known is not None and not fresh and known[1] > now:
            metrics.record_cache_hit(CACHE_NAME)
            return known[0]
        metrics.record_cache_miss(CACHE_NAME)
        rows = await self._fetch(statements.TOKEN_VERSION, {"user_id": user_id})
        version: int | None = rows[0]["token_version"] if rows else None
        if version is not None:
            self._remember(user_id, version, now)
        return version

    async def changed(self, user_id: int, token_version: int) -> None:
        self._remember(user_id, token_version, self._monotonic())

    def _remember(self, user_id: int, version: int, now: float) -> None:
        if self._cache_seconds <= 0:
            return
        if len(self._known) >= _CAPACITY:
            self._known.clear()
        self._known[user_id] = (version, now + self._cache_seconds)
