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

from application.events import DomainEvent, event_fields, event_name
from application.ports.clock import Clock
from application.ports.events import CommitObserver
from application.ports.unit_of_work import UnitOfWork
from application.read_models import ArticleView
from infrastructure.events.records import new_record
from infrastructure.held_keys import held_key
from infrastructure.persistence.sqlmodel.audit import SqlAuditTrail
from infrastructure.persistence.sqlmodel.availability import (
    outages_as_unavailable,
    unavailability,
)
from infrastructure.persistence.sqlmodel.errors import translate_integrity_error
from infrastructure.persistence.sqlmodel.queries import SqlModelArticleQueries
from infrastructure.persistence.sqlmodel.reads import SessionReads
from infrastructure.persistence.sqlmodel.repositories import (
    SqlModelArticleRepository,
    SqlModelCommentRepository,
    SqlModelFavoriteRepository,
    SqlModelFollowRepository,
    SqlModelUserRepository,
    SqlModelUserSettingsRepository,
)
from infrastructure.persistence.sqlmodel.tables import idempotency_keys, outbox
from infrastructure.persistence.sqlmodel.timestamps import SessionTimestamps
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
        self._timestamps = SessionTimestamps(clock)
        self._observer = observer
        self._session: AsyncSession | None = None
        self._events: list[DomainEvent] = []

    async def __aenter__(self) -> Self:
        session = self._session_factory()
        self._session = session
        self._timestamps.watch(session.sync_session)
        self._events = []
        audit = SqlAuditTrail(session, self._clock)
        self.users = SqlModelUserRepository(session, audit)
        self.articles = SqlModelArticleRepository(session, audit)
        self.comments = SqlModelCommentRepository(session, audit)
        self.follows = SqlModelFollowRepository(session, audit, self._timestamps)
        self.favorites = SqlModelFavoriteRepository(session, audit, self._timestamps)
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
        session = self._require_session()
        await session.flush()
        reads = SessionReads(session)
        return await SqlModelArticleQueries(reads).get_article(slug, viewer_id)

    def record(self, event: DomainEvent) -> None:
        self._events.append(event)

    async def commit(self) -> None:
        # Marked before committing: even a commit that fails midway may have landed.
        record_write()
        session = self._require_session()
        events, self._events = self._events, []
        try:
            if events:
                await session.execute(sa.insert(outbox), [_outbox_row(e) for e in events])
            held = held_key()
            if held is not None:
                await session.execute(
                    sa.update(idempotency_keys)
                    .where(idempotency_keys.c.scope == held[0], idempotency_keys.c.key == held[1])
                    .values(landed_at=self._clock.now())
                )
            await session.commit()
        except IntegrityError as error:
            raise translate_integrity_error(error) from error
        if events and self._observer is not None:
            await self._observer.committed(events)

    @asynccontextmanager
    async def savepoint(self) -> AsyncIterator[None]:
        try:
            async with self._require_session().begin_nested():
                yield
        except IntegrityError as error:
            raise translate_integrity_error(error) from error

    async def rollback(self) -> None:
        self._events = []
        await self._require_session().rollback()

    def _require_session(self) -> AsyncSession:
        if self._session is None:
            raise RuntimeError("use the unit of work inside 'async with'")
        return self._session


def _outbox_row(event: DomainEvent) -> dict[str, object]:
    record = new_record(event)
    return {
        "id": record.id,
        "name": event_name(event),
        "payload": event_fields(event),
        "occurred_at": record.occurred_at,
        "available_at": record.occurred_at,
        "attempts": 0,
    }
