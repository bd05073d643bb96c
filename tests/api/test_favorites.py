"""Favoriting and unfavoriting articles: counts, per-reader flags, idempotence."""

import pytest
from httpx import AsyncClient

from tests.api.conftest import errors_of, fields_of
from tests.factories import publish, register


@pytest.fixture
async def slug(client: AsyncClient) -> str:
    return str((await publish(client, await register(client, "jake")))["slug"])


def favorite_state(response_json: dict[str, dict[str, object]]) -> tuple[object, object]:
    article = response_json["article"]
    return article["favorited"], article["favoritesCount"]


async def test_favoriting_answers_the_article_favorited_with_its_count(
    client: AsyncClient, slug: str
) -> None:
    fan = await register(client, "fan")

    response = await client.post(f"/api/articles/{slug}/favorite", headers=fan)

    assert response.status_code == 200
    assert response.json()["article"]["slug"] == slug
    assert "body" in response.json()["article"]
    assert favorite_state(response.json()) == (True, 1)


async def test_each_fan_counts_once_and_sees_their_own_flag(client: AsyncClient, slug: str) -> None:
    fans = [await register(client, name) for name in ("ann", "bob")]
    for fan in fans + fans:
        await client.post(f"/api/articles/{slug}/favorite", headers=fan)
    outsider = await register(client, "outsider")

    seen = [
        favorite_state((await client.get(f"/api/articles/{slug}", headers=who)).json())
        for who in (fans[0], outsider, {})
    ]

    assert seen == [(True, 2), (False, 2), (False, 2)]


async def test_unfavoriting_undoes_it_and_twice_is_harmless(client: AsyncClient, slug: str) -> None:
    fan = await register(client, "fan")
    await client.post(f"/api/articles/{slug}/favorite", headers=fan)

    responses = [await client.delete(f"/api/articles/{slug}/favorite", headers=fan) for _ in "12"]

    assert [r.status_code for r in responses] == [200, 200]
    assert [favorite_state(r.json()) for r in responses] == [(False, 0), (False, 0)]
    assert (await client.get("/api/articles?favorited=fan")).json()["articlesCount"] == 0


async def test_an_author_may_favorite_their_own_article(client: AsyncClient) -> None:
    jake = await register(client, "jake")
    slug = (await publish(client, jake))["slug"]

    response = await client.post(f"/api/articles/{slug}/favorite", headers=jake)

    assert favorite_state(response.json()) == (True, 1)


@pytest.mark.parametrize("method", ["POST", "DELETE"])
async def test_an_unknown_slug_is_a_404(client: AsyncClient, method: str) -> None:
    fan = await register(client, "fan")

    response = await client.request(method, "/api/articles/nope/favorite", headers=fan)

    assert response.status_code == 404
    assert "slug" in fields_of(response)


@pytest.mark.parametrize("method", ["POST", "DELETE"])
async def test_favoriting_without_a_token_is_a_401_and_counts_nothing(
    client: AsyncClient, slug: str, method: str
) -> None:
    response = await client.request(method, f"/api/articles/{slug}/favorite")

    assert response.status_code == 401
    errors_of(response)
    assert favorite_state((await client.get(f"/api/articles/{slug}")).json()) == (False, 0)
