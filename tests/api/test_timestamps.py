"""``createdAt`` / ``updatedAt`` over HTTP are what storage stamped with the clock: an edit moves
``updatedAt``, the same edit again moves nothing (not even the ``ETag``), ``createdAt`` never
moves. On all three backends: the timestamps come from each adapter's own stamping."""

import pytest
from dependency_injector import providers
from httpx import AsyncClient

from infrastructure.container import Container
from tests.factories import FixedClock, publish, register

CREATED = "2026-01-01T12:00:00.123Z"
EDITED = "2026-01-01T12:05:00.123Z"


@pytest.fixture(params=["memory", "sqlite", "postgres", "mariadb"])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def clock(container: Container) -> FixedClock:
    clock = FixedClock()
    container.clock.override(providers.Object(clock))
    return clock


def stamps(article: dict[str, str]) -> tuple[str, str]:
    return article["createdAt"], article["updatedAt"]


async def test_an_edit_moves_updated_at_and_the_same_edit_again_moves_nothing(
    client: AsyncClient, clock: FixedClock
) -> None:
    jake = await register(client, "jake")
    created = await publish(client, jake, "Dragons")
    slug = created["slug"]
    clock.advance(minutes=5)
    edited = await client.put(
        f"/api/articles/{slug}", json={"article": {"title": "Wyverns"}}, headers=jake
    )
    clock.advance(minutes=5)

    again = await client.put(
        f"/api/articles/{slug}", json={"article": {"title": "Wyverns"}}, headers=jake
    )

    assert stamps(created) == (CREATED, CREATED)
    assert stamps(edited.json()["article"]) == (CREATED, EDITED)
    assert stamps(again.json()["article"]) == (CREATED, EDITED)
    assert (edited.headers["ETag"], again.headers["ETag"]) == ('"2"', '"2"')
    read = await client.get(f"/api/articles/{slug}")
    assert stamps(read.json()["article"]) == (CREATED, EDITED)


async def test_a_new_comment_carries_the_time_storage_stamped(
    client: AsyncClient, clock: FixedClock
) -> None:
    jake = await register(client, "jake")
    slug = (await publish(client, jake))["slug"]
    clock.advance(minutes=5)

    added = await client.post(
        f"/api/articles/{slug}/comments", json={"comment": {"body": "Nice"}}, headers=jake
    )

    listed = await client.get(f"/api/articles/{slug}/comments")
    assert stamps(added.json()["comment"]) == (EDITED, EDITED)
    assert stamps(listed.json()["comments"][0]) == (EDITED, EDITED)


async def test_restoring_an_article_is_a_change_that_keeps_its_creation_time(
    client: AsyncClient, clock: FixedClock
) -> None:
    jake = await register(client, "jake")
    slug = (await publish(client, jake))["slug"]
    clock.advance(minutes=1)
    await client.delete(f"/api/articles/{slug}", headers=jake)
    clock.advance(minutes=4)

    restored = await client.post(f"/api/articles/{slug}/restore", headers=jake)

    assert restored.status_code == 200, restored.text
    assert stamps(restored.json()["article"]) == (CREATED, EDITED)
