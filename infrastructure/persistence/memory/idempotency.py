"""Idempotency keys in the process: for tests and the in-memory backend."""

from dataclasses import replace
from datetime import datetime

from application.ports.idempotency import Claim, IdempotencyStore, KeyRecord, StoredResponse
from infrastructure.persistence.memory.store import MemoryStore


class InMemoryIdempotencyStore(IdempotencyStore):
    def __init__(self, store: MemoryStore) -> None:
        self._records: dict[tuple[str, str], KeyRecord] = {}
        # Shared with the units of work, which check their claim there before committing.
        self._holders = store.key_holders
        self._landed = store.landed_keys

    async def claim(
        self,
        claim: Claim,
        fingerprint: str,
        now: datetime,
        expired_before: datetime,
        abandoned_before: datetime,
    ) -> KeyRecord | None:
        # No await inside: the check and the claim happen in one step of the event loop.
        expired = [
            taken
            for taken, record in self._records.items()
            if taken[0] == claim.scope and record.claimed_at < expired_before
        ]
        for taken in expired:
            self._drop(taken)
        taken = (claim.scope, claim.key)
        held = self._records.get(taken)
        if held is not None:
            held = replace(held, landed=taken in self._landed)
            if not _abandoned(held, fingerprint, abandoned_before):
                return held
        self._records[taken] = KeyRecord(fingerprint, now, None)
        self._holders[taken] = claim.by
        return None

    async def complete(self, claim: Claim, response: StoredResponse) -> None:
        taken = (claim.scope, claim.key)
        if self._holders.get(taken) == claim.by:
            self._records[taken] = replace(self._records[taken], response=response)

    async def release(self, claim: Claim) -> None:
        taken = (claim.scope, claim.key)
        if self._holders.get(taken) == claim.by and taken not in self._landed:
            self._drop(taken)

    def _drop(self, taken: tuple[str, str]) -> None:
        del self._records[taken]
        del self._holders[taken]
        self._landed.discard(taken)


def _abandoned(held: KeyRecord, fingerprint: str, abandoned_before: datetime) -> bool:
    return (
        held.response is None
        and not held.landed
        and held.fingerprint == fingerprint
        and held.claimed_at < abandoned_before
    )
