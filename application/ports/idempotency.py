"""Where the outcomes of requests sent with an ``Idempotency-Key`` are kept."""

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol


@dataclass(frozen=True, slots=True)
class StoredResponse:
    status: int
    content_type: str
    body: bytes
    # The headers a client may act on (ETag, Location), as (name, value) pairs.
    headers: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class KeyRecord:
    """A key already claimed: by which request (its fingerprint), when, and its answer if done."""

    fingerprint: str
    claimed_at: datetime
    response: StoredResponse | None
    # The request's write committed (in its own transaction), whether or not it was answered.
    landed: bool = False


class IdempotencyStore(Protocol):
    async def claim(
        self, scope: str, key: str, fingerprint: str, now: datetime, expired_before: datetime
    ) -> KeyRecord | None:
        """Claim ``key`` within ``scope`` for a request; ``None`` when the claim is ours.

        Claims older than ``expired_before`` no longer count (and may be dropped). When the key
        is held by a live claim, that claim is returned and nothing changes. Atomic: of two
        concurrent claims of one key, exactly one gets ``None``.
        """
        ...

    async def complete(self, scope: str, key: str, response: StoredResponse) -> None:
        """Keep the answer to the request that holds the claim."""
        ...

    async def release(self, scope: str, key: str) -> None:
        """Drop a claim whose request failed, so that a retry runs again; a claim whose write
        landed (the unit of work marked it in the write's transaction) is kept."""
        ...
