"""Cache-aside reads: a repeated anonymous read of tags, a profile or an article costs no SQL
statement; personalised reads always go to the database; a write is visible on the next read."""

import pytest
from httpx import AsyncClient

from infrastructure.container import Container
from infrastructure.observability import metrics
from tests.conftest import SQL_BACKENDS, counting_statements
from tests.factories import publish, register
from tests.integration.test_statement_counts import queries_issued

CACHED_READS = ("/api/tags", "/api/profiles/jake", "/api/articles/dragons")


@pytest.fixture(params=SQL_BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


async def statements(
    client: AsyncClient, container: Container, path: str, headers: dict[str, str] | None = None
) -> int:
    async with counting_statements(container) as counter:
        response = await client.get(path, headers=headers)
    assert response.status_code == 200, response.text
    return queries_issued(counter)


async def test_a_repeated_anonymous_read_is_answered_by_the_cache(
    client: AsyncClient, container: Container
) -> None:
    jake = await register(client, "jake")
    await publish(client, jake, "Dragons", tagList=["dragons"])

    first = {path: await statements(client, container, path) for path in CACHED_READS}
    again = {path: await statements(client, container, path) for path in CACHED_READS}
    signed_in = {path: await statements(client, container, path, jake) for path in CACHED_READS}

    assert first == dict.fromkeys(CACHED_READS, 1)
    assert again == dict.fromkeys(CACHED_READS, 0)
    assert signed_in == {"/api/tags": 0, "/api/profiles/jake": 1, "/api/articles/dragons": 1}
    stats = container.cache_stats()
    assert stats.misses == {"tags": 1, "profile": 1, "article": 1}
    assert stats.hits == {"tags": 2, "profile": 1, "article": 1}
    exported = metrics.exposition()[0].decode()
    assert 'conduit_cache_hits_total{cache="article"}' in exported
    assert 'conduit_cache_misses_total{cache="tags"}' in exported


async def test_writes_are_visible_on_the_next_read(client: AsyncClient) -> None:
    jake, ann = await register(client, "jake"), await register(client, "ann")
    await publish(client, jake, "Dragons", tagList=["dragons"])
    for path in CACHED_READS:
        await client.get(path)

    await client.put("/api/user", json={"user": {"bio": "Rider"}}, headers=jake)
    await client.post("/api/articles/dragons/favorite", headers=ann)
    await client.put(
        "/api/articles/dragons", json={"article": {"tagList": ["wyverns"]}}, headers=jake
    )

    article = (await client.get("/api/articles/dragons")).json()["article"]
    assert (article["favoritesCount"], article["tagList"]) == (1, ["wyverns"])
    assert article["author"]["bio"] == "Rider"
    assert (await client.get("/api/profiles/jake")).json()["profile"]["bio"] == "Rider"
    assert (await client.get("/api/tags")).json()["tags"] == ["wyverns"]

    await client.put("/api/user", json={"user": {"username": "jacob"}}, headers=jake)
    assert (await client.get("/api/profiles/jake")).status_code == 404
    renamed = (await client.get("/api/articles/dragons")).json()["article"]
    assert renamed["author"]["username"] == "jacob"

    await client.delete("/api/articles/dragons", headers=jake)
    assert (await client.get("/api/articles/dragons")).status_code == 404
    assert (await client.get("/api/tags")).json()["tags"] == []

    assert (await client.post("/api/articles/dragons/restore", headers=jake)).is_success
    assert (await client.get("/api/tags")).json()["tags"] == ["wyverns"]
    assert (await client.get("/api/articles/dragons")).status_code == 200
