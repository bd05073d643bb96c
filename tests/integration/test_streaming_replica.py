"""Read replicas on a real PostgreSQL hot standby streaming from its primary.

Which server answered a read shows in its answer: with WAL replay paused on the standby, a new
article exists on the primary only, so a 404 comes from the standby and a 200 from the primary.
"""

import asyncio
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager

import pytest
import sqlalchemy as sa
from dependency_injector import providers
from httpx import ASGITransport, AsyncClient

from infrastructure.container import Container
from infrastructure.migrations import sync_url, upgrade_to_head
from infrastructure.persistence.sqlmodel.replicas import ReplicaRouter
from interfaces.http.app import create_app
from tests.databases import async_url
from tests.factories import publish, register, settings_for_tests
from tests.replication import Server, primary_and_standby

CHECK_SECONDS = 0.2


@pytest.fixture(scope="module")
def servers() -> Iterator[tuple[Server, Server]]:
    with primary_and_standby() as (primary, standby):
        upgrade_to_head(primary.url)
        yield primary, standby


@asynccontextmanager
async def serving(
    servers: tuple[Server, Server], **settings: object
) -> AsyncIterator[tuple[AsyncClient, Container]]:
    """Conduit on the primary with the standby as its replica, started as a server starts."""
    primary, standby = servers
    container = Container()
    container.settings.override(
        providers.Object(
            settings_for_tests(
                async_url(primary.url),
                database_replica_urls=(async_url(standby.url),),
                database_replica_check_seconds=CHECK_SECONDS,
                **settings,
            )
        )
    )
    app = create_app(container)
    async with app.router.lifespan_context(app):
        transport = ASGITransport(app=app)
        async with AsyncClient(transport=transport, base_url="http://conduit.test") as client:
            yield client, container


@pytest.fixture
async def conduit(servers: tuple[Server, Server]) -> AsyncIterator[tuple[AsyncClient, Container]]:
    """Without the read cache: these tests are about where database reads go
    (``test_the_read_cache_...`` has the cache on)."""
    async with serving(servers, cache_enabled=False) as served:
        yield served


def on(server: Server, sql: str, **params: object) -> object:
    engine = sa.create_engine(sync_url(server.url), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            return connection.execute(sa.text(sql), params).scalar()
    finally:
        engine.dispose()


async def until(condition: Callable[[], bool], seconds: float = 10.0) -> bool:
    for _ in range(int(seconds / 0.05)):
        if condition():
            return True
        await asyncio.sleep(0.05)
    return False


def replayed(standby: Server, slug: str) -> Callable[[], bool]:
    return lambda: bool(on(standby, "SELECT count(*) FROM articles WHERE slug = :s", s=slug))


@pytest.fixture
def paused_replay(servers: tuple[Server, Server]) -> Iterator[None]:
    """WAL replay paused on the standby: what the primary writes now, the standby lacks."""
    _, standby = servers
    on(standby, "SELECT pg_wal_replay_pause()")
    try:
        yield
    finally:
        on(standby, "SELECT pg_wal_replay_resume()")


async def test_reads_go_to_the_standby_and_see_a_write_once_it_is_replayed(
    conduit: tuple[AsyncClient, Container], servers: tuple[Server, Server], paused_replay: None
) -> None:
    client, _ = conduit
    _, standby = servers
    slug = (await publish(client, await register(client, "jake"), "Replayed"))["slug"]

    before_replay = await client.get(f"/api/articles/{slug}")
    on(standby, "SELECT pg_wal_replay_resume()")
    assert await until(replayed(standby, slug))
    after_replay = await client.get(f"/api/articles/{slug}")

    assert before_replay.status_code == 404, "served by the standby, which lags by design here"
    assert after_replay.status_code == 200
    assert after_replay.json()["article"]["title"] == "Replayed"


async def test_a_request_that_writes_reads_its_own_write_from_the_primary(
    conduit: tuple[AsyncClient, Container], paused_replay: None
) -> None:
    client, _ = conduit
    auth = await register(client, "ada")

    article = await publish(client, auth, "Read your writes")
    favorited = await client.post(f"/api/articles/{article['slug']}/favorite", headers=auth)

    assert article["title"] == "Read your writes"
    assert favorited.status_code == 200, favorited.text
    assert favorited.json()["article"]["favoritesCount"] == 1


async def test_with_the_standby_down_the_primary_serves_reads_until_it_returns(
    conduit: tuple[AsyncClient, Container], servers: tuple[Server, Server]
) -> None:
    client, container = conduit
    _, standby = servers
    router = container.read_database()
    assert isinstance(router, ReplicaRouter)
    slug = (await publish(client, await register(client, "grace"), "Still here"))["slug"]
    assert await until(replayed(standby, slug))

    standby.stop()
    try:
        while_down = [await client.get(f"/api/articles/{slug}") for _ in range(3)]
        listed = await client.get("/api/articles")
        noticed = await until(lambda: router.healthy == ())
    finally:
        standby.start()
    back = await until(lambda: router.healthy == router.replicas)
    on(standby, "SELECT pg_wal_replay_pause()")
    try:
        unseen = (await publish(client, await register(client, "linus"), "Unseen"))["slug"]
        served_by_standby_again = await client.get(f"/api/articles/{unseen}")
    finally:
        on(standby, "SELECT pg_wal_replay_resume()")

    assert [r.status_code for r in while_down] == [200, 200, 200]
    assert listed.status_code == 200
    assert slug in {article["slug"] for article in listed.json()["articles"]}
    assert noticed
    assert back
    assert served_by_standby_again.status_code == 404


@pytest.fixture
async def lag_limited(
    servers: tuple[Server, Server],
) -> AsyncIterator[tuple[AsyncClient, Container]]:
    """Conduit with the standby allowed to lag by half a second at most."""
    async with serving(
        servers, database_replica_max_lag_seconds=0.5, cache_enabled=False
    ) as served:
        yield served


async def test_a_standby_too_far_behind_serves_no_reads_until_it_catches_up(
    lag_limited: tuple[AsyncClient, Container], servers: tuple[Server, Server]
) -> None:
    client, container = lag_limited
    _, standby = servers
    router = container.read_database()
    assert isinstance(router, ReplicaRouter)
    assert await until(lambda: router.healthy == router.replicas), "a caught-up standby serves"

    on(standby, "SELECT pg_wal_replay_pause()")
    try:
        slug = (await publish(client, await register(client, "margaret"), "Lagging"))["slug"]
        excluded = await until(lambda: router.healthy == ())
        while_behind = await client.get(f"/api/articles/{slug}")
    finally:
        on(standby, "SELECT pg_wal_replay_resume()")
    caught_up = await until(lambda: router.healthy == router.replicas)

    assert excluded
    assert while_behind.status_code == 200, "the primary answers while the standby lags"
    assert caught_up


async def test_the_read_cache_is_filled_from_the_primary_never_from_a_lagging_standby(
    servers: tuple[Server, Server], paused_replay: None
) -> None:
    async with serving(servers, cache_enabled=True) as (client, _):
        auth = await register(client, "rita")
        slug = (await publish(client, auth, "Fresh"))["slug"]
        first = await client.get(f"/api/articles/{slug}")
        edit = {"article": {"title": "Fresher"}}
        assert (await client.put(f"/api/articles/{slug}", json=edit, headers=auth)).is_success
        after_edit = await client.get(f"/api/articles/{slug}")

    assert first.status_code == 200, "a miss reads the primary, not the paused standby"
    assert after_edit.json()["article"]["title"] == "Fresher"
