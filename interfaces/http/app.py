"""The composition root: ``create_app`` builds the FastAPI application from a container.

Nothing is built at import time; run it with ``uvicorn --factory interfaces.http.app:create_app``.
"""

import asyncio
import contextlib
import os
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager

from fastapi import FastAPI
from fastapi.routing import APIRoute
from fastapi_offline import FastAPIOffline
from starlette.routing import Mount, Route

from infrastructure.container import Container
from infrastructure.observability import metrics
from interfaces.http.dependencies import document_optional_authentication
from interfaces.http.docs import STATIC_URL, SWAGGER_UI_PARAMETERS, add_redoc
from interfaces.http.errors import register_error_handlers
from interfaces.http.middleware import add_middleware
from interfaces.http.middleware.trailing_slash import TrailingSlashMiddleware
from interfaces.http.routers import (
    admin,
    article_lifecycle,
    articles,
    bulk,
    comments,
    favorites,
    notifications,
    operations,
    profiles,
    search,
    settings,
    tags,
    users,
)

_API_PREFIX = "/api"
# The author's shelves, search and bulk import come before the articles: /articles/deleted,
# /articles/search and /articles/bulk are not articles' slugs.
_API_ROUTERS = (
    users,
    settings,
    profiles,
    article_lifecycle,
    search,
    bulk,
    articles,
    favorites,
    comments,
    tags,
    admin,
    notifications,
)
_DESCRIPTION = """
The [RealWorld](https://realworld-docs.netlify.app/) "Conduit" API, exactly as its
specification 1.1.0 says. Errors use the envelope `{"errors": {"body": ["..."]}}`, each
problem once; the fields at fault are named beside it: `"fields": {"email": ["..."]}`.
Authenticate with `Authorization: Token <jwt>`.
Every response carries an `X-Request-ID` (the caller's, or a new one); logs name it too.
Outside `/api`: `/healthz` (liveness), `/readyz` (readiness) and `/metrics` (Prometheus).
"""


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Runs after the server stopped taking requests and the in-flight ones finished."""
    container: Container = app.state.container
    async with AsyncExitStack() as stack:
        stack.callback(metrics.worker_stopped, os.getpid())
        await stack.enter_async_context(container.storage().serving())
        if container.settings().redis_url:
            stack.push_async_callback(container.redis_client().aclose)
        await stack.enter_async_context(_live_updates(container))
        yield


@asynccontextmanager
async def _live_updates(container: Container) -> AsyncIterator[None]:
    """The subscription to published events and, unless turned off, the outbox relay."""
    settings = container.settings()
    tasks = [asyncio.create_task(container.delivery_listener().run())]
    if settings.relay_in_server:
        tasks.append(asyncio.create_task(container.relay_loop().run()))
    try:
        yield
    finally:
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        if settings.broker == "redis":
            await container.redis_pubsub_client().aclose()


def create_app(container: Container | None = None) -> FastAPI:
    container = container or Container()
    app = FastAPIOffline(
        title="Conduit",
        version="1.1.0",
        description=_DESCRIPTION,
        lifespan=_lifespan,
        favicon_url=None,
        static_url=STATIC_URL,
        redoc_url=None,
        swagger_ui_parameters=SWAGGER_UI_PARAMETERS,
        # FastAPI's native OpenTelemetry looks up the global providers on every request
        # (about 4% of a list request); Conduit does not use it.
        telemetry={"tracing": False, "metrics": False, "logs": False},
    )
    app.state.container = container
    add_redoc(app)
    register_error_handlers(app)
    for module in _API_ROUTERS:
        app.include_router(module.router, prefix=_API_PREFIX)
    app.include_router(operations.router)
    document_optional_authentication(
        route for module in _API_ROUTERS for route in module.router.routes
    )
    add_middleware(app, container, _route_templates(app))
    # Outermost, so logs, metrics and idempotency keys all see the one path without the slash.
    app.router.redirect_slashes = False
    app.add_middleware(TrailingSlashMiddleware)
    return app


def _route_templates(app: FastAPI) -> dict[int, str]:
    """The full path template of each included route, by the route's ``id``; Starlette's own
    routes (``/openapi.json``) and mounts (the docs' static files) by their endpoint's ``id``,
    the only thing they leave in the request's scope."""
    templates = {
        id(route): _API_PREFIX + route.path_format
        for module in _API_ROUTERS
        for route in module.router.routes
        if isinstance(route, APIRoute)
    }
    for route in app.routes:
        if isinstance(route, Mount):
            templates[id(route.app)] = route.path + "/{path}"
        elif isinstance(route, Route) and not isinstance(route, APIRoute):
            templates[id(route.endpoint)] = route.path
    return templates
