"""Live updates across processes: servers sharing PostgreSQL and Redis, as deployed.

A write through one server is pushed to a WebSocket client of another within a second; with
the servers' relays turned off, a separate ``conduit outbox-relay`` process does the relaying.
"""

import asyncio
import json
import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager

import httpx
import pytest
from websockets.asyncio.client import ClientConnection, connect

from tests.databases import REDIS_URL
from tests.factories import PASSWORD
from tests.servers import ROOT, server_process

pytestmark = pytest.mark.multiprocess

PUSH_DEADLINE_SECONDS = 1.0


def environment(database_url: str, **extra: str) -> dict[str, str]:
    return {
        "CONDUIT_ENV": "test",
        "CONDUIT_DATABASE_URL": database_url,
        "CONDUIT_REDIS_URL": REDIS_URL,
        # A namespace per test: sessions sharing the Redis server never hear each other.
        "CONDUIT_REDIS_NAMESPACE": f"conduit-test-{uuid.uuid4().hex}",
        "CONDUIT_PASSWORD_HASH_MEMORY_KIB": "64",
        "CONDUIT_PASSWORD_HASH_TIME_COST": "1",
        "CONDUIT_DB_POOL_SIZE": "3",
    } | extra


@contextmanager
def servers(env: dict[str, str], count: int = 2) -> Iterator[list[str]]:
    with ExitStack() as stack:
        yield [stack.enter_context(server_process(env)) for _ in range(count)]


@contextmanager
def relay_process(env: dict[str, str]) -> Iterator[None]:
    process = subprocess.Popen(
        [sys.executable, "-c", "from interfaces.cli import main; main()", "outbox-relay"],
        cwd=ROOT,
        env=os.environ | env,
    )
    try:
        yield
    finally:
        process.terminate()
        process.wait(timeout=10)


def sign_up(address: str, name: str) -> str:
    user = {"username": name, "email": f"{name}@example.com", "password": PASSWORD}
    response = httpx.post(f"http://{address}/api/users", json={"user": user})
    assert response.status_code == 201, response.text
    return str(response.json()["user"]["token"])


def call(address: str, method: str, path: str, token: str, **json_body: object) -> httpx.Response:
    response = httpx.request(
        method,
        f"http://{address}/api{path}",
        json=json_body or None,
        headers={"Authorization": f"Token {token}"},
    )
    assert response.is_success, response.text
    return response


def write_article(address: str, token: str, title: str) -> str:
    article = {"title": title, "description": "d", "body": "b"}
    response = call(address, "POST", "/articles", token, article=article)
    return str(response.json()["article"]["slug"])


async def next_message(ws: ClientConnection, within: float = 5.0) -> dict[str, object]:
    async with asyncio.timeout(within):
        message: dict[str, object] = json.loads(await ws.recv())
    return message


async def notification_titles(ws: ClientConnection, count: int) -> list[tuple[int, str]]:
    titles = []
    for _ in range(count):
        notification = (await next_message(ws))["notification"]
        assert isinstance(notification, dict)
        titles.append((notification["id"], notification["article"]["title"]))
    return titles


async def test_a_write_through_one_server_reaches_a_websocket_of_another_within_a_second(
    empty_committing_postgres: str,
) -> None:
    with servers(environment(empty_committing_postgres)) as (first, second):
        jake, ann = sign_up(first, "jake"), sign_up(first, "ann")
        call(first, "POST", "/profiles/jake/follow", ann)

        async with connect(f"ws://{second}/api/notifications/ws?token={ann}") as ws:
            assert await next_message(ws) == {"subscribed": {"lastId": 0}}
            started = time.monotonic()
            write_article(first, jake, "Dragons")
            ((seen, title),) = await notification_titles(ws, 1)
            elapsed = time.monotonic() - started
            assert title == "Dragons"
            assert elapsed < PUSH_DEADLINE_SECONDS, elapsed

            async with connect(f"ws://{first}/api/notifications/ws?token={jake}") as jakes:
                await next_message(jakes)
                call(second, "POST", "/articles/dragons/comments", ann, comment={"body": "Lovely"})
                notification = (await next_message(jakes))["notification"]
            assert notification["type"] == "comment_added"  # type: ignore[index]

        for title in ("Two", "Three"):
            write_article(second, jake, title)
        async with connect(f"ws://{first}/api/notifications/ws?token={ann}&lastId={seen}") as ws:
            assert await next_message(ws) == {"subscribed": {"lastId": seen}}
            missed = await notification_titles(ws, 2)
            write_article(second, jake, "Four")
            pushed = await notification_titles(ws, 1)
            with pytest.raises(TimeoutError):
                await next_message(ws, within=0.5)

    got = missed + pushed
    assert [title for _, title in got] == ["Two", "Three", "Four"]
    assert [number for number, _ in got] == sorted({number for number, _ in got})


async def test_a_separate_relay_process_relays_for_servers_that_do_not(
    empty_committing_postgres: str,
) -> None:
    env = environment(empty_committing_postgres, CONDUIT_RELAY_IN_SERVER="false")
    with servers(env) as (first, second), relay_process(env):
        jake, ann = sign_up(first, "jake"), sign_up(first, "ann")
        call(first, "POST", "/profiles/jake/follow", ann)
        async with connect(f"ws://{second}/api/notifications/ws?token={ann}") as ws:
            await next_message(ws)
            write_article(first, jake, "Relayed elsewhere")
            ((_, title),) = await notification_titles(ws, 1)

    assert title == "Relayed elsewhere"


def anonymous(address: str, path: str) -> dict[str, object]:
    response = httpx.get(f"http://{address}/api{path}")
    assert response.status_code == 200, response.text
    body: dict[str, object] = response.json()
    return body


async def test_with_redis_as_the_cache_a_write_is_visible_on_the_next_read_elsewhere(
    empty_committing_postgres: str,
) -> None:
    # No relay anywhere: only the writer's invalidation right after its commit can do it.
    env = environment(empty_committing_postgres, CONDUIT_RELAY_IN_SERVER="false")
    with servers(env) as (first, second):
        jake, ann = sign_up(first, "jake"), sign_up(first, "ann")
        write_article(first, jake, "Dragons")
        reads = ("/tags", "/profiles/jake", "/articles/dragons")
        before = [anonymous(second, path) for path in reads]

        call(first, "PUT", "/user", jake, user={"bio": "Rider"})
        call(first, "POST", "/articles/dragons/favorite", ann)
        call(first, "PUT", "/articles/dragons", jake, article={"tagList": ["wyverns"]})
        tags, profile, article = (anonymous(second, path) for path in reads)

    assert before[0] == {"tags": []}
    assert tags == {"tags": ["wyverns"]}
    assert profile["profile"]["bio"] == "Rider"  # type: ignore[index]
    assert article["article"]["favoritesCount"] == 1  # type: ignore[index]
    assert article["article"]["author"]["bio"] == "Rider"  # type: ignore[index]
