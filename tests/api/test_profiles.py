"""Profiles, and following and unfollowing their owners."""

import pytest
from httpx import AsyncClient

from tests.api.conftest import errors_of, fields_of
from tests.factories import publish, register


async def follows_jake(client: AsyncClient, auth: dict[str, str]) -> bool:
    profile = (await client.get("/api/profiles/jake", headers=auth)).json()["profile"]
    return bool(profile["following"])


async def test_a_profile_shows_username_bio_image_and_following(client: AsyncClient) -> None:
    jake = await register(client, "jake")
    image = "https://example.com/jake.png"
    await client.put("/api/user", json={"user": {"bio": "Dragons", "image": image}}, headers=jake)

    response = await client.get("/api/profiles/jake")

    assert response.status_code == 200
    assert response.json() == {
        "profile": {"username": "jake", "bio": "Dragons", "image": image, "following": False}
    }


async def test_following_is_true_only_for_the_follower(client: AsyncClient) -> None:
    await register(client, "jake")
    reader, other = await register(client, "reader"), await register(client, "other")

    followed = await client.post("/api/profiles/jake/follow", headers=reader)

    assert followed.status_code == 200
    assert followed.json()["profile"] == {
        "username": "jake",
        "bio": "",
        "image": "",
        "following": True,
    }
    seen_by = {
        "reader": await client.get("/api/profiles/jake", headers=reader),
        "other": await client.get("/api/profiles/jake", headers=other),
        "anonymous": await client.get("/api/profiles/jake"),
    }
    assert {who: r.json()["profile"]["following"] for who, r in seen_by.items()} == {
        "reader": True,
        "other": False,
        "anonymous": False,
    }


async def test_following_shows_on_the_authors_of_articles_and_comments(
    client: AsyncClient,
) -> None:
    jake = await register(client, "jake")
    slug = (await publish(client, jake))["slug"]
    await client.post(
        f"/api/articles/{slug}/comments", json={"comment": {"body": "Hi"}}, headers=jake
    )
    reader = await register(client, "reader")
    await client.post("/api/profiles/jake/follow", headers=reader)

    article = (await client.get(f"/api/articles/{slug}", headers=reader)).json()["article"]
    listed = (await client.get("/api/articles", headers=reader)).json()["articles"]
    comments = (await client.get(f"/api/articles/{slug}/comments", headers=reader)).json()

    assert article["author"]["following"] is True
    assert listed[0]["author"]["following"] is True
    assert comments["comments"][0]["author"]["following"] is True


async def test_following_twice_and_unfollowing_twice_are_harmless(client: AsyncClient) -> None:
    await register(client, "jake")
    reader = await register(client, "reader")

    follows = [await client.post("/api/profiles/jake/follow", headers=reader) for _ in "12"]
    unfollows = [await client.delete("/api/profiles/jake/follow", headers=reader) for _ in "12"]

    assert [r.status_code for r in follows + unfollows] == [200, 200, 200, 200]
    states = [r.json()["profile"]["following"] for r in follows + unfollows]
    assert states == [True, True, False, False]
    assert await follows_jake(client, reader) is False


async def test_following_yourself_is_a_422_naming_the_username(client: AsyncClient) -> None:
    jake = await register(client, "jake")

    response = await client.post("/api/profiles/jake/follow", headers=jake)

    assert response.status_code == 422
    assert fields_of(response)["username"] == ["you cannot follow yourself"]
    assert await follows_jake(client, jake) is False


@pytest.mark.parametrize("method", ["GET", "POST", "DELETE"])
async def test_an_unknown_username_is_a_404(client: AsyncClient, method: str) -> None:
    reader = await register(client, "reader")
    url = "/api/profiles/nobody" + ("" if method == "GET" else "/follow")

    response = await client.request(method, url, headers=reader)

    assert response.status_code == 404
    assert "username" in fields_of(response)


async def test_usernames_are_matched_exactly(client: AsyncClient) -> None:
    await register(client, "jake")

    assert (await client.get("/api/profiles/JAKE")).status_code == 404


@pytest.mark.parametrize("method", ["POST", "DELETE"])
async def test_following_or_unfollowing_without_a_token_is_a_401(
    client: AsyncClient, method: str
) -> None:
    await register(client, "jake")

    response = await client.request(method, "/api/profiles/jake/follow")

    assert response.status_code == 401
    errors_of(response)
