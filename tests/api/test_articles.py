"""One article over HTTP: create, read, update and delete, by its author only."""

import pytest
from dependency_injector import providers
from httpx import AsyncClient

from infrastructure.container import Container
from tests.api.conftest import LIST_ITEM_KEYS, article_count, errors_of, fields_of
from tests.factories import FixedClock, publish, register

# Beyond RealWorld's keys, a single article says whether it is a draft (docs/lifecycle.md).
ARTICLE_KEYS = LIST_ITEM_KEYS | {"body", "status"}


async def test_creating_an_article_answers_201_with_slug_sorted_tags_and_author(
    client: AsyncClient,
) -> None:
    auth = await register(client, "jake")
    article = {"title": "How to train your dragon", "description": "Ever wonder how?"}
    extra = {"body": "Very carefully.", "tagList": ["training", "dragons", " training "]}

    response = await client.post("/api/articles", json={"article": article | extra}, headers=auth)

    assert response.status_code == 201
    created = response.json()["article"]
    assert set(created) == ARTICLE_KEYS
    assert created["slug"] == "how-to-train-your-dragon"
    assert (created["title"], created["description"], created["body"]) == (
        "How to train your dragon",
        "Ever wonder how?",
        "Very carefully.",
    )
    assert created["tagList"] == ["dragons", "training"]
    assert (created["favorited"], created["favoritesCount"]) == (False, 0)
    assert created["author"] == {"username": "jake", "bio": "", "image": "", "following": False}
    assert created["createdAt"] == created["updatedAt"]
    assert created["createdAt"].endswith("Z")


async def test_an_article_is_read_by_its_slug_with_or_without_a_token(
    client: AsyncClient,
) -> None:
    jake = await register(client, "jake")
    created = await publish(client, jake, tagList=["dragons"])

    anonymous = await client.get(f"/api/articles/{created['slug']}")
    authed = await client.get(f"/api/articles/{created['slug']}", headers=jake)

    assert anonymous.status_code == authed.status_code == 200
    assert anonymous.json() == authed.json() == {"article": created}


async def test_equal_titles_get_distinct_slugs_and_unicode_titles_keep_their_letters(
    client: AsyncClient,
) -> None:
    auth = await register(client, "jake")

    first = await publish(client, auth, "Same title")
    second = await publish(client, auth, "Same title")
    unicode = await publish(client, auth, "Ünïcode Straße 東京")
    punctuation = await publish(client, auth, "?!")

    assert first["slug"] == "same-title"
    assert second["slug"].startswith("same-title-")
    assert unicode["slug"] == "ünïcode-strasse-東京"  # case-folded: ß -> ss
    assert punctuation["slug"] == "article"
    fetched = await client.get(f"/api/articles/{unicode['slug']}")
    assert fetched.json()["article"]["title"] == "Ünïcode Straße 東京"


async def test_an_unknown_slug_is_a_404(client: AsyncClient) -> None:
    response = await client.get("/api/articles/no-such-article")

    assert response.status_code == 404
    assert "slug" in fields_of(response)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"title": None}, "title"),
        ({"title": ""}, "title"),
        ({"title": "t" * 201}, "title"),
        ({"title": 42}, "title"),
        ({"description": "d" * 1001}, "description"),
        ({"body": "   "}, "body"),
        ({"tagList": "dragons"}, "tagList"),
        ({"tagList": [""]}, "tagList"),
        ({"tagList": ["t" * 65]}, "tagList"),
        ({"tagList": [f"tag{n}" for n in range(21)]}, "tagList"),
    ],
)
async def test_invalid_articles_are_422_for_the_field_and_store_nothing(
    client: AsyncClient, change: dict[str, object], field: str
) -> None:
    auth = await register(client, "jake")
    article = {"title": "t", "description": "d", "body": "b"} | change

    response = await client.post("/api/articles", json={"article": article}, headers=auth)

    assert response.status_code == 422
    assert field in fields_of(response)
    assert await article_count(client) == 0


async def test_creating_without_a_token_is_a_401(client: AsyncClient) -> None:
    article = {"title": "t", "description": "d", "body": "b"}

    response = await client.post("/api/articles", json={"article": article})

    assert response.status_code == 401
    assert await article_count(client) == 0


