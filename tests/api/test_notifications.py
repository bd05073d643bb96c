"""GET /api/notifications and the live WebSocket at /api/notifications/ws."""

import asyncio
import json
from collections.abc import AsyncIterator

import pytest
from dependency_injector import providers
from httpx import AsyncClient
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed
from websockets.frames import Close

from application.errors import ServiceUnavailable
from infrastructure.container import Container
from infrastructure.persistence.sqlmodel.availability import MESSAGE, RETRY_AFTER_SECONDS
from interfaces.http.app import create_app
from tests.api.conftest import errors_of, fields_of
from tests.factories import publish, register
from tests.servers import serving


async def follow(client: AsyncClient, auth: dict[str, str], username: str) -> None:
    response = await client.post(f"/api/profiles/{username}/follow", headers=auth)
    assert response.status_code == 200, response.text


async def test_notifications_need_a_token(client: AsyncClient) -> None:
    response = await client.get("/api/notifications")

    assert response.status_code == 401
    assert errors_of(response)["body"]


@pytest.mark.parametrize(
    ("query", "field"), [("cursor=abc", "cursor"), ("limit=0", "limit"), ("limit=101", "limit")]
)
async def test_bad_paging_is_a_field_error(client: AsyncClient, query: str, field: str) -> None:
    jake = await register(client, "jake")

    response = await client.get(f"/api/notifications?{query}", headers=jake)

    assert response.status_code == 422
    assert field in fields_of(response)


async def test_followers_see_new_articles_newest_first_page_by_page(
    client: AsyncClient, container: Container
) -> None:
    jake, ann = await register(client, "jake"), await register(client, "ann")
    await follow(client, ann, "jake")
    for title in ("One", "Two", "Three"):
        await publish(client, jake, title)
    await container.relay_outbox().execute()

    first = (await client.get("/api/notifications?limit=2", headers=ann)).json()
    cursor = first["nextCursor"]
    second = (await client.get(f"/api/notifications?limit=2&cursor={cursor}", headers=ann)).json()

    titles = [n["article"]["title"] for n in first["notifications"] + second["notifications"]]
    assert titles == ["Three", "Two", "One"]
    assert second["nextCursor"] is None
    assert first["notifications"][0] == {
        "id": first["notifications"][0]["id"],
        "type": "article_published",
        "createdAt": first["notifications"][0]["createdAt"],
        "actor": {"username": "jake", "bio": "", "image": "", "following": True},
        "article": {"slug": "three", "title": "Three"},
        "commentBody": None,
    }
    assert (await client.get("/api/notifications", headers=jake)).json() == {
        "notifications": [],
        "nextCursor": None,
    }


# The WebSocket tests serve the app with uvicorn on a free port, in the test's event loop:
# its lifespan starts the relay and the hub, as in production.


@pytest.fixture
async def live(container: Container) -> AsyncIterator[str]:
    settings = container.settings().model_copy(update={"relay_interval_seconds": 0.05})
    container.settings.override(providers.Object(settings))
    async with serving(create_app(container)) as address:
        yield address


async def sign_up(client: AsyncClient, name: str) -> str:
    auth = await register(client, name)
    return auth["Authorization"].removeprefix("Token ")


async def write_article(client: AsyncClient, token: str, title: str) -> None:
    await publish(client, {"Authorization": f"Token {token}"}, title)


async def subscribed(ws: ClientConnection) -> int:
    """The last id the server starts after, from its first message."""
    async with asyncio.timeout(5):
        return int(json.loads(await ws.recv())["subscribed"]["lastId"])


async def received(ws: ClientConnection, count: int) -> list[tuple[int, str]]:
    messages = []
    for _ in range(count):
        async with asyncio.timeout(5):
            messages.append(json.loads(await ws.recv())["notification"])
    return [(m["id"], m["article"]["title"]) for m in messages]


