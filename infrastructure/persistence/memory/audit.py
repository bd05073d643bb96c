"""The in-memory audit trail: entries appended to the unit of work's copy, so they are
published with the write on commit and vanish with it on rollback."""

from collections.abc import Sequence
from dataclasses import asdict

from uuid6 import uuid7

from application.audit import AuditEntry
from application.ports.change_log import AuditTrail
from infrastructure.persistence.memory.store import AuditRecord, MemoryData


class InMemoryAuditTrail(AuditTrail):
    def __init__(self, data: MemoryData) -> None:
        self._data = data

    async def append(self, entries: Sequence[AuditEntry]) -> None:
        self._data.audit.extend(AuditRecord(id=uuid7(), **asdict(entry)) for entry in entries)
