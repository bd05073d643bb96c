"""Refuse request bodies over a size, before reading them whole."""

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from interfaces.http.errors import error_response


class _BodyTooLarge(HTTPException):
    """Past the limit (an ``HTTPException``, so that FastAPI hands it to the error handlers)."""


def _content_length(headers: list[tuple[bytes, bytes]]) -> int | None:
    for name, value in headers:
        if name == b"content-length":
            return int(value) if value.isdigit() else None
    return None


class BodyLimitMiddleware:
    """A body over ``max_bytes`` gets a 413 in the RealWorld envelope: at once when
    ``Content-Length`` announces it, else (a chunked upload) as soon as the bytes received pass
    the limit, so an oversized body is never buffered whole.

    The server delivers exactly ``Content-Length`` bytes, so only bodies without one are
    counted. Past the limit, ``receive`` raises an ``HTTPException`` that FastAPI lets through
    to the error handlers; read by a middleware further in (idempotency keys), it comes back
    here and is answered here. Starlette's own limit answers in plain text when the route does
    not read the body, outside the API's envelope.
    """

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.message = f"request body is larger than {max_bytes} bytes"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _content_length(scope["headers"])
        if declared is not None:
            if declared > self.max_bytes:
                await error_response(413, [(None, self.message)])(scope, receive, send)
            else:
                await self.app(scope, receive, send)
            return
        received = 0
        responded = False

        async def receive_within_limit() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise _BodyTooLarge(413, self.message)
            return message

        async def send_noting_start(message: Message) -> None:
            nonlocal responded
            responded = responded or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive_within_limit, send_noting_start)
        except _BodyTooLarge:
            if responded:
                raise
            await error_response(413, [(None, self.message)])(scope, receive, send)
