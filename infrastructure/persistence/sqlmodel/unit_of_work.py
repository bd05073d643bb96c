"""The SQL unit of work: one session, one transaction, rolled back unless committed.

A broken constraint becomes the domain's error where it is met (commit, savepoint); an outage
becomes ``ServiceUnavailable`` (``availability``) on leaving, wherever in the block the use
case met it, so that no use case mistakes it for a rule of its own.
"""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from types import TracebackType
from typing import Self

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from application.change_log import ChangeLog
from application.events import DomainEvent
from application.ports.clock import Clock
from application.ports.events import CommitObserver
from application.ports.unit_of_work import UnitOfWork
from application.read_models import ArticleView
from infrastructure.held_keys import held_key
from infrastructure.persistence.sqlmodel import driver
from infrastructure.persistence.sqlmodel.article_repository import SqlModelArticleRepository
from infrastructure.persistence.sqlmodel.availability import (
    outages_as_unavailable,
    unavailability,
)
from infrastructure.persistence.sqlmodel.change_writer import SqlChangeWriter
from infrastructure.persistence.sqlmodel.comment_repository import SqlModelCommentRepository
from infrastructure.persistence.sqlmodel.errors import translate_integrity_error
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
        session_factory: async_sessionmaker[AsyncSession],
        clock: Clock,
        observer: CommitObserver | None = None,
    ) -> None:
        self._session_factory = session_factory
        self._clock = clock
        self._changes = ChangeLog(clock, observer)
        self._session: AsyncSession | None = None

    async def __aenter__(self) -> Self:
        session = self._session_factory()
        self._session = session
        self._changes.clear()
        changes = self._changes
        self.users = SqlModelUserRepository(session, changes, self._clock)
        self.articles = SqlModelArticleRepository(session, changes, self._clock)
        self.comments = SqlModelCommentRepository(session, changes, self._clock)
        self.follows = SqlModelFollowRepository(session, changes, self._clock)
        self.favorites = SqlModelFavoriteRepository(session, changes, self._clock)
        self.settings = SqlModelUserSettingsRepository(session)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        session = self._require_session()
        with outages_as_unavailable():
            try:
                await session.rollback()
            finally:
                await session.close()
                self._session = None
        unavailable = unavailability(exc) if exc is not None else None
        if unavailable is not None:
            raise unavailable from exc

    async def read_article(self, slug: str, viewer_id: int) -> ArticleView | None:
        # No flush first: the repositories write with Core statements, nothing waits in the
        # session.
        reads = driver.TransactionReads(self._require_session())
        return await SqlModelArticleQueries(reads).get_article(slug, viewer_id)

    def record(self, event: DomainEvent) -> None:
        self._changes.record(event)

    async def commit(self) -> None:
        # Marked before committing: even a commit that fails midway may have landed.
        record_write()
        session = self._require_session()
        try:
            await self._changes.commit(SqlChangeWriter(session), self._durable)
        except IntegrityError as error:
            raise translate_integrity_error(error) from error

    async def _durable(self) -> None:
        session = self._require_session()
        # The idempotency key this request holds is marked landed in the same transaction, so
        # a retry after a lost answer learns that the first attempt was kept.
        held = held_key()
        if held is not None:
            await session.execute(
                sa.update(idempotency_keys)
                .where(idempotency_keys.c.scope == held[0], idempotency_keys.c.key == held[1])
                .values(landed_at=self._clock.now())
            )
        await session.commit()

    @asynccontextmanager
    async def savepoint(self) -> AsyncIterator[None]:
        mark = self._changes.mark()
        try:
            async with self._require_session().begin_nested():
                yield
        except BaseException as error:
            self._changes.undo(mark)
            if isinstance(error, IntegrityError):
                raise translate_integrity_error(error) from error
            raise

    async def rollback(self) -> None:
        self._changes.clear()
        await self._require_session().rollback()

    def _require_session(self) -> AsyncSession:
        if self._session is None:
            raise RuntimeError("use the unit of work inside 'async with'")
        return self._session
