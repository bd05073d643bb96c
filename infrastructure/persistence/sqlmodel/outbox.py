"""The SQL outbox: leases with ``FOR UPDATE SKIP LOCKED`` on PostgreSQL and MariaDB, so relays
in many processes share the work without waiting on each other; SQLite serialises its writers
anyway."""

import logging
from collections.abc import Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from application.events import EventRecord, event_from
from application.ports.events import Outbox
from infrastructure.persistence.sqlmodel import mariadb
from infrastructure.persistence.sqlmodel.tables import outbox

logger = logging.getLogger(__name__)

_DUE = outbox.c.published_at.is_(None) & (outbox.c.available_at <= sa.bindparam("now"))


class SqlModelOutbox(Outbox):
    def __init__(self, session_factory: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = session_factory

    async def lease(self, limit: int, now: datetime, until: datetime) -> tuple[EventRecord, ...]:
        async with self._sessions() as session, session.begin():
            due = (
                sa.select(outbox.c.id)
                .where(_DUE)
                .order_by(outbox.c.available_at, outbox.c.id)
                .limit(limit)
            )
            dialect = session.get_bind().dialect.name
            if dialect == mariadb.DIALECT:
                rows = await mariadb.lease(session, due, {"now": now}, available_at=until)
                return _records(rows)
            if dialect == "postgresql":
                due = due.with_for_update(skip_locked=True)
            leased = (
                sa.update(outbox)
                .where(outbox.c.id.in_(due.scalar_subquery()))
                .values(available_at=until)
                .returning(outbox.c.id, outbox.c.name, outbox.c.payload, outbox.c.occurred_at)
            )
            rows = (await session.execute(leased, {"now": now})).all()
        return _records(rows)

    async def mark_published(self, event_ids: Sequence[str], now: datetime) -> None:
        async with self._sessions() as session, session.begin():
            await session.execute(
                sa.update(outbox).where(outbox.c.id.in_(event_ids)).values(published_at=now)
            )

    async def mark_failed(self, event_id: str, error: str, retry_at: datetime) -> None:
        await self._update(
            event_id, attempts=outbox.c.attempts + 1, last_error=error, available_at=retry_at
        )

    async def oldest_pending(self) -> datetime | None:
        async with self._sessions() as session:
            oldest: datetime | None = await session.scalar(
                sa.select(sa.func.min(outbox.c.occurred_at)).where(outbox.c.published_at.is_(None))
            )
            return oldest

    async def _update(self, event_id: str, **values: Any) -> None:
        async with self._sessions() as session, session.begin():
            await session.execute(sa.update(outbox).where(outbox.c.id == event_id).values(values))


def _records(rows: Sequence[sa.Row[Any]]) -> tuple[EventRecord, ...]:
    records = (_record(row) for row in sorted(rows, key=lambda row: str(row.id)))
    return tuple(record for record in records if record is not None)


def _record(row: sa.Row[Any]) -> EventRecord | None:
    """The stored event, or ``None`` when this version cannot read it (written by a newer
    one during a rolling deploy): it stays leased, so a relay that can read it takes it later,
    and it never blocks the events beside it."""
    try:
        event = event_from(row.name, row.payload)
    except (KeyError, TypeError):
        logger.warning("outbox event %s (%s) is unreadable here; leaving it", row.id, row.name)
        return None
    return EventRecord(id=row.id, occurred_at=row.occurred_at, event=event)
