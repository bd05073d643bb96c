"""Every kind of error answer (400 to 500) carries the security headers and the request id,
is the JSON envelope, and never echoes internals: no traceback, no SQL, no driver or library
names, no file paths, no input the server refused."""

from collections.abc import AsyncIterator
from typing import Any

import pytest
from dependency_injector import providers
from httpx import ASGITransport, AsyncClient, Response

from infrastructure.container import Container
from interfaces.http.app import create_app
from tests.api.conftest import errors_of
from tests.api.test_middleware import SECURITY_HEADERS
from tests.factories import publish, register, settings_for_tests

INTERNALS = (
    "Traceback",
    'File "',
    ".py",
    "sqlalchemy",
    "asyncpg",
    "psycopg",
    "aiosqlite",
    "pydantic",
    "SELECT ",
    "INSERT ",
    "input_value",
    "ctx",
)


class FailingUseCase:
    async def execute(self, *_args: Any, **_kwargs: Any) -> None:
        raise RuntimeError('SELECT * FROM users -- File "/srv/conduit/secret.py", line 1')


@pytest.fixture(params=["sqlite", "postgres", "mariadb"])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
async def strict(container: Container) -> AsyncIterator[AsyncClient]:
    """A client of an app with small limits: trusted hosts, a 2 KiB body, 1 login attempt."""
    settings = settings_for_tests(
        container.settings().database_url,
        trusted_hosts=["conduit.test"],
        max_body_bytes=2048,
        login_attempts_per_account=1,
    )
    container.settings.override(providers.Object(settings))
    transport = ASGITransport(app=create_app(container), raise_app_exceptions=False)
    async with AsyncClient(transport=transport, base_url="http://conduit.test") as client:
        yield client


async def every_kind_of_error(client: AsyncClient, container: Container) -> dict[int, Response]:
    auth = await register(client, "jake")
    other = await register(client, "anne")
    slug = (await publish(client, auth))["slug"]
    login = {"user": {"email": "jake@example.com", "password": "wrong password"}}
    await client.post("/api/users/login", json=login)
    answers = {
        400: await client.get("/api/tags", headers={"Host": "evil.test"}),
        401: await client.get("/api/user", headers={"Authorization": "Token x.y.z"}),
        403: await client.put(
            f"/api/articles/{slug}", json={"article": {"body": "x"}}, headers=other
        ),
        404: await client.get("/api/articles/no-such-article"),
        405: await client.patch("/api/tags"),
        409: await client.post(
            "/api/users",
            json={"user": {"username": "jake", "email": "j2@example.com", "password": "12345678"}},
        ),
        412: await client.put(
            f"/api/articles/{slug}",
            json={"article": {"body": "x"}},
            headers=auth | {"If-Match": '"999"'},
        ),
        413: await client.post("/api/articles", json={"x": "y" * 4096}, headers=auth),
        422: await client.post(
            "/api/users", json={"user": {"email": {"$ne": None}, "username": "' OR 1=1 --"}}
        ),
        429: await client.post("/api/users/login", json=login),
    }
    container.list_tags.override(providers.Object(FailingUseCase()))
    answers[500] = await client.get("/api/tags")
    return answers


async def test_every_kind_of_error_carries_the_security_headers_and_a_request_id(
    strict: AsyncClient, container: Container
) -> None:
    answers = await every_kind_of_error(strict, container)

    assert {status: r.status_code for status, r in answers.items()} == {s: s for s in answers}
    for status, response in answers.items():
        headers = {name: response.headers.get(name) for name in SECURITY_HEADERS}
        assert headers == SECURITY_HEADERS, status
        assert response.headers["X-Request-ID"], status
        errors_of(response)


async def test_no_error_echoes_internals_or_the_refused_input(
    strict: AsyncClient, container: Container
) -> None:
    answers = await every_kind_of_error(strict, container)

    for status, response in answers.items():
        echoed = [
            text for text in (*INTERNALS, "$ne", "OR 1=1", "evil.test") if text in response.text
        ]
        assert not echoed, (status, echoed, response.text)
