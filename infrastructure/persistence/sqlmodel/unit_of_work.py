"""The SQL unit of work: one session, one transaction, rolled back unless committed."""

from types import TracebackType
from typing import Self

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from application.ports.clock import Clock
from application.ports.unit_of_work import UnitOfWork
from infrastructure.persistence.sqlmodel.audit import SqlAuditTrail
from infrastructure.persistence.sqlmodel.errors import translate_integrity_error
from infrastructure.persistence.sqlmodel.repositories import (
    SqlModelArticleRepository,
    SqlModelCommentRepository,
    SqlModelFavoriteRepository,
    SqlModelFollowRepository,
    SqlModelUserRepository,
)
from infrastructure.read_your_writes import record_write


class SqlModelUnitOfWork(UnitOfWork):
    def __init__(self, session_factory: async_sessionmaker[AsyncSession], clock: Clock) -> None:
        self._session_factory = session_factory
        self._clock = clock
        self._session: AsyncSession | None = None

    async def __aenter__(self) -> Self:
        session = self._session_factory()
        self._session = session
        audit = SqlAuditTrail(session, self._clock)
        self.users = SqlModelUserRepository(session, audit)
        self.articles = SqlModelArticleRepository(session, audit)
        self.comments = SqlModelCommentRepository(session, audit)
        self.follows = SqlModelFollowRepository(session, audit)
        self.favorites = SqlModelFavoriteRepository(session, audit)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        session = self._require_session()
        try:
            await session.rollback()
        finally:
            await session.close()
            self._session = None

    async def commit(self) -> None:
        # Marked before committing: even a commit that fails midway may have landed.
        record_write()
        try:
            await self._require_session().commit()
        except IntegrityError as error:
            raise translate_integrity_error(error) from error

    async def rollback(self) -> None:
        await self._require_session().rollback()

    def _require_session(self) -> AsyncSession:
        if self._session is None:
            raise RuntimeError("use the unit of work inside 'async with'")
        return self._session
