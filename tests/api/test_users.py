"""Registration, login, the current user and its updates, with every way to get them wrong."""

import pytest
from dependency_injector import providers
from httpx import AsyncClient

from infrastructure.container import Container
from tests.api.conftest import errors_of
from tests.factories import PASSWORD, FixedClock, register

NEW_USER = {"username": "jake", "email": "jake@example.com", "password": PASSWORD}


async def test_registration_answers_201_with_the_user_and_a_token(client: AsyncClient) -> None:
    response = await client.post("/api/users", json={"user": NEW_USER})

    assert response.status_code == 201
    user = response.json()["user"]
    assert set(user) == {"email", "token", "username", "bio", "image"}
    assert (user["email"], user["username"], user["bio"], user["image"]) == (
        "jake@example.com",
        "jake",
        "",
        "",
    )


@pytest.mark.parametrize(
    ("duplicate", "field"),
    [
        ({"username": "jake", "email": "other@example.com"}, "username"),
        ({"username": "other", "email": "JAKE@Example.com"}, "email"),
    ],
)
async def test_a_taken_username_or_email_is_a_409_naming_the_field_and_adds_nobody(
    client: AsyncClient, duplicate: dict[str, str], field: str
) -> None:
    await register(client, "jake")

    response = await client.post("/api/users", json={"user": NEW_USER | duplicate})

    assert response.status_code == 409
    assert field in errors_of(response)
    login = {"email": duplicate["email"], "password": PASSWORD}
    if field == "username":
        assert (await client.post("/api/users/login", json={"user": login})).status_code == 401


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"user": {"email": "a@example.com", "password": PASSWORD}}, "username"),
        ({"user": NEW_USER | {"email": "not-an-email"}}, "email"),
        ({"user": NEW_USER | {"password": "short"}}, "password"),
        ({"user": NEW_USER | {"username": "x" * 300}}, "username"),
        ({"user": NEW_USER | {"username": 42}}, "username"),
        ({"user": "jake"}, "body"),
        ({}, "body"),
    ],
)
async def test_invalid_registrations_are_422_with_field_messages(
    client: AsyncClient, body: dict[str, object], field: str
) -> None:
    response = await client.post("/api/users", json=body)

    assert response.status_code == 422
    assert field in errors_of(response)


async def test_a_body_that_is_not_json_is_a_422(client: AsyncClient) -> None:
    response = await client.post(
        "/api/users", content=b"{not json", headers={"Content-Type": "application/json"}
    )

    assert response.status_code == 422
    errors_of(response)


async def test_login_with_the_right_password_returns_a_working_token(client: AsyncClient) -> None:
    await register(client, "jake")
    login = {"email": "JAKE@example.com", "password": PASSWORD}

    response = await client.post("/api/users/login", json={"user": login})

    assert response.status_code == 200
    token = response.json()["user"]["token"]
    me = await client.get("/api/user", headers={"Authorization": f"Token {token}"})
    assert me.json()["user"]["username"] == "jake"


async def test_a_wrong_password_and_an_unknown_email_get_the_same_401(
    client: AsyncClient,
) -> None:
    await register(client, "jake")
    wrong = {"email": "jake@example.com", "password": "not the password"}
    unknown = {"email": "nobody@example.com", "password": PASSWORD}

    responses = [await client.post("/api/users/login", json={"user": u}) for u in (wrong, unknown)]

    assert [r.status_code for r in responses] == [401, 401]
    assert responses[0].json() == responses[1].json()


@pytest.mark.parametrize(
    "authorization",
    [None, "Token", "Token garbage", "Basic abc", "Token a.b.c"],
    ids=["missing", "empty", "garbage", "other-scheme", "bad-signature"],
)
async def test_the_current_user_needs_a_valid_token(
    client: AsyncClient, authorization: str | None
) -> None:
    headers = {"Authorization": authorization} if authorization else {}

    response = await client.get("/api/user", headers=headers)

    assert response.status_code == 401
    errors_of(response)


async def test_bearer_is_accepted_as_well_as_token(client: AsyncClient) -> None:
    auth = await register(client, "jake")
    bearer = {"Authorization": auth["Authorization"].replace("Token", "Bearer")}

    assert (await client.get("/api/user", headers=bearer)).status_code == 200


async def test_an_expired_token_is_a_401(container: Container, client: AsyncClient) -> None:
    clock = FixedClock()
    container.clock.override(providers.Object(clock))
    auth = await register(client, "jake")

    clock.advance(minutes=container.settings().access_token_ttl_minutes + 1)

    assert (await client.get("/api/user", headers=auth)).status_code == 401


async def test_the_user_can_change_every_field_and_log_in_with_the_new_password(
    client: AsyncClient,
) -> None:
    auth = await register(client, "jake")
    changes = {
        "email": "jake@new.example.com",
        "username": "jacob",
        "password": "a brand new password",
        "bio": "I like to skateboard",
        "image": "https://i.stack.imgur.com/xHWG8.jpg",
    }

    response = await client.put("/api/user", json={"user": changes}, headers=auth)

    assert response.status_code == 200
    user = response.json()["user"]
    assert {k: user[k] for k in ("email", "username", "bio", "image")} == {
        k: v for k, v in changes.items() if k != "password"
    }
    login = {"email": changes["email"], "password": changes["password"]}
    assert (await client.post("/api/users/login", json={"user": login})).status_code == 200


async def test_taking_another_users_email_is_refused_and_changes_nothing(
    client: AsyncClient,
) -> None:
    await register(client, "jake")
    auth = await register(client, "anne")

    response = await client.put(
        "/api/user", json={"user": {"email": "jake@example.com", "bio": "new"}}, headers=auth
    )

    assert response.status_code == 409
    assert "email" in errors_of(response)
    me = (await client.get("/api/user", headers=auth)).json()["user"]
    assert (me["email"], me["bio"]) == ("anne@example.com", "")


async def test_updating_without_a_token_is_a_401(client: AsyncClient) -> None:
    response = await client.put("/api/user", json={"user": {"bio": "x"}})

    assert response.status_code == 401
