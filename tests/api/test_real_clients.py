"""What stock RealWorld front ends send, answered the way they can use it.

The Angular front end's Settings page sends every box of its form, the ones left blank
included; it keeps the token it has after a save; it prints ``key + " " + messages`` for every
key of ``errors``; and it posts to ``/api/articles/``. On SQLite and PostgreSQL.
"""

from typing import Any

import pytest
from httpx import AsyncClient, Response

from tests.api.conftest import errors_of, fields_of
from tests.factories import PASSWORD, publish, register

NEW_PASSWORD = "a brand new passphrase"
IMAGE = "https://api.realworld.io/images/smiley-cyrus.jpeg"


@pytest.fixture(params=["sqlite", "postgres"])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def settings_form(**filled: str) -> dict[str, Any]:
    """The Settings page's whole form: every box, blank unless filled."""
    boxes = {"image": "", "username": "", "bio": "", "email": "", "password": ""}
    return {"user": boxes | filled}


def as_a_front_end_prints_it(response: Response) -> list[str]:
    """What the Angular front end's list of errors shows: one line per key of ``errors``."""
    return [f"{key} {','.join(messages)}" for key, messages in response.json()["errors"].items()]


async def me(client: AsyncClient, auth: dict[str, str]) -> dict[str, str]:
    response = await client.get("/api/user", headers=auth)
    assert response.status_code == 200, response.text
    return dict(response.json()["user"])


async def log_in(client: AsyncClient, password: str) -> int:
    credentials = {"email": "jake@example.com", "password": password}
    return (await client.post("/api/users/login", json={"user": credentials})).status_code


async def test_a_settings_form_with_blank_username_email_and_password_saves_the_bio(
    client: AsyncClient,
) -> None:
    auth = await register(client, "jake")

    response = await client.put(
        "/api/user", json=settings_form(bio="I like to skateboard", image=IMAGE), headers=auth
    )

    assert response.status_code == 200, response.text
    user = response.json()["user"]
    assert (user["username"], user["email"]) == ("jake", "jake@example.com")
    assert (user["bio"], user["image"]) == ("I like to skateboard", IMAGE)
    assert await log_in(client, PASSWORD) == 200
    assert (await me(client, auth))["bio"] == "I like to skateboard"


async def test_a_settings_form_with_only_the_password_box_blank_keeps_the_password(
    client: AsyncClient,
) -> None:
    auth = await register(client, "jake")
    form = settings_form(username="jacob", email="jacob@example.com", bio="Hi")

    response = await client.put("/api/user", json=form, headers=auth)

    assert response.status_code == 200, response.text
    assert (await me(client, auth))["username"] == "jacob"
    credentials = {"email": "jacob@example.com", "password": PASSWORD}
    assert (await client.post("/api/users/login", json={"user": credentials})).status_code == 200


async def test_a_settings_form_with_blank_bio_and_image_clears_them(client: AsyncClient) -> None:
    auth = await register(client, "jake")
    await client.put("/api/user", json={"user": {"bio": "Hi", "image": IMAGE}}, headers=auth)

    response = await client.put(
        "/api/user", json=settings_form(username="jake", email="jake@example.com"), headers=auth
    )

    assert response.status_code == 200, response.text
    assert (response.json()["user"]["bio"], response.json()["user"]["image"]) == ("", "")


@pytest.mark.parametrize("field", ["username", "email", "password"])
async def test_a_box_of_whitespace_only_is_refused_and_changes_nothing(
    client: AsyncClient, field: str
) -> None:
    auth = await register(client, "jake")

    response = await client.put(
        "/api/user", json=settings_form(bio="new bio", **{field: "   \t  "}), headers=auth
    )

    assert response.status_code == 422
    assert fields_of(response)[field] == ["can't be blank"]
    assert (await me(client, auth))["bio"] == ""


async def test_the_current_password_typed_again_revokes_no_token(client: AsyncClient) -> None:
    auth = await register(client, "jake")

    response = await client.put(
        "/api/user", json=settings_form(bio="same password", password=PASSWORD), headers=auth
    )

    assert response.status_code == 200, response.text
    assert (await me(client, auth))["bio"] == "same password"
    renewed = {"Authorization": f"Token {response.json()['user']['token']}"}
    assert (await client.get("/api/user", headers=renewed)).status_code == 200
    assert await log_in(client, PASSWORD) == 200


