"""Retries that duplicate nothing: the first answer to a key is the answer to every retry."""

import hashlib
from dataclasses import dataclass
from datetime import timedelta

from application.ports.clock import Clock
from application.ports.idempotency import Claim, IdempotencyStore, StoredResponse
from domain.shared.errors import AlreadyExists, InvalidValue

KEY_MAX_LENGTH = 255
FIELD = "Idempotency-Key"


@dataclass(frozen=True, slots=True)
class Proceed:
    """The key is ours: run the request, then ``finish`` with its answer."""


@dataclass(frozen=True, slots=True)
class Replay:
    """The request already ran: send its answer again."""

    response: StoredResponse


def fingerprint(method: str, path: str, body: bytes) -> str:
    """What makes two requests the same request: the operation and the exact body."""
    digest = hashlib.sha256(f"{method} {path}\n".encode())
    digest.update(body)
    return digest.hexdigest()


class IdempotencyKeys:
    """Claims keys per caller (a claim's ``scope``: the user, or ``anonymous``) for ``ttl``. A
    claim still in progress after ``abandon_after`` is presumed dead (its process killed, its
    release lost) and a retry takes it over, rather than getting 409 until the key expires."""

    def __init__(
        self, store: IdempotencyStore, clock: Clock, ttl: timedelta, abandon_after: timedelta
    ) -> None:
        self._store = store
        self._clock = clock
        self._ttl = ttl
        self._abandon_after = abandon_after

    async def claim(self, claim: Claim, request_fingerprint: str) -> Proceed | Replay:
        key = claim.key
        if not key.strip() or len(key) > KEY_MAX_LENGTH or not key.isprintable():
            raise InvalidValue(
                f"{FIELD} must be 1 to {KEY_MAX_LENGTH} printable characters", field=FIELD
            )
        now = self._clock.now()
        held = await self._store.claim(
            claim, request_fingerprint, now, now - self._ttl, now - self._abandon_after
        )
        if held is None:
            return Proceed()
        if held.fingerprint != request_fingerprint:
            raise InvalidValue(f"{FIELD} was already used for a different request", field=FIELD)
        if held.response is None and held.landed:
            raise AlreadyExists(
                f"the request with this {FIELD} was applied but its answer was lost;"
                " it will not run again",
                field=FIELD,
            )
        if held.response is None:
            raise AlreadyExists(f"a request with this {FIELD} is still in progress", field=FIELD)
        return Replay(held.response)

    async def finish(self, claim: Claim, response: StoredResponse) -> None:
        """Keep a successful answer; forget the key after a failure (which changed nothing)."""
        if 200 <= response.status < 300:
            await self._store.complete(claim, response)
        else:
            await self._store.release(claim)
