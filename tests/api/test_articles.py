"""Articles over HTTP: create, read, list with filters and pages, update and delete by the
author only; bad input is refused and leaves the data as it was."""

import pytest
from httpx import AsyncClient

from tests.api.conftest import article_count, errors_of
from tests.factories import publish, register


async def test_creating_an_article_answers_201_with_slug_sorted_tags_and_author(
    client: AsyncClient,
) -> None:
    auth = await register(client, "jake")

    article = await publish(client, auth, tagList=["training", "dragons", "training"])

    assert article["slug"] == "how-to-train-your-dragon"
    assert article["tagList"] == ["dragons", "training"]
    assert (article["favorited"], article["favoritesCount"]) == (False, 0)
    assert article["author"] == {"username": "jake", "bio": "", "image": "", "following": False}
    assert article["createdAt"].endswith("Z")


async def test_equal_titles_get_distinct_slugs_and_unicode_titles_keep_their_letters(
    client: AsyncClient,
) -> None:
    auth = await register(client, "jake")

    first = await publish(client, auth, "Same title")
    second = await publish(client, auth, "Same title")
    unicode = await publish(client, auth, "Ünïcode Straße 東京")

    assert first["slug"] == "same-title"
    assert second["slug"].startswith("same-title-")
    assert unicode["slug"] == "ünïcode-strasse-東京"  # case-folded: ß -> ss
    fetched = await client.get(f"/api/articles/{unicode['slug']}")
    assert fetched.json()["article"]["title"] == "Ünïcode Straße 東京"


async def test_an_unknown_slug_is_a_404(client: AsyncClient) -> None:
    response = await client.get("/api/articles/no-such-article")

    assert response.status_code == 404
    errors_of(response)


@pytest.mark.parametrize(
    ("article", "field"),
    [
        ({"description": "d", "body": "b"}, "title"),
        ({"title": "", "description": "d", "body": "b"}, "title"),
        ({"title": "t" * 300, "description": "d", "body": "b"}, "title"),
        ({"title": "t", "description": "d", "body": "b", "tagList": "dragons"}, "tagList"),
        ({"title": "t", "description": "d", "body": "b", "tagList": [""]}, "tagList"),
    ],
)
async def test_invalid_articles_are_422_and_store_nothing(
    client: AsyncClient, article: dict[str, object], field: str
) -> None:
    auth = await register(client, "jake")

    response = await client.post("/api/articles", json={"article": article}, headers=auth)

    assert response.status_code == 422
    assert field in errors_of(response)
    assert await article_count(client) == 0


async def test_creating_without_a_token_is_a_401(client: AsyncClient) -> None:
    article = {"title": "t", "description": "d", "body": "b"}

    assert (await client.post("/api/articles", json={"article": article})).status_code == 401


async def test_lists_are_newest_first_filtered_without_bodies_and_counted_in_full(
    client: AsyncClient,
) -> None:
    jake, anne = await register(client, "jake"), await register(client, "anne")
    await publish(client, jake, "Oldest", tagList=["dragons"])
    await publish(client, anne, "Middle", tagList=["ponies"])
    newest = await publish(client, jake, "Newest", tagList=["dragons"])
    await client.post(f"/api/articles/{newest['slug']}/favorite", headers=anne)

    everything = (await client.get("/api/articles?limit=2")).json()
    by_tag = (await client.get("/api/articles?tag=dragons")).json()
    by_author = (await client.get("/api/articles?author=anne")).json()
    favorited = (await client.get("/api/articles?favorited=anne")).json()

    assert [a["title"] for a in everything["articles"]] == ["Newest", "Middle"]
    assert everything["articlesCount"] == 3
    assert all("body" not in a for a in everything["articles"])
    assert [a["title"] for a in by_tag["articles"]] == ["Newest", "Oldest"]
    assert [a["title"] for a in by_author["articles"]] == ["Middle"]
    assert [a["title"] for a in favorited["articles"]] == ["Newest"]


@pytest.mark.parametrize(
    "query",
    ["limit=0", "limit=-1", "limit=101", "limit=ten", "offset=-1", "offset=99999999999"],
)
async def test_bad_pages_are_422_naming_the_parameter(client: AsyncClient, query: str) -> None:
    response = await client.get(f"/api/articles?{query}")

    assert response.status_code == 422
    assert query.split("=")[0] in errors_of(response)


async def test_the_feed_needs_a_token_and_lists_only_followed_authors(
    client: AsyncClient,
) -> None:
    jake_auth, anne_auth, reader_auth = [
        await register(client, name) for name in ("jake", "anne", "reader")
    ]
    await publish(client, jake_auth, "By jake")
    await publish(client, anne_auth, "By anne")
    await client.post("/api/profiles/jake/follow", headers=reader_auth)

    anonymous = await client.get("/api/articles/feed")
    feed = (await client.get("/api/articles/feed", headers=reader_auth)).json()

    assert anonymous.status_code == 401
    assert [a["title"] for a in feed["articles"]] == ["By jake"]
    assert feed["articlesCount"] == 1


async def test_the_author_updates_an_article_and_its_slug_stays(client: AsyncClient) -> None:
    auth = await register(client, "jake")
    slug = (await publish(client, auth))["slug"]

    response = await client.put(
        f"/api/articles/{slug}",
        json={"article": {"title": "New title", "tagList": ["zebra", "apple"]}},
        headers=auth,
    )

    assert response.status_code == 200
    article = response.json()["article"]
    assert (article["slug"], article["title"], article["tagList"]) == (
        slug,
        "New title",
        ["apple", "zebra"],
    )
    assert article["body"] == "Very carefully."


async def test_only_the_author_may_update_or_delete_and_a_refusal_changes_nothing(
    client: AsyncClient,
) -> None:
    jake, anne = await register(client, "jake"), await register(client, "anne")
    slug = (await publish(client, jake))["slug"]
    edit = {"article": {"title": "Hijacked"}}

    assert (await client.put(f"/api/articles/{slug}", json=edit, headers=anne)).status_code == 403
    assert (await client.put(f"/api/articles/{slug}", json=edit)).status_code == 401
    assert (await client.delete(f"/api/articles/{slug}", headers=anne)).status_code == 403
    assert (await client.delete(f"/api/articles/{slug}")).status_code == 401
    article = (await client.get(f"/api/articles/{slug}")).json()["article"]
    assert article["title"] == "How to train your dragon"


async def test_deleting_an_article_answers_204_and_then_it_is_gone(client: AsyncClient) -> None:
    auth = await register(client, "jake")
    slug = (await publish(client, auth, tagList=["lonely"]))["slug"]

    response = await client.delete(f"/api/articles/{slug}", headers=auth)

    assert response.status_code == 204
    assert (await client.get(f"/api/articles/{slug}")).status_code == 404
    assert (await client.delete(f"/api/articles/{slug}", headers=auth)).status_code == 404
    assert (await client.get("/api/tags")).json()["tags"] == []
