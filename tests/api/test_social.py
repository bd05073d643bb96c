"""Profiles, follows, favorites, comments and tags over HTTP, on all three backends."""

import pytest
from httpx import AsyncClient

from tests.api.conftest import errors_of
from tests.factories import publish, register


@pytest.fixture(params=["memory", "sqlite", "postgres"])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


async def test_a_profile_shows_following_for_the_caller_only(client: AsyncClient) -> None:
    await register(client, "jake")
    reader = await register(client, "reader")

    followed = await client.post("/api/profiles/jake/follow", headers=reader)
    again = await client.post("/api/profiles/jake/follow", headers=reader)
    seen_by_reader = await client.get("/api/profiles/jake", headers=reader)
    anonymous = await client.get("/api/profiles/jake")

    assert followed.status_code == again.status_code == 200
    assert followed.json()["profile"] == {
        "username": "jake",
        "bio": "",
        "image": "",
        "following": True,
    }
    assert seen_by_reader.json()["profile"]["following"] is True
    assert anonymous.json()["profile"]["following"] is False


async def test_unfollowing_is_idempotent(client: AsyncClient) -> None:
    await register(client, "jake")
    reader = await register(client, "reader")
    await client.post("/api/profiles/jake/follow", headers=reader)

    responses = [await client.delete("/api/profiles/jake/follow", headers=reader) for _ in "12"]

    assert [r.status_code for r in responses] == [200, 200]
    assert responses[-1].json()["profile"]["following"] is False


async def test_follow_errors(client: AsyncClient) -> None:
    jake = await register(client, "jake")

    yourself = await client.post("/api/profiles/jake/follow", headers=jake)
    unknown = await client.post("/api/profiles/nobody/follow", headers=jake)
    anonymous = await client.post("/api/profiles/jake/follow")

    assert yourself.status_code == 422
    errors_of(yourself)
    assert unknown.status_code == 404
    assert anonymous.status_code == 401
    assert (await client.get("/api/profiles/nobody")).status_code == 404


async def test_favoriting_counts_once_and_unfavoriting_undoes_it(client: AsyncClient) -> None:
    slug = (await publish(client, await register(client, "jake")))["slug"]
    fan = await register(client, "fan")

    first = await client.post(f"/api/articles/{slug}/favorite", headers=fan)
    second = await client.post(f"/api/articles/{slug}/favorite", headers=fan)
    removed = await client.delete(f"/api/articles/{slug}/favorite", headers=fan)

    assert first.status_code == second.status_code == removed.status_code == 200
    assert (second.json()["article"]["favorited"], second.json()["article"]["favoritesCount"]) == (
        True,
        1,
    )
    assert (
        removed.json()["article"]["favorited"],
        removed.json()["article"]["favoritesCount"],
    ) == (
        False,
        0,
    )


async def test_favorite_errors(client: AsyncClient) -> None:
    slug = (await publish(client, await register(client, "jake")))["slug"]
    fan = await register(client, "fan")

    assert (await client.post("/api/articles/nope/favorite", headers=fan)).status_code == 404
    assert (await client.post(f"/api/articles/{slug}/favorite")).status_code == 401
    assert (await client.delete(f"/api/articles/{slug}/favorite")).status_code == 401


async def test_comments_are_added_listed_oldest_first_and_deleted_by_their_author(
    client: AsyncClient,
) -> None:
    jake = await register(client, "jake")
    slug = (await publish(client, jake))["slug"]
    reader = await register(client, "reader")
    url = f"/api/articles/{slug}/comments"

    first = await client.post(url, json={"comment": {"body": "First!"}}, headers=reader)
    await client.post(url, json={"comment": {"body": "Second"}}, headers=jake)
    listed = (await client.get(url)).json()["comments"]
    comment_id = first.json()["comment"]["id"]
    by_other = await client.delete(f"{url}/{comment_id}", headers=jake)
    by_author = await client.delete(f"{url}/{comment_id}", headers=reader)

    assert first.status_code == 200
    assert set(first.json()["comment"]) == {"id", "createdAt", "updatedAt", "body", "author"}
    assert [c["body"] for c in listed] == ["First!", "Second"]
    assert by_other.status_code == 403
    assert by_author.status_code == 204
    assert [c["body"] for c in (await client.get(url)).json()["comments"]] == ["Second"]


async def test_comment_errors(client: AsyncClient) -> None:
    jake = await register(client, "jake")
    slug = (await publish(client, jake))["slug"]
    url = f"/api/articles/{slug}/comments"

    empty = await client.post(url, json={"comment": {"body": ""}}, headers=jake)
    anonymous = await client.post(url, json={"comment": {"body": "hi"}})
    unknown_article = await client.get("/api/articles/nope/comments")
    unknown_comment = await client.delete(f"{url}/999999", headers=jake)

    assert empty.status_code == 422
    assert "body" in errors_of(empty)
    assert anonymous.status_code == 401
    assert unknown_article.status_code == 404
    assert unknown_comment.status_code == 404
    assert (await client.get(url)).json()["comments"] == []


async def test_tags_are_distinct_and_sorted(client: AsyncClient) -> None:
    auth = await register(client, "jake")
    await publish(client, auth, "One", tagList=["zebra", "apple"])
    await publish(client, auth, "Two", tagList=["apple", "mango"])

    response = await client.get("/api/tags")

    assert response.json() == {"tags": ["apple", "mango", "zebra"]}
