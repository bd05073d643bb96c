"""Idempotency keys in the database, so a retry that reaches another process finds them.

An outage of the database is ``ServiceUnavailable`` here too: the keys are claimed and kept
outside any use case's unit of work.
"""

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from application.ports.idempotency import Claim, IdempotencyStore, KeyRecord, StoredResponse
from infrastructure.persistence.sqlmodel.availability import outages_as_unavailable
from infrastructure.persistence.sqlmodel.repositories import dialect_insert
from infrastructure.persistence.sqlmodel.tables import idempotency_keys as keys


def _the_key_of(claim: Claim) -> sa.ColumnElement[bool]:
    return sa.and_(keys.c.scope == claim.scope, keys.c.key == claim.key)


def _held_by(claim: Claim) -> sa.ColumnElement[bool]:
    return sa.and_(_the_key_of(claim), keys.c.claimed_by == claim.by)


def _record(row: sa.Row[Any]) -> KeyRecord:
    response = None
    if row.status is not None:
        headers = tuple((name, value) for name, value in row.headers or ())
        response = StoredResponse(row.status, row.content_type or "", row.body or b"", headers)
    return KeyRecord(row.fingerprint, row.claimed_at, response, row.landed_at is not None)


class SqlIdempotencyStore(IdempotencyStore):
    def __init__(self, session_factory: async_sessionmaker[AsyncSession]) -> None:
        self._session_factory = session_factory

    async def claim(
        self,
        claim: Claim,
        fingerprint: str,
        now: datetime,
        expired_before: datetime,
        abandoned_before: datetime,
    ) -> KeyRecord | None:
        with outages_as_unavailable():
            async with self._session_factory() as session, session.begin():
                # The caller's expired keys go first: what a caller keeps stays bounded by the TTL.
                await session.execute(
                    sa.delete(keys).where(
                        keys.c.scope == claim.scope, keys.c.claimed_at < expired_before
                    )
                )
                # On a taken key, PostgreSQL waits for the holder's commit, then inserts nothing.
                claimed = await session.execute(
                    dialect_insert(session.get_bind().dialect.name, keys)
                    .values(
                        scope=claim.scope,
                        key=claim.key,
                        claimed_by=claim.by,
                        fingerprint=fingerprint,
                        claimed_at=now,
                    )
                    .on_conflict_do_nothing()
                    .returning(keys.c.key)
                )
                if claimed.first() is not None:
                    return None
                # An abandoned claim of the same request is taken over; on a claim that is landing
                # right now, PostgreSQL waits for that commit, then finds it landed and takes none.
                taken_over = await session.execute(
                    sa.update(keys)
                    .where(
                        _the_key_of(claim),
                        keys.c.fingerprint == fingerprint,
                        keys.c.status.is_(None),
                        keys.c.landed_at.is_(None),
                        keys.c.claimed_at < abandoned_before,
                    )
                    .values(claimed_by=claim.by, claimed_at=now)
                )
                if taken_over.rowcount == 1:  # type: ignore[attr-defined]
                    return None
                row = (await session.execute(sa.select(keys).where(_the_key_of(claim)))).one()
        return _record(row)

    async def complete(self, claim: Claim, response: StoredResponse) -> None:
        with outages_as_unavailable():
            async with self._session_factory() as session, session.begin():
                await session.execute(
                    sa.update(keys)
                    .where(_held_by(claim))
                    .values(
                        status=response.status,
                        content_type=response.content_type,
                        body=response.body,
                        headers=[list(header) for header in response.headers],
                    )
                )

    async def release(self, claim: Claim) -> None:
        with outages_as_unavailable():
            async with self._session_factory() as session, session.begin():
                await session.execute(
                    sa.delete(keys).where(_held_by(claim), keys.c.landed_at.is_(None))
                )
