"""Probes of what the service depends on, for readiness: the database and, when set, Redis."""

import asyncio
import logging
from collections.abc import Callable

from redis.asyncio import Redis
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from application.ports.health import DependencyProbe
from infrastructure.persistence.sqlmodel.primary import PrimaryWatch
from infrastructure.settings import Settings

logger = logging.getLogger("conduit.health")


def _unreachable(name: str, error: BaseException) -> bool:
    logger.warning("dependency unreachable", extra={"dependency": name, "error": repr(error)})
    return False


class SqlDatabaseProbe(DependencyProbe):
    """``SELECT 1`` on a pooled connection (opening one when the pool has none)."""

    name = "database"
    essential = True

    def __init__(
        self, engine: AsyncEngine, timeout_seconds: float, primary: PrimaryWatch | None = None
    ) -> None:
        self._engine = engine
        self._timeout = timeout_seconds
        self._primary = primary

    @property
    def address(self) -> str | None:
        return self._primary.address if self._primary is not None else None

    async def is_reachable(self) -> bool:
        try:
            async with asyncio.timeout(self._timeout), self._engine.connect() as connection:
                await connection.execute(text("SELECT 1"))
        except Exception as error:  # any failure means "not ready"; the log says which
            return _unreachable(self.name, error)
        return True


class InMemoryDatabaseProbe(DependencyProbe):
    """The in-memory store lives in the process: reachable while the process is."""

    name = "database"
    essential = True
    address = None

    async def is_reachable(self) -> bool:
        return True


class RedisProbe(DependencyProbe):
    """``PING`` through the service's own Redis client. Not essential: without Redis the
    service still answers (the cache is bypassed, login attempts are counted per worker and
    events wait in the outbox until it returns)."""

    name = "redis"
    essential = False
    address = None

    def __init__(self, client: Redis, timeout_seconds: float) -> None:
        self._client = client
        self._timeout = timeout_seconds

    async def is_reachable(self) -> bool:
        try:
            async with asyncio.timeout(self._timeout):
                await self._client.ping()
        except Exception as error:  # any failure means "not ready"; the log says which
            return _unreachable(self.name, error)
        return True


def readiness_probes(
    database: DependencyProbe, redis: Callable[[], Redis], settings: Settings
) -> list[DependencyProbe]:
    """The database's probe, and Redis' when it is configured (``redis`` makes its client)."""
    probes = [database]
    if settings.redis_url:
        probes.append(RedisProbe(redis(), settings.readiness_timeout_seconds))
    return probes