async def test_a_real_password_change_still_revokes_the_tokens_issued_before(
    client: AsyncClient,
) -> None:
    auth = await register(client, "jake")

    response = await client.put(
        "/api/user", json=settings_form(password=NEW_PASSWORD), headers=auth
    )

    assert response.status_code == 200, response.text
    refused = await client.get("/api/user", headers=auth)
    assert refused.status_code == 401
    assert errors_of(refused) == {"body": ["token was revoked by a password change"]}
    renewed = {"Authorization": f"Token {response.json()['user']['token']}"}
    assert (await client.get("/api/user", headers=renewed)).status_code == 200
    assert (await log_in(client, PASSWORD), await log_in(client, NEW_PASSWORD)) == (401, 200)


async def test_a_front_end_printing_every_key_of_errors_shows_a_refusal_once(
    client: AsyncClient,
) -> None:
    await register(client, "anne")
    auth = await register(client, "jake")

    blank = await client.put("/api/user", json={"user": {"username": " "}}, headers=auth)
    taken = await client.put("/api/user", json={"user": {"username": "anne"}}, headers=auth)

    assert as_a_front_end_prints_it(blank) == ["body username can't be blank"]
    assert as_a_front_end_prints_it(taken) == ["body username has already been taken"]
    assert fields_of(taken) == {"username": ["has already been taken"]}


async def test_a_front_end_printing_every_key_of_errors_shows_each_of_several_problems_once(
    client: AsyncClient,
) -> None:
    response = await client.post("/api/users", json={"user": {"username": 5}})

    [printed] = as_a_front_end_prints_it(response)
    for problem in ("username input should be a valid string", "email is required"):
        assert printed.count(problem) == 1, printed
    assert set(fields_of(response)) == {"username", "email", "password"}


async def test_a_post_to_a_path_with_a_trailing_slash_is_answered_without_a_redirect(
    client: AsyncClient,
) -> None:
    auth = await register(client, "jake")
    article = {"title": "Slashed", "description": "D", "body": "B", "tagList": ["x"]}

    response = await client.post("/api/articles/", json={"article": article}, headers=auth)

    assert response.status_code == 201, response.text
    assert response.json()["article"]["body"] == "B"
    listed = (await client.get("/api/articles/")).json()["articles"]
    assert [a["title"] for a in listed] == ["Slashed"]


async def test_every_kind_of_route_answers_its_trailing_slash_form_directly(
    client: AsyncClient,
) -> None:
    auth = await register(client, "jake")
    slug = (await publish(client, auth))["slug"]
    comment = {"comment": {"body": "Nice"}}

    answers = {
        "GET /api/tags/": await client.get("/api/tags/"),
        "GET /api/user/": await client.get("/api/user/", headers=auth),
        "PUT /api/user/": await client.put("/api/user/", json=settings_form(bio="b"), headers=auth),
        "GET /api/profiles/jake/": await client.get("/api/profiles/jake/"),
        "GET /api/articles/{slug}/": await client.get(f"/api/articles/{slug}/"),
        "POST comments/": await client.post(
            f"/api/articles/{slug}/comments/", json=comment, headers=auth
        ),
        "POST favorite/": await client.post(f"/api/articles/{slug}/favorite/", headers=auth),
        "GET /api/articles/feed/": await client.get("/api/articles/feed/", headers=auth),
        "DELETE /api/articles/{slug}/": await client.delete(f"/api/articles/{slug}/", headers=auth),
        "GET /healthz/": await client.get("/healthz/"),
    }

    statuses = {route: answer.status_code for route, answer in answers.items()}
    assert statuses == {
        "GET /api/tags/": 200,
        "GET /api/user/": 200,
        "PUT /api/user/": 200,
        "GET /api/profiles/jake/": 200,
        "GET /api/articles/{slug}/": 200,
        "POST comments/": 200,
        "POST favorite/": 200,
        "GET /api/articles/feed/": 200,
        "DELETE /api/articles/{slug}/": 204,
        "GET /healthz/": 200,
    }


async def test_an_unknown_path_with_a_trailing_slash_is_a_404_not_a_redirect(
    client: AsyncClient,
) -> None:
    for path in ("/api/nothing-here/", "/api/articles//"):
        response = await client.get(path)
        assert response.status_code == 404, path
        errors_of(response)


async def test_the_openapi_document_lists_each_path_once_without_its_slash(
    client: AsyncClient,
) -> None:
    paths = list((await client.get("/openapi.json/")).json()["paths"])

    assert "/api/articles" in paths
    assert not [path for path in paths if path.endswith("/")]
    assert len(paths) == len({path.rstrip("/") for path in paths})
