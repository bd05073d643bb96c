"""The ``Idempotency-Key`` claim a request holds, so that its write settles the key in its own
transaction: a write that committed marks the key "landed", and a key whose write landed is
never released for another run, even when the request's answer was lost (the commit's
acknowledgement cut off by a failover, say). The mark is also a fence: a write whose claim a
retry has taken over (``IdempotencyKeys``: a claim abandoned too long) finds its claim gone and
commits nothing. Outside a request holding a claim nothing is marked.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from application.idempotency import FIELD
from application.ports.idempotency import Claim
from domain.shared.errors import AlreadyExists

_held: ContextVar[Claim | None] = ContextVar("conduit_held_claim", default=None)


@contextmanager
def holding(claim: Claim) -> Iterator[None]:
    """The request running inside holds ``claim``."""
    token = _held.set(claim)
    try:
        yield
    finally:
        _held.reset(token)


def held_claim() -> Claim | None:
    """The claim the current request holds, if any."""
    return _held.get()


def superseded() -> AlreadyExists:
    """What a write gets, instead of committing, when a retry took its claim over."""
    return AlreadyExists(
        f"this request no longer holds its {FIELD} (a retry took it over); it changed nothing",
        field=FIELD,
    )
