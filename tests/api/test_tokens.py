"""Tokens: the schemes accepted, and every way a token is refused with a 401."""

import base64
import hashlib
import hmac
import json

import jwt
import pytest
from dependency_injector import providers
from httpx import AsyncClient

from infrastructure.container import Container
from tests.api.conftest import errors_of
from tests.factories import PASSWORD, FixedClock, publish, register


def jws(algorithm: str, claims: dict[str, object], key: str) -> str:
    """A compact JWS made by hand: PyJWT would refuse some of these keys for these algorithms."""
    header = _segment({"alg": algorithm, "typ": "JWT"})
    signing_input = f"{header}.{_segment(claims)}"
    if algorithm == "none":
        return f"{signing_input}."
    digest = {"HS256": hashlib.sha256, "HS384": hashlib.sha384, "HS512": hashlib.sha512}[algorithm]
    signature = hmac.new(key.encode(), signing_input.encode(), digest).digest()
    return f"{signing_input}.{base64.urlsafe_b64encode(signature).rstrip(b'=').decode()}"


def _segment(value: dict[str, object]) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).rstrip(b"=").decode()


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


@pytest.mark.parametrize(
    "algorithm", ["none", "HS384", "HS512"], ids=["unsigned", "hs384-same-key", "hs512-same-key"]
)
async def test_only_hs256_is_accepted_even_with_the_server_key(
    container: Container, client: AsyncClient, algorithm: str
) -> None:
    await register(client, "jake")
    forged = jws(algorithm, {"sub": "1", "exp": 4_102_444_800}, container.settings().secret_key)

    response = await client.get("/api/user", headers={"Authorization": f"Token {forged}"})

    assert response.status_code == 401
    assert errors_of(response)["body"] == ["token is invalid"]


async def test_a_server_signed_token_without_an_expiry_is_refused(
    container: Container, client: AsyncClient
) -> None:
    await register(client, "jake")
    key = container.settings().secret_key
    endless = jws("HS256", {"sub": "1"}, key)
    with_expiry = jws("HS256", {"sub": "1", "exp": 4_102_444_800}, key)

    response = await client.get("/api/user", headers={"Authorization": f"Token {endless}"})
    control = await client.get("/api/user", headers={"Authorization": f"Token {with_expiry}"})

    assert response.status_code == 401
    assert errors_of(response)["body"] == ["token is invalid"]
    assert control.status_code == 200, "the hand-made token is otherwise valid"


async def test_a_password_change_revokes_the_tokens_issued_before_it(client: AsyncClient) -> None:
    old = await register(client, "jake")
    assert (await client.get("/api/user", headers=old)).status_code == 200
    change = {"user": {"password": "a brand new password"}}

    changed = await client.put("/api/user", json=change, headers=old)
    new = {"Authorization": f"Token {changed.json()['user']['token']}"}

    refused = [
        await client.get("/api/user", headers=old),
        await client.get("/api/articles/feed", headers=old),
        await client.post("/api/profiles/jake/follow", headers=old),
    ]
    assert changed.status_code == 200
    assert [r.status_code for r in refused] == [401, 401, 401]
    assert errors_of(refused[0])["body"] == ["token was revoked by a password change"]
    assert (await client.get("/api/user", headers=new)).status_code == 200


async def test_a_token_from_logging_in_again_after_the_change_works(client: AsyncClient) -> None:
    old = await register(client, "jake")
    await client.put("/api/user", json={"user": {"password": "a new password"}}, headers=old)
    credentials = {"user": {"email": "jake@example.com", "password": "a new password"}}

    login = await client.post("/api/users/login", json=credentials)
    fresh = {"Authorization": f"Token {login.json()['user']['token']}"}

    assert (await client.get("/api/user", headers=fresh)).status_code == 200
    assert (await client.get("/api/user", headers=old)).status_code == 401


async def test_changing_anything_but_the_password_keeps_every_token(client: AsyncClient) -> None:
    auth = await register(client, "jake")
    login = {"user": {"email": "jake@example.com", "password": PASSWORD}}
    second = await client.post("/api/users/login", json=login)
    other = {"Authorization": f"Token {second.json()['user']['token']}"}

    await client.put("/api/user", json={"user": {"bio": "Hi", "username": "jacob"}}, headers=auth)

    assert (await client.get("/api/user", headers=auth)).status_code == 200
    assert (await client.get("/api/user", headers=other)).status_code == 200


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
        ("GET", "/api/articles/feed", None),
        ("GET", "/api/articles", None),
    ],
)
async def test_a_token_for_an_account_that_does_not_exist_is_a_401(
    container: Container, client: AsyncClient, method: str, url: str, body: object
) -> None:
    await publish(client, await register(client, "jake"))
    ghost = {"Authorization": f"Token {container.token_service().issue(999_999, 0)}"}

    response = await client.request(method, url, json=body, headers=ghost)

    assert response.status_code == 401
    assert errors_of(response)["body"] == ["the account of this token no longer exists"]
    articles = (await client.get("/api/articles")).json()["articles"]
    assert [(a["title"], a["favoritesCount"]) for a in articles] == [
        ("How to train your dragon", 0)
    ]
