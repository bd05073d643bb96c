"""Headers that tell browsers to keep the API's responses to their purpose."""

from starlette.types import ASGIApp, Message, Receive, Scope, Send


class SecurityHeadersMiddleware:
    """On every response: no MIME sniffing, no framing (``X-Frame-Options`` and CSP
    ``frame-ancestors`` for older and newer browsers), no referrer, and HSTS when configured.

    The CSP says nothing but ``frame-ancestors``: a stricter one would block the inline scripts
    of the ``/docs`` and ``/redoc`` pages.
    """

    def __init__(self, app: ASGIApp, hsts_seconds: int = 0) -> None:
        self.app = app
        headers = [
            (b"x-content-type-options", b"nosniff"),
            (b"x-frame-options", b"DENY"),
            (b"content-security-policy", b"frame-ancestors 'none'"),
            (b"referrer-policy", b"no-referrer"),
        ]
        if hsts_seconds:
            hsts = f"max-age={hsts_seconds}; includeSubDomains".encode()
            headers.append((b"strict-transport-security", hsts))
        self.headers = tuple(headers)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", ()), *self.headers]
            await send(message)

        await self.app(scope, receive, send_with_headers)
