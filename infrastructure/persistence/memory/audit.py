"""The in-memory audit trail: entries appended to the unit of work's copy, so they are
published with the write on commit and vanish with it on rollback."""

from uuid6 import uuid7

from application.audit import Summary
from application.ports.clock import Clock
from infrastructure.persistence.memory.store import AuditRecord, MemoryData


class InMemoryAuditTrail:
    def __init__(self, data: MemoryData, clock: Clock) -> None:
        self._data = data
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
        self._data.audit.append(
            AuditRecord(
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
