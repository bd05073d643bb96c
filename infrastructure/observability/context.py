"""The request being served, as logs and metrics see it: its id, the SQL it has sent and, when
it was refused, why."""

from contextvars import ContextVar, Token
from dataclasses import dataclass


@dataclass(slots=True)
class RequestContext:
    request_id: str
    statements: int = 0
    refusal: str | None = None


_current: ContextVar[RequestContext | None] = ContextVar("conduit_request", default=None)


class request_context:  # noqa: N801 (used like a function: ``with request_context(id)``)
    """Everything run inside, threads started with the context included, sees this request.

    A class rather than ``@contextmanager``: it runs on every request, and a generator-based
    context manager costs several times as much.
    """

    __slots__ = ("context", "token")
    token: Token[RequestContext | None]

    def __init__(self, request_id: str) -> None:
        self.context = RequestContext(request_id)

    def __enter__(self) -> RequestContext:
        self.token = _current.set(self.context)
        return self.context

    def __exit__(self, *_exception: object) -> None:
        _current.reset(self.token)


def current_request_id() -> str | None:
    context = _current.get()
    return None if context is None else context.request_id


def count_statement() -> None:
    """One more SQL statement for the current request (outside a request: nothing)."""
    context = _current.get()
    if context is not None:
        context.statements += 1


def note_refusal(reason: str) -> None:
    """Why the current request is answered with an error, for its log line (the first reason
    given wins; outside a request: nothing)."""
    context = _current.get()
    if context is not None and context.refusal is None:
        context.refusal = reason
