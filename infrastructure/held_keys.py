"""The ``Idempotency-Key`` a request holds, so that its write settles the key in its own
transaction: a write that committed marks the key "landed", and a key whose write landed is
never released for another run, even when the request's answer was lost (the commit's
acknowledgement cut off by a failover, say). Outside a request holding a key nothing is marked.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_held: ContextVar[tuple[str, str] | None] = ContextVar("conduit_held_key", default=None)


@contextmanager
def holding(scope: str, key: str) -> Iterator[None]:
    """The request running inside holds ``key`` for the caller ``scope``."""
    token = _held.set((scope, key))
    try:
        yield
    finally:
        _held.reset(token)


def held_key() -> tuple[str, str] | None:
    """``(scope, key)`` of the key the current request holds, if any."""
    return _held.get()
