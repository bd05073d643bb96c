"""Pure ASGI middleware that gives each HTTP request its own read-your-writes scope."""

from starlette.types import ASGIApp, Receive, Scope, Send

from infrastructure.read_your_writes import request_scope


class ReadYourWritesMiddleware:
    """After a write, the rest of the same request reads from the primary, not a replica.

    Installed only when replicas are configured: without them every read is the primary's.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        with request_scope():
            await self.app(scope, receive, send)
