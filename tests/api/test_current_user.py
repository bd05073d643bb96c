"""The current user: reading it and changing it.

On memory and PostgreSQL: changing a username or email onto a taken one is the unique
constraint's job there, under a savepoint per unit of work.
"""

import pytest
from httpx import AsyncClient

from tests.api.conftest import errors_of, fields_of
from tests.factories import PASSWORD, register


@pytest.fixture(params=["memory", "postgres"])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


async def test_the_current_user_is_answered_with_a_token(client: AsyncClient) -> None:
    auth = await register(client, "jake")

    response = await client.get("/api/user", headers=auth)

    assert response.status_code == 200
    user = response.json()["user"]
    assert set(user) == {"email", "token", "username", "bio", "image"}
    assert (user["username"], user["email"]) == ("jake", "jake@example.com")


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
    old = {"email": "jake@new.example.com", "password": PASSWORD}
    new = {"email": "jake@new.example.com", "password": "a brand new password"}
    assert (await client.post("/api/users/login", json={"user": old})).status_code == 401
    assert (await client.post("/api/users/login", json={"user": new})).status_code == 200
    assert (await client.get("/api/profiles/jacob")).json()["profile"]["bio"] == changes["bio"]
    renewed = {"Authorization": f"Token {user['token']}"}
    assert (await client.get("/api/user", headers=renewed)).json()["user"]["username"] == "jacob"


async def test_omitted_fields_stay_and_null_clears_bio_and_image(client: AsyncClient) -> None:
    auth = await register(client, "jake")
    image = "https://example.com/jake.png"
    await client.put("/api/user", json={"user": {"bio": "Hi", "image": image}}, headers=auth)

    kept = await client.put("/api/user", json={"user": {"username": "jacob"}}, headers=auth)
    cleared = await client.put("/api/user", json={"user": {"bio": None}}, headers=auth)

    assert (kept.json()["user"]["bio"], kept.json()["user"]["image"]) == ("Hi", image)
    assert (cleared.json()["user"]["bio"], cleared.json()["user"]["image"]) == ("", image)


@pytest.mark.parametrize(
    ("field", "value", "status"),
    [
        ("email", "anne@example.com", 409),
        ("username", "anne", 409),
        ("email", "not-an-email", 422),
        ("password", "short", 422),
        ("image", "ftp://example.com/me.png", 422),
        ("bio", "b" * 2001, 422),
        ("username", 7, 422),
    ],
)
async def test_a_refused_change_names_the_field_and_changes_nothing(
    client: AsyncClient, field: str, value: object, status: int
) -> None:
    await register(client, "anne")
    auth = await register(client, "jake")

    response = await client.put(
        "/api/user", json={"user": {"bio": "new bio"} | {field: value}}, headers=auth
    )

    assert response.status_code == status
    assert field in fields_of(response)
    me = (await client.get("/api/user", headers=auth)).json()["user"]
    assert (me["email"], me["username"], me["bio"]) == ("jake@example.com", "jake", "")


async def test_an_update_without_the_user_wrapper_is_a_422(client: AsyncClient) -> None:
    auth = await register(client, "jake")

    response = await client.put("/api/user", json={}, headers=auth)

    assert response.status_code == 422
    assert fields_of(response)["user"] == ["is required"]


async def test_an_update_with_no_field_at_all_is_a_422_and_changes_nothing(
    client: AsyncClient,
) -> None:
    auth = await register(client, "jake")

    response = await client.put("/api/user", json={"user": {}}, headers=auth)

    assert response.status_code == 422
    assert fields_of(response)["user"] == ["needs at least one field"]
    assert (await client.get("/api/user", headers=auth)).json()["user"]["username"] == "jake"


async def test_updating_without_a_token_is_a_401(client: AsyncClient) -> None:
    response = await client.put("/api/user", json={"user": {"bio": "x"}})

    assert response.status_code == 401
    errors_of(response)
