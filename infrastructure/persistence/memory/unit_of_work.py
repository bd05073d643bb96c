"""The in-memory unit of work: edits a copy, publishes it on commit, so rollback is exact."""

from types import TracebackType
from typing import Self

from application.ports.unit_of_work import UnitOfWork
from infrastructure.persistence.memory.repositories import (
    InMemoryArticleRepository,
    InMemoryCommentRepository,
    InMemoryFavoriteRepository,
    InMemoryFollowRepository,
    InMemoryUserRepository,
)
from infrastructure.persistence.memory.store import MemoryStore


class InMemoryUnitOfWork(UnitOfWork):
    def __init__(self, store: MemoryStore) -> None:
        self._store = store

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
        self.users = InMemoryUserRepository(self._data)
        self.articles = InMemoryArticleRepository(self._data)
        self.comments = InMemoryCommentRepository(self._data)
        self.follows = InMemoryFollowRepository(self._data)
        self.favorites = InMemoryFavoriteRepository(self._data)
