"""Where the outcomes of requests sent with an ``Idempotency-Key`` are kept."""

import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol, Self


@dataclass(frozen=True, slots=True)
class Claim:
    """A request's hold on ``key`` within ``scope`` (the caller). ``by`` tells this request's
    claim from a retry's: a claim whose answer was lost with the database can then be dropped
    later without touching the claim of a retry that has taken the key since."""

    scope: str
    key: str
    by: str

    @classmethod
    def new(cls, scope: str, key: str) -> Self:
        return cls(scope, key, secrets.token_hex(16))


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
        self,
        claim: Claim,
        fingerprint: str,
        now: datetime,
        expired_before: datetime,
        abandoned_before: datetime,
    ) -> KeyRecord | None:
        """Hold the claim's key for its request; ``None`` when the key is now ours.

        Claims older than ``expired_before`` no longer count (and may be dropped). A claim of
        the same request (``fingerprint``) made before ``abandoned_before`` and still neither
        answered nor landed is taken over: its request is presumed dead, and its write, if it
        ever comes, finds its claim gone and commits nothing. When the key is otherwise held,
        that claim is returned and nothing changes. Atomic: of two concurrent claims of one key,
        exactly one gets ``None``.
        """
        ...

    async def complete(self, claim: Claim, response: StoredResponse) -> None:
        """Keep the answer to the claim's request, if the claim still holds its key."""
        ...

    async def release(self, claim: Claim) -> None:
        """Drop the claim (not another's of the same key) when its request failed, so that a
        retry runs again; a claim whose write landed (the unit of work marked it in the
        write's transaction) is kept. Dropping a claim that never held its key changes
        nothing."""
        ...
