"""The request being served, as logs and metrics see it: its id and the SQL it has sent."""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(slots=True)
class RequestContext:
    request_id: str
    statements: int = 0


_current: ContextVar[RequestContext | None] = ContextVar("conduit_request", default=None)


@contextmanager
def request_context(request_id: str) -> Iterator[RequestContext]:
    """Everything run inside, threads started with the context included, sees this request."""
    context = RequestContext(request_id)
    token = _current.set(context)
    try:
        yield context
    finally:
        _current.reset(token)


def current_request_id() -> str | None:
    context = _current.get()
    return None if context is None else context.request_id


def count_statement() -> None:
    """One more SQL statement for the current request (outside a request: nothing)."""
    context = _current.get()
    if context is not None:
        context.statements += 1
