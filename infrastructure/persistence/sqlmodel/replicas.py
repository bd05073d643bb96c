"""Read replicas: round robin over the replicas that passed their last health check.

The health of each replica is checked in the background (never on a request's path); a
request that has written reads from the primary (see ``infrastructure.read_your_writes``),
and so does every read while no replica is healthy. A read that fails on a replica between
two checks (refused connection, dropped server) is marked down at once and the read is
answered by the primary instead: a replica going away causes no error.
"""

import asyncio
import contextlib
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import count
from typing import Any

import asyncpg
import sqlalchemy as sa
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine

from application.errors import ServiceUnavailable
from infrastructure.persistence.sqlmodel.engine import create_engine
from infrastructure.persistence.sqlmodel.reads import ReadDatabase, Row, create_read_database
from infrastructure.read_your_writes import wrote_in_this_request
from infrastructure.settings import Settings

logger = logging.getLogger("conduit.replicas")

_SELECT_ONE = sa.text("SELECT 1")
# Seconds since the last replayed transaction's commit, but 0 when everything received is
# replayed: an idle primary sends nothing, and an idle replica is not behind. NULL (unknown,
# nothing replayed yet) counts as too far behind.
_REPLICA_LAG = sa.text(
    "SELECT CASE WHEN NOT pg_is_in_recovery()"
    " OR pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0"
    " ELSE extract(epoch FROM now() - pg_last_xact_replay_timestamp()) END AS lag"
)
# What a replica that went away raises, through asyncpg or SQLAlchemy (its read port turns an
# outage into ServiceUnavailable): the read is repeated on the primary, which answers it or
# raises the same error for the same statement.
_REPLICA_FAILED = (
    OSError,
    TimeoutError,
    asyncpg.PostgresError,
    asyncpg.InterfaceError,
    DBAPIError,
    ServiceUnavailable,
)


@dataclass(frozen=True, slots=True)
class Replica:
    name: str
    reads: ReadDatabase
    engine: AsyncEngine


class ReplicaRouter(ReadDatabase):
    def __init__(
        self,
        primary: ReadDatabase,
        replicas: Sequence[Replica],
        check_seconds: float,
        max_lag_seconds: float | None = None,
    ) -> None:
        self._primary = primary
        self._replicas = tuple(replicas)
        self._healthy: tuple[Replica, ...] = self._replicas
        self._turn = count()
        self._check_seconds = check_seconds
        self._max_lag_seconds = max_lag_seconds
        self._checks: asyncio.Task[None] | None = None

    @property
    def dialect(self) -> str:
        return self._primary.dialect

    @property
    def replicas(self) -> tuple[Replica, ...]:
        return self._replicas

    @property
    def healthy(self) -> tuple[Replica, ...]:
        return self._healthy

    async def fetch(self, statement: sa.Executable, params: Mapping[str, Any]) -> Sequence[Row]:
        healthy = self._healthy
        if not healthy or wrote_in_this_request():
            return await self._primary.fetch(statement, params)
        replica = healthy[next(self._turn) % len(healthy)]
        try:
            return await replica.reads.fetch(statement, params)
        except _REPLICA_FAILED as error:
            logger.warning("replica %s failed (%r); reading from the primary", replica.name, error)
            self._healthy = tuple(r for r in self._healthy if r is not replica)
            return await self._primary.fetch(statement, params)

    async def check(self) -> None:
        """Ask every replica for ``SELECT 1`` (or its lag, when limited); the ones that answer
        in time (and are not too far behind) serve reads."""
        answers = await asyncio.gather(*(self._answers(replica) for replica in self._replicas))
        healthy = tuple(r for r, ok in zip(self._replicas, answers, strict=True) if ok)
        for replica in set(healthy) ^ set(self._healthy):
            state = "back" if replica in healthy else "down"
            logger.warning("replica %s is %s", replica.name, state)
        self._healthy = healthy

    async def _answers(self, replica: Replica) -> bool:
        limit = self._max_lag_seconds
        if limit is None or replica.reads.dialect != "postgresql":
            return await self._ask(replica, _SELECT_ONE) is not None
        rows = await self._ask(replica, _REPLICA_LAG)
        lag = rows[0]["lag"] if rows else None
        return lag is not None and float(lag) <= limit

    async def _ask(self, replica: Replica, statement: sa.Executable) -> Sequence[Row] | None:
        """The statement's rows, or ``None`` when the replica fails to answer in time."""
        try:
            async with asyncio.timeout(self._check_seconds):
                return await replica.reads.fetch(statement, {})
        except _REPLICA_FAILED:
            return None

    async def start(self) -> None:
        """Check once now, then in the background every ``check_seconds``."""
        if not self._replicas or self._checks is not None:
            return
        await self.check()
        self._checks = asyncio.create_task(self._check_forever(), name="replica health checks")

    async def _check_forever(self) -> None:
        while True:
            await asyncio.sleep(self._check_seconds)
            try:
                await self.check()
            except Exception:
                # The checks must outlive any surprise, or replicas would never come back.
                logger.exception("replica health check failed")

    async def close(self) -> None:
        """Stop the checks and close every connection, the primary's included."""
        if self._checks is not None:
            self._checks.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._checks
            self._checks = None
        for replica in self._replicas:
            await replica.reads.close()
            await replica.engine.dispose()
        await self._primary.close()


def create_replica_router(settings: Settings, primary: ReadDatabase) -> ReplicaRouter:
    """A router over the configured replicas, each with the primary's pool settings."""
    replicas = []
    for url in settings.database_replica_urls:
        replica_settings = settings.model_copy(update={"database_url": url})
        engine = create_engine(replica_settings)
        name = make_url(url).render_as_string(hide_password=True)
        replicas.append(Replica(name, create_read_database(replica_settings, engine), engine))
    return ReplicaRouter(
        primary,
        replicas,
        settings.database_replica_check_seconds,
        settings.database_replica_max_lag_seconds,
    )


def routed_read_database(primary: ReadDatabase, router: ReplicaRouter) -> ReadDatabase:
    """The router when replicas are configured, else the primary itself (no routing cost)."""
    return router if router.replicas else primary
