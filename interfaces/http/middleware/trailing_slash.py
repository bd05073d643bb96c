"""``/api/articles/`` is ``/api/articles``: answered directly, not redirected."""

from starlette.types import ASGIApp, Receive, Scope, Send


class TrailingSlashMiddleware:
    """Drops one trailing slash from the path before anything routes or logs it.

    Front ends post to ``/api/articles/``; a redirect costs a round trip, and some clients do
    not send a POST body again after a 307. Each route keeps one path in the OpenAPI document.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            path: str = scope["path"]
            if len(path) > 1 and path.endswith("/"):
                scope["path"] = path[:-1]
                raw_path = scope.get("raw_path")
                if raw_path and raw_path.endswith(b"/"):
                    scope["raw_path"] = raw_path[:-1]
        await self.app(scope, receive, send)
