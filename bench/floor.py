"""``python -m bench.floor``: what the web framework alone costs per request, without SQL.

Three tiny apps answer every ``/api/...`` GET with the same small profile JSON: bare Starlette
(what the reference is built on), bare FastAPI (one route with a path parameter), and FastAPI
behind Conduit's own middleware stack (request id, access log, metrics, security headers,
GZip, body limit, idempotency keys, trailing slash). Each is loaded with wrk pinned as in
``python -m bench``, one worker on the server's cores; the server's CPU is the bottleneck, so
microseconds per request are 1 / (requests per second).

A single-row read's floor in Conduit is the third figure plus the reference's own work per
request (its SQL, JSON and token check): read against the reference's requests per second, it
says how close to the reference any FastAPI service with this middleware can come.
"""

import argparse
import asyncio
import os
import sys

from fastapi import FastAPI
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from bench import load, servers
from bench.config import SECRET_KEY
from bench.endpoints import Endpoint, Fixtures

_KIND_VARIABLE = "BENCH_FLOOR_APP"
_BODY = b'{"profile":{"username":"edsger2","bio":null,"image":null,"following":false}}'
_KINDS = {
    "starlette": "Starlette, one route",
    "fastapi": "FastAPI, one route",
    "fastapi+middleware": "FastAPI, one route, Conduit's middleware",
}


def create_app() -> Starlette:
    """The app named by ``BENCH_FLOOR_APP`` (uvicorn ``--factory``)."""
    kind = os.environ[_KIND_VARIABLE]
    if kind == "starlette":

        async def answer(_request: Request) -> Response:
            return Response(_BODY, media_type="application/json")

        return Starlette(routes=[Route("/api/{rest:path}", answer)])
    app = FastAPI()

    @app.get("/api/{rest:path}")
    async def fixed(rest: str) -> Response:  # noqa: ARG001 (matched like a slug, unused)
        return Response(_BODY, media_type="application/json")

    if kind == "fastapi+middleware":
        from infrastructure.container import Container
        from interfaces.http.middleware import add_middleware
        from interfaces.http.middleware.trailing_slash import TrailingSlashMiddleware

        add_middleware(app, Container(), {})
        app.add_middleware(TrailingSlashMiddleware)
    return app


def _server(kind: str) -> servers.Server:
    port = servers.free_port()
    command = [sys.executable, "-m", "uvicorn", "bench.floor:create_app", "--factory"]
    command += ["--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"]
    env = {
        _KIND_VARIABLE: kind,
        "CONDUIT_ENV": "production",
        "CONDUIT_SECRET_KEY": SECRET_KEY,
        "CONDUIT_LOG_LEVEL": "warning",
    }
    return servers.Server(kind, command, env, port)


async def _measure(seconds: int, connections: int) -> None:
    server_cores, load_cores = servers.cpu_split()
    generator = load.Generator(load.ensure_wrk(), connections, 1, load_cores)
    endpoint = Endpoint(
        "floor", "GET /api/profiles/{username}", "GET", "/api/profiles/edsger2", "get.lua",
        authenticated=False, status=200, target=None,
    )  # fmt: skip
    fixtures = Fixtures("", "", "", "", (), (), ())
    print(f"{'app':<45} {'req/s':>8} {'us/request':>11} {'p99 ms':>7}")
    for kind, label in _KINDS.items():
        async with servers.running(_server(kind), server_cores) as base_url:
            await asyncio.to_thread(load.run_wrk, generator, base_url, endpoint, fixtures, 1)
            result = await asyncio.to_thread(
                load.run_wrk, generator, base_url, endpoint, fixtures, seconds
            )
        print(f"{label:<45} {result.rps:>8.0f} {1e6 / result.rps:>11.0f} {result.p99_ms:>7.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.floor", description=__doc__)
    parser.add_argument("--duration", type=int, default=6, help="seconds per app")
    parser.add_argument("--connections", type=int, default=32)
    arguments = parser.parse_args()
    asyncio.run(_measure(arguments.duration, arguments.connections))


if __name__ == "__main__":
    main()
