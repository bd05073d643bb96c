"""Refuse request bodies over a size, before reading them whole."""

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from interfaces.http.errors import error_response


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
    to the error handlers. Starlette's own limit answers in plain text when the route does not
    read the body, outside the API's envelope.
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

        async def receive_within_limit() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise HTTPException(413, self.message)
            return message

        await self.app(scope, receive_within_limit, send)
