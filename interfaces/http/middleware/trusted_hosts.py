"""Refuse requests for a host name the service does not answer to."""

from collections.abc import Iterable

from starlette.types import ASGIApp, Receive, Scope, Send

from interfaces.http.errors import error_response


def _host_name(headers: list[tuple[bytes, bytes]]) -> str:
    for name, value in headers:
        if name == b"host":
            host = value.decode("latin-1").lower()
            # "example.com:8000" and "[::1]:8000" lose their port; "[::1]" has none.
            return host if host.endswith("]") or ":" not in host else host.rsplit(":", 1)[0]
    return ""


class TrustedHostsMiddleware:
    """A request whose ``Host`` is not in ``hosts`` gets a 400 in the RealWorld envelope (a
    WebSocket is closed); ``*.example.com`` accepts every subdomain of example.com.

    Starlette's ``TrustedHostMiddleware`` answers in plain text, outside the API's envelope.
    """

    def __init__(self, app: ASGIApp, hosts: Iterable[str]) -> None:
        self.app = app
        hosts = [host.lower() for host in hosts]
        self.exact = frozenset(host for host in hosts if not host.startswith("*."))
        self.suffixes = tuple(host[1:] for host in hosts if host.startswith("*."))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in {"http", "websocket"}:
            await self.app(scope, receive, send)
            return
        host = _host_name(scope["headers"])
        if host in self.exact or (self.suffixes and host.endswith(self.suffixes)):
            await self.app(scope, receive, send)
        elif scope["type"] == "websocket":
            await send({"type": "websocket.close", "code": 1008})
        else:
            response = error_response(400, [(None, "invalid host header")])
            await response(scope, receive, send)
