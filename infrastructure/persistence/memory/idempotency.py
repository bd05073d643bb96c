"""Idempotency keys in the process: for tests and the in-memory backend."""

from dataclasses import replace
from datetime import datetime

from application.ports.idempotency import IdempotencyStore, KeyRecord, StoredResponse
from infrastructure.persistence.memory.store import MemoryStore


class InMemoryIdempotencyStore(IdempotencyStore):
    def __init__(self, store: MemoryStore) -> None:
        self._records: dict[tuple[str, str], KeyRecord] = {}
        self._landed = store.landed_keys

    async def claim(
        self, scope: str, key: str, fingerprint: str, now: datetime, expired_before: datetime
    ) -> KeyRecord | None:
        # No await inside: the check and the claim happen in one step of the event loop.
        expired = [
            taken
            for taken, record in self._records.items()
            if taken[0] == scope and record.claimed_at < expired_before
        ]
        for taken in expired:
            del self._records[taken]
            self._landed.discard(taken)
        held = self._records.get((scope, key))
        if held is not None:
            return replace(held, landed=(scope, key) in self._landed)
        self._records[scope, key] = KeyRecord(fingerprint, now, None)
        return None

    async def complete(self, scope: str, key: str, response: StoredResponse) -> None:
        held = self._records.get((scope, key))
        if held is not None:
            self._records[scope, key] = replace(held, response=response)

    async def release(self, scope: str, key: str) -> None:
        if (scope, key) not in self._landed:
            self._records.pop((scope, key), None)
