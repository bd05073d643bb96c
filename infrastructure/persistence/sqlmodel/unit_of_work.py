"""The SQL unit of work: one transaction (``driver``), rolled back unless committed.

A broken constraint becomes the domain's error where it is met (``driver``); an outage
becomes ``ServiceUnavailable`` (``availability``) on leaving, wherever in the block the use
case met it, so that no use case mistakes it for a rule of its own.
"""

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from types import TracebackType
from typing import Self

import sqlalchemy as sa

from application.change_log import ChangeLog
from application.events import DomainEvent
from application.ports.clock import Clock
from application.ports.events import CommitObserver
from application.ports.unit_of_work import UnitOfWork
from application.read_models import ArticleView
from infrastructure.held_keys import held_claim, superseded
from infrastructure.persistence.sqlmodel import driver
from infrastructure.persistence.sqlmodel.article_repository import SqlModelArticleRepository
from infrastructure.persistence.sqlmodel.availability import (
    outages_as_unavailable,
    unavailability,
)
from infrastructure.persistence.sqlmodel.change_writer import SqlChangeWriter
from infrastructure.persistence.sqlmodel.comment_repository import SqlModelCommentRepository
from infrastructure.persistence.sqlmodel.driver import Transaction, TransactionReads
from infrastructure.persistence.sqlmodel.link_repositories import (
    SqlModelFavoriteRepository,
    SqlModelFollowRepository,
)
from infrastructure.persistence.sqlmodel.queries import SqlModelArticleQueries
from infrastructure.persistence.sqlmodel.tables import idempotency_keys
from infrastructure.persistence.sqlmodel.user_repositories import (
    SqlModelUserRepository,
    SqlModelUserSettingsRepository,
)
from infrastructure.read_your_writes import record_write


class SqlModelUnitOfWork(UnitOfWork):
    def __init__(
        self,
        begin: Callable[[], Transaction],
        clock: Clock,
        observer: CommitObserver | None = None,
    ) -> None:
        self._begin = begin
        self._clock = clock
        self._changes = ChangeLog(clock, observer)
        self._transaction: Transaction | None = None

    async def __aenter__(self) -> Self:
        transaction = self._begin()
        self._transaction = transaction
        self._changes.clear()
        changes = self._changes
        self.users = SqlModelUserRepository(transaction, changes, self._clock)
        self.articles = SqlModelArticleRepository(transaction, changes, self._clock)
        self.comments = SqlModelCommentRepository(transaction, changes, self._clock)
        self.follows = SqlModelFollowRepository(transaction, changes, self._clock)
        self.favorites = SqlModelFavoriteRepository(transaction, changes, self._clock)
        self.settings = SqlModelUserSettingsRepository(transaction)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        transaction = self._require_transaction()
        self._transaction = None
        with outages_as_unavailable():
            await transaction.close()
        unavailable = unavailability(exc) if exc is not None else None
        if unavailable is not None:
            raise unavailable from exc

    async def read_article(self, slug: str, viewer_id: int) -> ArticleView | None:
        reads = TransactionReads(self._require_transaction())
        return await SqlModelArticleQueries(reads).get_article(slug, viewer_id)

    def record(self, event: DomainEvent) -> None:
        self._changes.record(event)

    async def commit(self) -> None:
        # Marked before committing: even a commit that fails midway may have landed.
        record_write()
        transaction = self._require_transaction()
        await self._changes.commit(SqlChangeWriter(transaction), self._durable)

    async def _durable(self) -> None:
        transaction = self._require_transaction()
        # The idempotency key this request holds is marked landed in the same transaction, so
        # a retry after a lost answer learns that the first attempt was kept; a claim a retry
        # took over is no longer this request's, and its write is dropped.
        held = held_claim()
        if held is not None:
            params = {
                "held_scope": held.scope,
                "held_key": held.key,
                "held_by": held.by,
                "landed_at": self._clock.now(),
            }
            if await transaction.execute(_MARK_LANDED, params) == 0:
                raise superseded()
        await transaction.commit()

    @asynccontextmanager
    async def savepoint(self) -> AsyncIterator[None]:
        mark = self._changes.mark()
        try:
            async with self._require_transaction().savepoint():
                yield
        except BaseException:
            self._changes.undo(mark)
            raise

    async def rollback(self) -> None:
        self._changes.clear()
        await self._require_transaction().rollback()

    def _require_transaction(self) -> Transaction:
        if self._transaction is None:
            raise RuntimeError("use the unit of work inside 'async with'")
        return self._transaction


_MARK_LANDED = (
    sa.update(idempotency_keys)
    .where(
        idempotency_keys.c.scope == sa.bindparam("held_scope", type_=sa.String),
        idempotency_keys.c.key == sa.bindparam("held_key", type_=sa.String),
        idempotency_keys.c.claimed_by == sa.bindparam("held_by", type_=sa.String),
    )
    .values(driver.parameters(idempotency_keys, ("landed_at",)))
)
