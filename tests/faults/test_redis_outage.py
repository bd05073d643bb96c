"""Redis down: a server configured with Redis (cache, login limits, pub/sub) keeps serving
reads and writes while its Redis is killed, each request within a bound; the events of the
writes land in the outbox and reach a WebSocket client once Redis is back."""

import asyncio
import json
import time
import uuid
from pathlib import Path
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from sqlalchemy.pool import NullPool
from websockets.asyncio.client import ClientConnection, connect

from infrastructure.migrations import sync_url
from tests.databases import async_url
from tests.factories import PASSWORD
from tests.load import sign_up
from tests.processes import serving
from tests.redis_server import RedisServer, redis_server

pytestmark = pytest.mark.fault

COMMENTS_WHILE_DOWN = 3
# Every request while Redis is down: its clients give up on a refused connection at once.
SERVED_WITHIN_SECONDS = 1.0
DELIVERY_DEADLINE_SECONDS = 15.0


def server_settings(database: str, redis: RedisServer) -> dict[str, str]:
    return {
        "database_url": async_url(database),
        "migrate_on_start": "false",
        "redis_url": redis.url,
        "redis_namespace": f"conduit-test-{uuid.uuid4().hex}",
        "relay_retry_seconds": "1",
        "db_pool_size": "3",
        "log_level": "WARNING",
    }


class Timed:
    """An HTTP client that keeps the slowest answer's duration."""

    def __init__(self, client: httpx.AsyncClient) -> None:
        self.client = client
        self.slowest = 0.0
        self.requests = 0

    async def __call__(self, method: str, path: str, status: int, **options: Any) -> Any:
        started = time.monotonic()
        response = await self.client.request(method, path, **options)
        self.slowest = max(self.slowest, time.monotonic() - started)
        self.requests += 1
        assert response.status_code == status, (path, response.status_code, response.text)
        return response.json() if response.content else None


def unpublished_events(database: str) -> int:
    engine = sa.create_engine(sync_url(database), poolclass=NullPool)
    with engine.connect() as connection:
        count = connection.execute(
            sa.text("SELECT count(*) FROM outbox WHERE published_at IS NULL")
        ).scalar_one()
    engine.dispose()
    return int(count)


async def all_published(database: str) -> bool:
    """Whether the outbox holds no unpublished event, within the delivery deadline."""
    for _ in range(int(DELIVERY_DEADLINE_SECONDS / 0.2)):
        if unpublished_events(database) == 0:
            return True
        await asyncio.sleep(0.2)
    return False


async def notifications(ws: ClientConnection, count: int) -> list[str]:
    """The types of the next ``count`` notifications pushed, within the delivery deadline."""
    types = []
    async with asyncio.timeout(DELIVERY_DEADLINE_SECONDS):
        while len(types) < count:
            message = json.loads(await ws.recv())
            types.append(message["notification"]["type"])
    return types


async def test_without_redis_the_service_serves_and_events_wait_in_the_outbox_until_it_returns(
    fresh_database: str, tmp_path: Path
) -> None:
    with (
        redis_server() as redis,
        serving(tmp_path, **server_settings(fresh_database, redis)) as server,
    ):
        async with httpx.AsyncClient(base_url=server.url, timeout=30) as client:
            call = Timed(client)
            jake = {"Authorization": f"Token {await sign_up(client, 'jake')}"}
            ann = {"Authorization": f"Token {await sign_up(client, 'ann')}"}
            article = {"title": "Dragons", "description": "d", "body": "b", "tagList": ["x"]}
            await call("POST", "/api/articles", 201, json={"article": article}, headers=jake)
            await call("GET", "/api/articles/dragons", 200)  # cached in Redis now
            token = jake["Authorization"].removeprefix("Token ")
            async with connect(
                f"ws://127.0.0.1:{server.port}/api/notifications/ws?token={token}"
            ) as ws:
                assert "subscribed" in json.loads(await ws.recv())

                redis.kill()
                call.slowest = 0.0
                edit = {"article": {"description": "edited while Redis was down"}}
                await call("PUT", "/api/articles/dragons", 200, json=edit, headers=jake)
                read = await call("GET", "/api/articles/dragons", 200)
                assert read["article"]["description"] == "edited while Redis was down"
                await call("GET", "/api/tags", 200)
                await call("GET", "/api/profiles/jake", 200)
                login = {"user": {"email": "jake@example.com", "password": PASSWORD}}
                await call("POST", "/api/users/login", 200, json=login)
                for number in range(COMMENTS_WHILE_DOWN):
                    comment = {"comment": {"body": f"Comment {number}"}}
                    await call(
                        "POST", "/api/articles/dragons/comments", 200, json=comment, headers=ann
                    )
                await call("POST", "/api/articles/dragons/favorite", 200, headers=ann)
                readiness = await call("GET", "/readyz", 200)
                slowest_while_down = call.slowest
                await asyncio.sleep(1.5)  # the relay has tried, and failed, to publish them
                waiting = unpublished_events(fresh_database)

                redis.start()
                pushed = await notifications(ws, COMMENTS_WHILE_DOWN + 1)

            assert await all_published(fresh_database)
            assert (await call("GET", "/readyz", 200))["status"] == "ready"

    assert isinstance(readiness.pop("primary"), str), "PostgreSQL's address"
    assert readiness == {
        "status": "degraded",
        "dependencies": {"database": "ok", "redis": "unreachable"},
    }
    assert slowest_while_down < SERVED_WITHIN_SECONDS, slowest_while_down
    # The edit, the comments and the favorite: each event in the outbox, none published.
    assert waiting >= COMMENTS_WHILE_DOWN + 2, waiting
    assert sorted(pushed) == ["article_favorited"] + ["comment_added"] * COMMENTS_WHILE_DOWN
    print(
        f"\nRedis outage: {call.requests} requests served, slowest while Redis was down "
        f"{slowest_while_down:.3f} s; {waiting} events waited in the outbox, "
        f"{len(pushed)} notifications pushed once Redis was back"
    )