async def test_a_bad_token_closes_the_socket_with_4401(live: str) -> None:
    async with connect(f"ws://{live}/api/notifications/ws?token=nonsense") as ws:
        with pytest.raises(ConnectionClosed) as closed:
            await ws.recv()

    assert closed.value.rcvd is not None
    assert closed.value.rcvd.code == 4401


async def test_a_malformed_first_message_closes_the_socket_with_1008(live: str) -> None:
    async with connect(f"ws://{live}/api/notifications/ws") as ws:
        await ws.send("hello")
        with pytest.raises(ConnectionClosed) as closed:
            await ws.recv()

    assert closed.value.rcvd is not None
    assert closed.value.rcvd.code == 1008


async def test_a_new_article_is_pushed_to_a_follower_authenticated_by_first_message(
    client: AsyncClient, live: str
) -> None:
    jake, ann = await sign_up(client, "jake"), await sign_up(client, "ann")
    await follow(client, {"Authorization": f"Token {ann}"}, "jake")

    async with connect(f"ws://{live}/api/notifications/ws") as ws:
        await ws.send(json.dumps({"token": ann}))
        assert await subscribed(ws) == 0
        await write_article(client, jake, "Dragons")
        ((_, title),) = await received(ws, 1)

    assert title == "Dragons"


async def test_a_reconnecting_client_gets_what_it_missed_in_order_and_once(
    client: AsyncClient, live: str
) -> None:
    jake, ann = await sign_up(client, "jake"), await sign_up(client, "ann")
    await follow(client, {"Authorization": f"Token {ann}"}, "jake")
    url = f"ws://{live}/api/notifications/ws?token={ann}"
    async with connect(url) as ws:
        await subscribed(ws)
        await write_article(client, jake, "One")
        ((seen, _),) = await received(ws, 1)

    for title in ("Two", "Three"):
        await write_article(client, jake, title)
    async with connect(f"{url}&lastId={seen}") as ws:
        assert await subscribed(ws) == seen
        missed = await received(ws, 2)
        await write_article(client, jake, "Four")
        pushed = await received(ws, 1)

    got = missed + pushed
    assert [title for _, title in got] == ["Two", "Three", "Four"]
    assert [number for number, _ in got] == sorted({number for number, _ in got})


class DatabaseDown(Exception):
    """The notifications could not be read."""


class UnreadableNotifications:
    async def execute(self, user_id: int, after: int, limit: int = 100) -> tuple[()]:
        raise DatabaseDown(user_id, after, limit)


async def test_a_socket_that_cannot_read_notifications_closes_with_1011_to_be_retried(
    client: AsyncClient, container: Container, live: str
) -> None:
    ann = await sign_up(client, "ann")
    container.missed_notifications.override(providers.Object(UnreadableNotifications()))

    async with connect(f"ws://{live}/api/notifications/ws?token={ann}") as ws:
        await subscribed(ws)
        with pytest.raises(ConnectionClosed) as closed:
            await ws.recv()

    assert closed.value.rcvd is not None
    assert closed.value.rcvd.code == 1011


class Unavailable:
    """A use case whose database is away."""

    async def execute(self, *_arguments: object, **_options: object) -> None:
        raise ServiceUnavailable(MESSAGE, retry_after_seconds=RETRY_AFTER_SECONDS)


@pytest.mark.parametrize("use_case", ["authenticate", "missed_notifications"])
async def test_a_socket_closes_with_1013_while_the_database_is_away(
    client: AsyncClient, container: Container, live: str, use_case: str
) -> None:
    ann = await sign_up(client, "ann")
    getattr(container, use_case).override(providers.Object(Unavailable()))

    async with connect(f"ws://{live}/api/notifications/ws?token={ann}&lastId=0") as ws:
        closed = await close_of(ws)

    assert closed is not None
    assert (closed.code, closed.reason) == (1013, "temporarily unavailable")


async def close_of(ws: ClientConnection) -> Close | None:
    """Reads until the server closes the socket: its close frame."""
    try:
        while True:
            await ws.recv()
    except ConnectionClosed as closed:
        return closed.rcvd
