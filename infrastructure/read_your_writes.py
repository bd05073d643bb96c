"""Read-your-writes: which reads must go to the primary because their request has written.

A request scope (opened by the HTTP layer around each request) starts clean; a unit of work
that commits in it marks it, and from then on that request's reads go to the primary instead
of a replica that may not have replayed the write yet. Outside a scope nothing is recorded.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar


class _Scope:
    __slots__ = ("wrote",)

    def __init__(self) -> None:
        self.wrote = False


_current: ContextVar[_Scope | None] = ContextVar("conduit_read_your_writes", default=None)


@contextmanager
def request_scope() -> Iterator[None]:
    """A fresh scope for one request: its reads may use replicas until it writes."""
    token = _current.set(_Scope())
    try:
        yield
    finally:
        _current.reset(token)


def record_write() -> None:
    """The current request has written (or tried to): its later reads need the primary."""
    scope = _current.get()
    if scope is not None:
        scope.wrote = True


def wrote_in_this_request() -> bool:
    scope = _current.get()
    return scope is not None and scope.wrote
