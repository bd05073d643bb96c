"""Registration and login, with every way to get them wrong.

On all three backends: a taken username or email is caught by a different mechanism on each
(a dictionary check, SQLite's and PostgreSQL's unique constraints), and all must answer alike.
"""

import pytest
from httpx import AsyncClient

from tests.api.conftest import errors_of, fields_of
from tests.factories import PASSWORD, register

NEW_USER = {"username": "jake", "email": "jake@example.com", "password": PASSWORD}


@pytest.fixture(params=["memory", "sqlite", "postgres", "mariadb"])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


async def login(client: AsyncClient, email: str, password: str = PASSWORD) -> int:
    response = await client.post(
        "/api/users/login", json={"user": {"email": email, "password": password}}
    )
    return response.status_code


async def test_registration_answers_201_with_the_user_and_a_token_but_no_password(
    client: AsyncClient,
) -> None:
    response = await client.post("/api/users", json={"user": NEW_USER})

    assert response.status_code == 201
    user = response.json()["user"]
    assert set(response.json()) == {"user"}
    assert set(user) == {"email", "token", "username", "bio", "image"}
    assert (user["email"], user["username"], user["bio"], user["image"]) == (
        "jake@example.com",
        "jake",
        "",
        "",
    )
    assert user["token"].count(".") == 2
    assert PASSWORD not in response.text


async def test_the_email_is_stored_in_lower_case(client: AsyncClient) -> None:
    user = NEW_USER | {"email": "Jake@Example.COM"}

    response = await client.post("/api/users", json={"user": user})

    assert response.json()["user"]["email"] == "jake@example.com"


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

    response = await client.post(
        "/api/users", json={"user": NEW_USER | duplicate | {"password": "another password"}}
    )

    assert response.status_code == 409
    assert fields_of(response)[field] == ["has already been taken"]
    assert await login(client, duplicate["email"], "another password") == 401
    assert await login(client, "jake@example.com") == 200
    assert (await client.get("/api/profiles/other")).status_code == 404


@pytest.mark.parametrize(
    ("user", "field"),
    [
        pytest.param(
            {"email": "a@example.com", "password": PASSWORD}, "username", id="no-username"
        ),
        pytest.param({"username": "a", "password": PASSWORD}, "email", id="no-email"),
        pytest.param({"username": "a", "email": "a@example.com"}, "password", id="no-password"),
        pytest.param(NEW_USER | {"email": "not-an-email"}, "email", id="invalid-email"),
        pytest.param(NEW_USER | {"email": f"{'e' * 250}@example.com"}, "email", id="long-email"),
        pytest.param(NEW_USER | {"password": "short"}, "password", id="short-password"),
        pytest.param(NEW_USER | {"password": "p" * 129}, "password", id="long-password"),
        pytest.param(NEW_USER | {"username": "x" * 65}, "username", id="long-username"),
        pytest.param(NEW_USER | {"username": "two words"}, "username", id="spaced-username"),
        pytest.param(NEW_USER | {"username": "   "}, "username", id="blank-username"),
        pytest.param(NEW_USER | {"username": 42}, "username", id="number-username"),
        pytest.param(NEW_USER | {"password": None}, "password", id="null-password"),
    ],
)
async def test_invalid_registrations_are_422_with_a_message_for_the_field(
    client: AsyncClient, user: dict[str, object], field: str
) -> None:
    response = await client.post("/api/users", json={"user": user})

    assert response.status_code == 422
    assert fields_of(response)[field]
    assert (await client.get("/api/profiles/jake")).status_code == 404


@pytest.mark.parametrize(
    "content",
    [b"{not json", b'"jake"', b"[]", b"{}", b'{"user": "jake"}', b""],
    ids=["broken", "string", "array", "no-wrapper", "wrapper-not-object", "empty"],
)
async def test_a_body_that_is_not_a_user_object_is_a_422(
    client: AsyncClient, content: bytes
) -> None:
    response = await client.post(
        "/api/users", content=content, headers={"Content-Type": "application/json"}
    )

    assert response.status_code == 422
    errors_of(response)


async def test_login_answers_200_with_the_user_and_a_working_token(client: AsyncClient) -> None:
    await register(client, "jake")

    response = await client.post(
        "/api/users/login", json={"user": {"email": " JAKE@example.com ", "password": PASSWORD}}
    )

    assert response.status_code == 200
    user = response.json()["user"]
    assert set(user) == {"email", "token", "username", "bio", "image"}
    me = await client.get("/api/user", headers={"Authorization": f"Token {user['token']}"})
    assert me.json()["user"]["username"] == "jake"


async def test_a_wrong_password_and_an_unknown_email_get_the_same_401(
    client: AsyncClient,
) -> None:
    await register(client, "jake")
    attempts = [
        {"email": "jake@example.com", "password": "not the password"},
        {"email": "nobody@example.com", "password": PASSWORD},
        {"email": "not-an-email", "password": PASSWORD},
    ]

    responses = [await client.post("/api/users/login", json={"user": a}) for a in attempts]

    assert [r.status_code for r in responses] == [401, 401, 401]
    assert responses[0].json() == responses[1].json() == responses[2].json()
    assert errors_of(responses[0])["body"] == ["email or password is invalid"]


@pytest.mark.parametrize(
    ("user", "field"),
    [({"email": "jake@example.com"}, "password"), ({"password": PASSWORD}, "email")],
)
async def test_login_without_email_or_password_is_a_422(
    client: AsyncClient, user: dict[str, str], field: str
) -> None:
    response = await client.post("/api/users/login", json={"user": user})

    assert response.status_code == 422
    assert fields_of(response)[field] == ["is required"]
