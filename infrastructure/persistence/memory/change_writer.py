"""The in-memory change writer: audit entries and outbox events appended to the unit of work's
copy, so they are published with the write on commit and vanish with it on rollback. Memory
keeps no public-article counts: its reads count every time."""

from collections.abc import Mapping, Sequence
from dataclasses import asdict

from uuid6 import uuid7

from application.article_counts import CountKey
from application.audit import AuditEntry
from application.events import DomainEvent
from application.ports.change_log import ChangeWriter
from infrastructure.events.records import new_record
from infrastructure.persistence.memory.store import AuditRecord, MemoryData, OutboxEntry


class InMemoryChangeWriter(ChangeWriter):
    def __init__(self, data: MemoryData) -> None:
        self._data = data

    async def write(
        self,
        entries: Sequence[AuditEntry],
        events: Sequence[DomainEvent],
        counts: Mapping[CountKey, int],  # noqa: ARG002 (memory counts on every read)
    ) -> None:
        self._data.audit.extend(AuditRecord(id=uuid7(), **asdict(entry)) for entry in entries)
        for event in events:
            record = new_record(event)
            self._data.outbox[record.id] = OutboxEntry(record, available_at=record.occurred_at)
