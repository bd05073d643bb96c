"""The audit trail of the SQL adapter: one row per write, in the write's own transaction, so
a write that rolls back leaves no entry and a committed one always has its entry."""

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from uuid6 import uuid7

from application.audit import Summary
from application.ports.clock import Clock
from infrastructure.persistence.sqlmodel.tables import audit_entries


class SqlAuditTrail:
    def __init__(self, session: AsyncSession, clock: Clock) -> None:
        self._session = session
        self._clock = clock

    async def record(
        self,
        *,
        entity: str,
        entity_id: int | None,
        action: str,
        actor_id: int | None,
        before: Summary | None,
        after: Summary | None,
    ) -> None:
        """Append one entry; ``actor_id`` ``None`` is the system (a purge, the CLI)."""
        await self._session.execute(
            sa.insert(audit_entries).values(
                id=uuid7(),
                occurred_at=self._clock.now(),
                actor_id=actor_id,
                entity=entity,
                entity_id=str(entity_id),
                action=action,
                before=before,
                after=after,
            )
        )
