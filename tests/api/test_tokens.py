"""Tokens: the schemes accepted, and every way a token is refused with a 401."""

import jwt
import pytest
from dependency_injector import providers
from httpx import AsyncClient

from infrastructure.container import Container
from tests.api.conftest import errors_of
from tests.factories import FixedClock, publish, register


@pytest.mark.parametrize(
    "authorization",
    [None, "Token", "Token   ", "Token garbage", "Basic amFrZTpwYXNz", "jwt-without-scheme"],
    ids=["missing", "no-token", "blank-token", "garbage", "other-scheme", "no-scheme"],
)
async def test_a_missing_or_malformed_authorization_is_a_401_with_a_challenge(
    client: AsyncClient, authorization: str | None
) -> None:
    headers = {"Authorization": authorization} if authorization else {}

    response = await client.get("/api/user", headers=headers)

    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Token"
    errors_of(response)


@pytest.mark.parametrize("scheme", ["Token", "Bearer", "token", "BEARER"])
async def test_the_token_and_bearer_schemes_are_both_accepted_in_any_case(
    client: AsyncClient, scheme: str
) -> None:
    token = (await register(client, "jake"))["Authorization"].removeprefix("Token ")

    response = await client.get("/api/user", headers={"Authorization": f"{scheme} {token}"})

    assert response.status_code == 200


async def test_a_token_signed_with_another_key_is_a_401(client: AsyncClient) -> None:
    await register(client, "jake")
    forged = jwt.encode({"sub": "1", "exp": 4_102_444_800}, "another-key-" * 4, "HS256")

    response = await client.get("/api/user", headers={"Authorization": f"Token {forged}"})

    assert response.status_code == 401
    assert errors_of(response)["body"] == ["token is invalid"]


async def test_a_token_is_refused_once_its_time_to_live_has_passed(
    container: Container, client: AsyncClient
) -> None:
    clock = FixedClock()
    container.clock.override(providers.Object(clock))
    auth = await register(client, "jake")
    ttl = container.settings().access_token_ttl_minutes

    clock.advance(minutes=ttl - 1)
    still_valid = await client.get("/api/user", headers=auth)
    clock.advance(minutes=1)
    expired = await client.get("/api/user", headers=auth)

    assert still_valid.status_code == 200
    assert expired.status_code == 401
    assert errors_of(expired)["body"] == ["token has expired"]


@pytest.mark.parametrize(
    ("method", "url", "body"),
    [
        ("GET", "/api/user", None),
        ("PUT", "/api/user", {"user": {"bio": "Boo"}}),
        ("POST", "/api/articles/how-to-train-your-dragon/comments", {"comment": {"body": "Boo"}}),
        ("POST", "/api/articles", {"article": {"title": "t", "description": "d", "body": "b"}}),
        ("POST", "/api/profiles/jake/follow", None),
        ("POST", "/api/articles/how-to-train-your-dragon/favorite", None),
    ],
)
async def test_a_token_for_an_account_that_does_not_exist_is_a_401(
    container: Container, client: AsyncClient, method: str, url: str, body: object
) -> None:
    await publish(client, await register(client, "jake"))
    ghost = {"Authorization": f"Token {container.token_service().issue(999_999)}"}

    response = await client.request(method, url, json=body, headers=ghost)

    assert response.status_code == 401
    assert errors_of(response)["body"] == ["the account of this token no longer exists"]
    articles = (await client.get("/api/articles")).json()["articles"]
    assert [(a["title"], a["favoritesCount"]) for a in articles] == [
        ("How to train your dragon", 0)
    ]
