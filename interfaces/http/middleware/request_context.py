"""Per request: an id, one access log line (with the reason of a refusal), the HTTP metrics,
and the last word on errors."""

import logging
import os
import re
from collections.abc import Mapping
from time import perf_counter

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from infrastructure.observability import metrics
from infrastructure.observability.context import request_context
from interfaces.http.errors import error_response

access_log = logging.getLogger("conduit.access")
error_log = logging.getLogger("conduit.errors")

REQUEST_ID_HEADER = "X-Request-ID"
UNMATCHED_ROUTE = "<unmatched>"
_HEADER = REQUEST_ID_HEADER.lower().encode()
# A caller's id is kept when it is a plain token (a UUID, a load balancer's trace id): anything
# else could forge or garble log lines.
_VALID_REQUEST_ID = re.compile(rb"[A-Za-z0-9._:-]{1,128}")
_REASON_MAX_LENGTH = 200


def request_id_of(headers: list[tuple[bytes, bytes]]) -> str:
    """The caller's ``X-Request-ID`` when it is a plain token, else a new random one."""
    for name, value in headers:
        if name == _HEADER:
            if _VALID_REQUEST_ID.fullmatch(value):
                return value.decode()
            break
    # As random as uuid4().hex (128 bits, 32 hex digits) at a tenth of its cost.
    return os.urandom(16).hex()


def route_template(scope: Scope, templates: Mapping[int, str]) -> str:
    """``/api/articles/{slug}`` rather than the path: metrics stay one series per route.

    ``templates`` maps a route's ``id`` to its full template: a route of an included router
    knows only its own part of the path (``/articles/{slug}``). A Starlette route or mount
    (``/openapi.json``, static files) leaves only its endpoint in the scope: it is found by
    the endpoint's ``id``.
    """
    route = scope.get("route")
    if route is None:
        return templates.get(id(scope.get("endpoint")), UNMATCHED_ROUTE)
    template = templates.get(id(route)) or getattr(route, "path_format", None)
    return str(template) if template else UNMATCHED_ROUTE


class RequestContextMiddleware:
    """Gives each HTTP request an id (the caller's ``X-Request-ID`` or a new one), echoes it in
    the response, logs the request with its status and duration, records its metrics, and
    answers an unexpected error with a logged 500 in the RealWorld envelope, naming the id.

    It is the outermost middleware, so it sees every response, the other middleware's included.
    """

    def __init__(self, app: ASGIApp, route_templates: Mapping[int, str]) -> None:
        self.app = app
        self.route_templates = route_templates

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = perf_counter()
        request_id = request_id_of(scope["headers"])
        id_header = (_HEADER, request_id.encode())
        status = 500
        responded = False

        async def send_with_id(message: Message) -> None:
            nonlocal status, responded
            if message["type"] == "http.response.start":
                status = message["status"]
                responded = True
                message["headers"] = [*message.get("headers", ()), id_header]
            await send(message)

        with request_context(request_id) as context:
            try:
                await self.app(scope, receive, send_with_id)
            except Exception:
                error_log.exception(
                    "unexpected error",
                    # On the record too: handlers may format it after the request ended.
                    extra={
                        "request_id": request_id,
                        "method": scope["method"],
                        "path": scope["path"],
                    },
                )
                if responded:
                    raise
                message = f"internal server error (request id {request_id})"
                await error_response(500, [(None, message)])(scope, receive, send_with_id)
            finally:
                seconds = perf_counter() - started
                route = route_template(scope, self.route_templates)
                metrics.record_request(scope["method"], route, status, seconds, context.statements)
                if access_log.isEnabledFor(logging.INFO):
                    fields = {
                        "method": scope["method"],
                        "path": scope["path"],
                        "route": route,
                        "status": status,
                        "duration_ms": round(seconds * 1000, 2),
                    }
                    if status >= 400 and context.refusal is not None:
                        # The first message of the answer: it names the field and the rule,
                        # never the value (and the log formatter scrubs secrets anyway).
                        fields["reason"] = context.refusal[:_REASON_MAX_LENGTH]
                    access_log.info("request", extra=fields)
