"""Optimistic locking under real concurrency on PostgreSQL: separate pooled connections, real
row locks, nothing shared but the database."""

import asyncio
from collections.abc import AsyncIterator

import pytest
from dependency_injector import providers
from httpx import ASGITransport, AsyncClient

from domain.shared.errors import VersionConflict
from infrastructure.container import Container
from infrastructure.migrations import upgrade_to_head
from interfaces.http.app import create_app
from tests.databases import async_url, fresh_postgres_database
from tests.factories import EPOCH, publish, register


@pytest.fixture
async def container(postgres_server: str) -> AsyncIterator[Container]:
    """A container on its own migrated database, with a real connection pool."""
    with fresh_postgres_database(postgres_server) as url:
        upgrade_to_head(url)
        container = Container()
        settings = container.settings().model_copy(
            update={"database_url": async_url(url), "env": "test", "password_hash_memory_kib": 64}
        )
        container.settings.override(providers.Object(settings))
        yield container
        await container.read_database().close()
        await container.engine().dispose()


@pytest.fixture
async def client(container: Container) -> AsyncIterator[AsyncClient]:
    transport = ASGITransport(app=create_app(container))
    async with AsyncClient(transport=transport, base_url="http://conduit.test") as http:
        yield http


async def test_two_edits_with_the_same_if_match_give_one_200_and_one_412(
    client: AsyncClient,
) -> None:
    jake = await register(client, "jake")
    slug = (await publish(client, jake))["slug"]
    tag = (await client.get(f"/api/articles/{slug}")).headers["ETag"]
    headers = jake | {"If-Match": tag}

    responses = await asyncio.gather(
        client.put(f"/api/articles/{slug}", json={"article": {"title": "A"}}, headers=headers),
        client.put(f"/api/articles/{slug}", json={"article": {"title": "B"}}, headers=headers),
    )

    statuses = sorted(r.status_code for r in responses)
    assert statuses == [200, 412], [r.text for r in responses]
    winner = next(r for r in responses if r.status_code == 200)
    final = await client.get(f"/api/articles/{slug}")
    assert final.json()["article"]["title"] == winner.json()["article"]["title"]
    assert final.headers["ETag"] == winner.headers["ETag"] != tag


async def test_two_edits_without_if_match_both_survive(client: AsyncClient) -> None:
    jake = await register(client, "jake")
    slug = (await publish(client, jake))["slug"]

    responses = await asyncio.gather(
        client.put(f"/api/articles/{slug}", json={"article": {"title": "New"}}, headers=jake),
        client.put(f"/api/articles/{slug}", json={"article": {"body": "New body"}}, headers=jake),
    )

    assert [r.status_code for r in responses] == [200, 200]
    article = (await client.get(f"/api/articles/{slug}")).json()["article"]
    assert (article["title"], article["body"]) == ("New", "New body")
    assert (await client.get(f"/api/articles/{slug}")).headers["ETag"] == '"3"'


async def test_a_write_waiting_on_a_row_lock_fails_once_the_holder_commits(
    container: Container, client: AsyncClient
) -> None:
    jake = await register(client, "jake")
    slug = (await publish(client, jake))["slug"]

    async with container.uow() as first, container.uow() as second:
        mine = await first.articles.get_by_slug(slug)
        theirs = await second.articles.get_by_slug(slug)
        assert mine is not None
        assert theirs is not None
        mine.edit(by=mine.author_id, now=EPOCH, title="Mine")
        theirs.edit(by=theirs.author_id, now=EPOCH, title="Theirs")
        await first.articles.update(mine)  # holds the row lock until commit
        waiting = asyncio.create_task(second.articles.update(theirs))
        await asyncio.sleep(0.2)
        assert not waiting.done(), "the second UPDATE should wait for the first's row lock"
        await first.commit()
        with pytest.raises(VersionConflict):
            await waiting

    article = (await client.get(f"/api/articles/{slug}")).json()["article"]
    assert article["title"] == "Mine"
