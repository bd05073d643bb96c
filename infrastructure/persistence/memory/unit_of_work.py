"""The in-memory unit of work: edits a copy, publishes it on commit, so rollback is exact."""

from types import TracebackType
from typing import Self

from application.ports.clock import Clock
from application.ports.unit_of_work import UnitOfWork
from infrastructure.persistence.memory.audit import InMemoryAuditTrail
from infrastructure.persistence.memory.repositories import (
    InMemoryArticleRepository,
    InMemoryCommentRepository,
    InMemoryFavoriteRepository,
    InMemoryFollowRepository,
    InMemoryUserRepository,
)
from infrastructure.persistence.memory.store import MemoryStore


class InMemoryUnitOfWork(UnitOfWork):
    def __init__(self, store: MemoryStore, clock: Clock) -> None:
        self._store = store
        self._clock = clock

    async def __aenter__(self) -> Self:
        await self._store.write_lock.acquire()
        self._begin()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._store.write_lock.release()

    async def commit(self) -> None:
        self._store.committed = self._data
        self._begin()

    async def rollback(self) -> None:
        self._begin()

    def _begin(self) -> None:
        self._data = self._store.snapshot()
        audit = InMemoryAuditTrail(self._data, self._clock)
        self.users = InMemoryUserRepository(self._data, audit)
        self.articles = InMemoryArticleRepository(self._data, audit)
        self.comments = InMemoryCommentRepository(self._data, audit)
        self.follows = InMemoryFollowRepository(self._data, audit)
        self.favorites = InMemoryFavoriteRepository(self._data, audit)