async def test_the_author_updates_fields_and_the_slug_and_creation_time_stay(
    container: Container, client: AsyncClient
) -> None:
    clock = FixedClock()
    container.clock.override(providers.Object(clock))
    auth = await register(client, "jake")
    slug = (await publish(client, auth, tagList=["dragons"]))["slug"]
    clock.advance(minutes=5)
    changes = {"title": "New title", "tagList": ["zebra", "apple"]}

    response = await client.put(f"/api/articles/{slug}", json={"article": changes}, headers=auth)

    assert response.status_code == 200
    article = response.json()["article"]
    assert (article["slug"], article["title"], article["tagList"]) == (
        slug,
        "New title",
        ["apple", "zebra"],
    )
    assert (article["description"], article["body"]) == ("Ever wonder how?", "Very carefully.")
    assert (article["createdAt"], article["updatedAt"]) == (
        "2026-01-01T12:00:00.123Z",
        "2026-01-01T12:05:00.123Z",
    )
    assert (await client.get(f"/api/articles/{slug}")).json() == response.json()


async def test_an_invalid_update_is_a_422_and_changes_nothing(client: AsyncClient) -> None:
    auth = await register(client, "jake")
    before = await publish(client, auth)

    response = await client.put(
        f"/api/articles/{before['slug']}",
        json={"article": {"title": "", "body": "new body"}},
        headers=auth,
    )

    assert response.status_code == 422
    assert "title" in fields_of(response)
    assert (await client.get(f"/api/articles/{before['slug']}")).json()["article"] == before


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [({}, "article", "is required"), ({"article": {}}, "article", "needs at least one field")],
    ids=["no-wrapper", "no-field"],
)
async def test_an_update_without_any_field_is_a_422_naming_the_wrapper(
    client: AsyncClient, body: dict[str, object], field: str, message: str
) -> None:
    auth = await register(client, "jake")
    before = await publish(client, auth)

    response = await client.put(f"/api/articles/{before['slug']}", json=body, headers=auth)

    assert response.status_code == 422
    assert fields_of(response)[field] == [message]
    assert (await client.get(f"/api/articles/{before['slug']}")).json()["article"] == before


async def test_only_the_author_may_update_or_delete_and_a_refusal_changes_nothing(
    client: AsyncClient,
) -> None:
    jake, anne = await register(client, "jake"), await register(client, "anne")
    before = await publish(client, jake)
    url = f"/api/articles/{before['slug']}"
    edit = {"article": {"title": "Hijacked"}}

    assert (await client.put(url, json=edit, headers=anne)).status_code == 403
    assert (await client.put(url, json=edit)).status_code == 401
    assert (await client.delete(url, headers=anne)).status_code == 403
    assert (await client.delete(url)).status_code == 401
    assert (await client.get(url)).json()["article"] == before


@pytest.mark.parametrize("method", ["PUT", "DELETE"])
async def test_changing_an_unknown_slug_is_a_404(client: AsyncClient, method: str) -> None:
    auth = await register(client, "jake")

    response = await client.request(
        method, "/api/articles/nope", json={"article": {"title": "x"}}, headers=auth
    )

    assert response.status_code == 404
    errors_of(response)


async def test_deleting_an_article_answers_204_and_then_it_is_gone(client: AsyncClient) -> None:
    jake, fan = await register(client, "jake"), await register(client, "fan")
    slug = (await publish(client, jake, tagList=["lonely"]))["slug"]
    await client.post(f"/api/articles/{slug}/favorite", headers=fan)
    await client.post(
        f"/api/articles/{slug}/comments", json={"comment": {"body": "Hi"}}, headers=fan
    )

    response = await client.delete(f"/api/articles/{slug}", headers=jake)

    assert response.status_code == 204
    assert response.content == b""
    assert (await client.get(f"/api/articles/{slug}")).status_code == 404
    assert (await client.get(f"/api/articles/{slug}/comments")).status_code == 404
    assert (await client.delete(f"/api/articles/{slug}", headers=jake)).status_code == 404
    assert (await client.get("/api/articles?favorited=fan")).json()["articlesCount"] == 0
