"""One mapping from domain and application errors to HTTP, in the RealWorld error envelope.

``errors`` holds only ``body``, each problem once as a readable sentence: stock front ends print
``key + " " + messages`` for every key of ``errors``, so a second key for the same problem showed
it twice. Which field is at fault goes beside it, in ``fields``, for clients that want it.
Unexpected errors are answered by ``middleware.request_context``, which knows the request id.
"""

from typing import Any

import orjson
from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException

from application.errors import AuthenticationFailed, ServiceUnavailable, TooManyAttempts
from domain.shared.errors import (
    AlreadyExists,
    DomainError,
    InvalidValue,
    NotFound,
    PermissionDenied,
    VersionConflict,
)
from infrastructure.observability.context import note_refusal

_STATUS: dict[type[DomainError], int] = {
    AuthenticationFailed: 401,
    PermissionDenied: 403,
    NotFound: 404,
    AlreadyExists: 409,
    VersionConflict: 412,
    InvalidValue: 422,
    TooManyAttempts: 429,
    ServiceUnavailable: 503,
}
# Wrapper keys of the request bodies; the field at fault is the one inside them.
_ENVELOPES = {"body", "user", "article", "comment", "settings"}


def error_response(
    status: int, messages: list[tuple[str | None, str]], headers: dict[str, str] | None = None
) -> Response:
    """``messages`` pairs an optional field with what is wrong with it (``("email", "is
    required")``): ``{"errors": {"body": ["email is required", ...]}, "fields": {"email": ["is
    required"], ...}}``, ``fields`` only when a field is at fault."""
    return _envelope(
        status,
        [message if field is None else f"{field} {message}".strip() for field, message in messages],
        [(field, message) for field, message in messages if field is not None],
        headers,
    )


def _envelope(
    status: int,
    body: list[str],
    at_fault: list[tuple[str, str]],
    headers: dict[str, str] | None,
) -> Response:
    fields: dict[str, list[str]] = {}
    for field, message in at_fault:
        fields.setdefault(field, []).append(message)
    if body:
        note_refusal(body[0])
    envelope: dict[str, object] = {"errors": {"body": body}}
    if fields:
        envelope["fields"] = fields
    return Response(
        orjson.dumps(envelope),
        status_code=status,
        headers=headers,
        media_type="application/json",
    )


def _status_of(error: DomainError) -> int:
    for kind in type(error).__mro__:
        if kind in _STATUS:
            return _STATUS[kind]
    return 422


def _at_fault(error: DomainError) -> list[tuple[str, str]]:
    """The field and what is wrong with it: the message without the field's name in front."""
    field = error.field
    if not field:
        return []
    if error.message.startswith(f"{field} "):
        return [(field, error.message[len(field) + 1 :])]
    return [(field, error.message)]


def domain_error_response(error: DomainError) -> Response:
    """A domain error's message is a whole sentence ("article not found"): ``errors.body``
    carries it as it is."""
    status = _status_of(error)
    headers = None
    if status == 401:
        headers = {"WWW-Authenticate": "Token"}
    elif isinstance(error, TooManyAttempts | ServiceUnavailable):
        headers = {"Retry-After": str(error.retry_after_seconds)}
    return _envelope(status, [error.message], _at_fault(error), headers)


async def _domain_error(_request: Request, error: Exception) -> Response:
    assert isinstance(error, DomainError)
    return domain_error_response(error)


def _validation_field(location: tuple[Any, ...]) -> str:
    if location and location[0] in {"query", "path", "header"} and len(location) > 1:
        return str(location[1])
    named = [str(part) for part in location[1:] if isinstance(part, str)]
    inside = [part for part in named if part not in _ENVELOPES]
    # A problem with the wrapper itself (missing, or empty) is reported under its own name.
    return inside[-1] if inside else (named[-1] if named else "body")


async def _validation_error(_request: Request, error: Exception) -> Response:
    assert isinstance(error, RequestValidationError)
    messages: list[tuple[str | None, str]] = []
    for problem in error.errors():
        field = _validation_field(tuple(problem.get("loc", ())))
        message = "is required" if problem.get("type") == "missing" else str(problem["msg"])
        if problem.get("type") == "json_invalid":
            message = "is not valid JSON"
        messages.append((field, message.lower() if message[:1].isupper() else message))
    return error_response(422, messages)


async def _http_error(_request: Request, error: Exception) -> Response:
    assert isinstance(error, StarletteHTTPException)
    if error.status_code == 400 and isinstance(error.__cause__, ValueError | RecursionError):
        # FastAPI answers a body it cannot decode (not UTF-8, or nested past the parser's
        # recursion limit) with a bare 400; to a client it is malformed JSON, which is a 422.
        return error_response(422, [("body", "is not valid JSON")])
    return error_response(
        error.status_code, [(None, str(error.detail))], getattr(error, "headers", None)
    )


def register_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(DomainError, _domain_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
