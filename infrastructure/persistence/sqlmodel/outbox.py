"""The SQL outbox: leases with ``FOR UPDATE SKIP LOCKED`` on PostgreSQL and MariaDB, so relays
in many processes share the work without waiting on each other; SQLite serialises its writers
anyway."""

import logging
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

import orjson
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from application.events import EventRecord, event_from
from application.ports.events import Outbox
from infrastructure.persistence.sqlmodel import mariadb
from infrastructure.persistence.sqlmodel.driver import Transaction, committed
from infrastructure.persistence.sqlmodel.reads import Row
from infrastructure.persistence.sqlmodel.tables import outbox

logger = logging.getLogger(__name__)

_DUE = outbox.c.published_at.is_(None) & (outbox.c.available_at <= sa.bindparam("now"))


class SqlModelOutbox(Outbox):
    def __init__(self, begin: Callable[[], Transaction]) -> None:
        self._begin = begin

    async def lease(self, limit: int, now: datetime, until: datetime) -> tuple[EventRecord, ...]:
        params = {"now": now, "until": until, "limit": limit}
        async with committed(self._begin) as transaction:
            dialect = transaction.dialect
            if dialect == mariadb.DIALECT:
                due = _due().limit(limit).params(now=now)
                return _records(await mariadb.lease(transaction, due, available_at=until))
            statement = _LEASE_SKIPPING_LOCKED if dialect == "postgresql" else _LEASE
            return _records(await transaction.fetch(statement, params))

    async def mark_published(self, event_ids: Sequence[str], now: datetime) -> None:
        async with committed(self._begin) as transaction:
            if transaction.dialect == "postgresql":
                params = {"event_ids": list(event_ids), "now": now}
                await transaction.execute(_MARK_PUBLISHED, params)
                return
            await transaction.execute_once(
                sa.update(outbox).where(outbox.c.id.in_(event_ids)).values(published_at=now)
            )

    async def mark_failed(self, event_id: str, error: str, retry_at: datetime) -> None:
        await self._update(
            event_id, attempts=outbox.c.attempts + 1, last_error=error, available_at=retry_at
        )

    async def oldest_pending(self) -> datetime | None:
        async with committed(self._begin) as transaction:
            [row] = await transaction.fetch_once(
                sa.select(sa.func.min(outbox.c.occurred_at).label("oldest")).where(
                    outbox.c.published_at.is_(None)
                )
            )
        oldest: datetime | None = row["oldest"]
        return oldest

    async def _update(self, event_id: str, **values: Any) -> None:
        async with committed(self._begin) as transaction:
            await transaction.execute_once(
                sa.update(outbox).where(outbox.c.id == event_id).values(values)
            )


def _due() -> sa.Select[Any]:
    return sa.select(outbox.c.id).where(_DUE).order_by(outbox.c.available_at, outbox.c.id)


def _lease(due: sa.Select[Any]) -> sa.Update:
    return (
        sa.update(outbox)
        .where(outbox.c.id.in_(due.limit(sa.bindparam("limit")).scalar_subquery()))
        .values(available_at=sa.bindparam("until"))
        .returning(outbox.c.id, outbox.c.name, outbox.c.payload, outbox.c.occurred_at)
    )


# PostgreSQL skips the rows another relay holds; SQLite has one writer at a time.
_LEASE_SKIPPING_LOCKED = _lease(_due().with_for_update(skip_locked=True))
_LEASE = _lease(_due())
_MARK_PUBLISHED = (
    sa.update(outbox)
    .where(outbox.c.id == sa.any_(sa.bindparam("event_ids", type_=postgresql.ARRAY(sa.String()))))
    .values(published_at=sa.bindparam("now", type_=outbox.c.published_at.type))
)


def _records(rows: Sequence[Row]) -> tuple[EventRecord, ...]:
    records = (_record(row) for row in sorted(rows, key=lambda row: str(row["id"])))
    return tuple(record for record in records if record is not None)


def _record(row: Row) -> EventRecord | None:
    """The stored event, or ``None`` when this version cannot read it (written by a newer
    one during a rolling deploy): it stays leased, so a relay that can read it takes it later,
    and it never blocks the events beside it."""
    name, payload = row["name"], row["payload"]
    if isinstance(payload, str):  # JSON as asyncpg returns it
        payload = orjson.loads(payload)
    try:
        event = event_from(name, payload)
    except (KeyError, TypeError):
        logger.warning("outbox event %s (%s) is unreadable here; leaving it", row["id"], name)
        return None
    return EventRecord(id=row["id"], occurred_at=row["occurred_at"], event=event)
