"""The HTTP middleware stack, all pure ASGI (no per-request ``BaseHTTPMiddleware`` task)."""

from collections.abc import Mapping

from fastapi import FastAPI
from starlette.middleware.cors import CORSMiddleware
from starlette.middleware.gzip import GZipMiddleware

from infrastructure.container import Container
from interfaces.http.idempotency import IdempotencyMiddleware
from interfaces.http.middleware.body_limit import BodyLimitMiddleware
from interfaces.http.middleware.request_context import REQUEST_ID_HEADER, RequestContextMiddleware
from interfaces.http.middleware.security_headers import SecurityHeadersMiddleware
from interfaces.http.middleware.trusted_hosts import TrustedHostsMiddleware
from interfaces.http.read_your_writes import ReadYourWritesMiddleware

# zlib's default: most of level 9's saving for a fraction of its CPU time.
_GZIP_LEVEL = 6


def add_middleware(app: FastAPI, container: Container, route_templates: Mapping[int, str]) -> None:
    """From the outside in: security headers, request context (id, logs, metrics, 500s),
    trusted hosts, CORS, gzip, body limit, read-your-writes, idempotency keys. Trusted hosts
    and CORS are left out when they would let everything through anyway (``*``, no origins),
    read-your-writes without replicas."""
    settings = container.settings()
    # Starlette puts each added middleware outside the ones before it: innermost first.
    app.add_middleware(IdempotencyMiddleware, container=container)
    if settings.database_replica_urls:
        app.add_middleware(ReadYourWritesMiddleware)
    app.add_middleware(BodyLimitMiddleware, max_bytes=settings.max_body_bytes)
    app.add_middleware(
        GZipMiddleware, minimum_size=settings.gzip_min_bytes, compresslevel=_GZIP_LEVEL
    )
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["*"],
            allow_headers=["*"],
            expose_headers=["ETag", REQUEST_ID_HEADER],
        )
    if "*" not in settings.trusted_hosts:
        app.add_middleware(TrustedHostsMiddleware, hosts=settings.trusted_hosts)
    app.add_middleware(RequestContextMiddleware, route_templates=route_templates)
    # Outside the request context, so the 500s it answers carry the headers too.
    app.add_middleware(SecurityHeadersMiddleware, hsts_seconds=settings.hsts_seconds)
