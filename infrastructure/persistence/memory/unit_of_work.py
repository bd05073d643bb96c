"""The in-memory unit of work: edits a copy, publishes it on commit, so rollback is exact."""

import copy
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Self

from application.change_log import ChangeLog
from application.events import DomainEvent
from application.ports.clock import Clock
from application.ports.events import CommitObserver
from application.ports.unit_of_work import UnitOfWork
from application.read_models import ArticleView
from infrastructure.held_keys import held_claim, superseded
from infrastructure.persistence.memory.change_writer import InMemoryChangeWriter
from infrastructure.persistence.memory.queries import InMemoryArticleQueries
from infrastructure.persistence.memory.repositories import (
    InMemoryArticleRepository,
    InMemoryCommentRepository,
    InMemoryFavoriteRepository,
    InMemoryFollowRepository,
    InMemoryUserRepository,
    InMemoryUserSettingsRepository,
)
from infrastructure.persistence.memory.store import MemoryStore
from infrastructure.persistence.memory.timestamps import MemoryTimestamps


class InMemoryUnitOfWork(UnitOfWork):
    def __init__(
        self, store: MemoryStore, clock: Clock, observer: CommitObserver | None = None
    ) -> None:
        self._store = store
        self._timestamps = MemoryTimestamps(clock)
        self._changes = ChangeLog(clock, observer)

    async def __aenter__(self) -> Self:
        await self._store.write_lock.acquire()
        self._begin()
        return self

    async def __aexit__(self, *_exc_info: object) -> None:
        self._store.write_lock.release()

    async def read_article(self, slug: str, viewer_id: int) -> ArticleView | None:
        # The read side over a store whose "committed" data is this transaction's copy.
        working = MemoryStore()
        working.committed = self._data
        return await InMemoryArticleQueries(working).get_article(slug, viewer_id)

    def record(self, event: DomainEvent) -> None:
        self._changes.record(event)

    async def commit(self) -> None:
        await self._changes.commit(InMemoryChangeWriter(self._data), self._publish)

    async def _publish(self) -> None:
        held = held_claim()
        if held is not None:
            taken = (held.scope, held.key)
            if self._store.key_holders.get(taken) != held.by:
                raise superseded()
            self._store.landed_keys.add(taken)
        self._store.committed = self._data
        self._begin()

    @asynccontextmanager
    async def savepoint(self) -> AsyncIterator[None]:
        # A full copy per savepoint: simple and exact, and this adapter serves tests and demos.
        saved, mark = copy.deepcopy(self._data), self._changes.mark()
        try:
            yield
        except BaseException:
            vars(self._data).update(vars(saved))
            self._changes.undo(mark)
            raise

    async def rollback(self) -> None:
        self._begin()

    def _begin(self) -> None:
        self._data = self._store.snapshot()
        self._changes.clear()
        changes, stamps = self._changes, self._timestamps
        self.users = InMemoryUserRepository(self._data, changes, stamps)
        self.articles = InMemoryArticleRepository(self._data, changes, stamps)
        self.comments = InMemoryCommentRepository(self._data, changes, stamps)
        self.follows = InMemoryFollowRepository(self._data, changes, stamps)
        self.favorites = InMemoryFavoriteRepository(self._data, changes, stamps)
        self.settings = InMemoryUserSettingsRepository(self._data)
