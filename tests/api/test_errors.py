"""The error envelope everywhere: ``{"errors": {"body": [...]}, "fields": {<field>: [...]}}``
(each problem once inside ``errors``, as stock front ends print every key of it), never a
traceback, never a 500 for input a client can send.

On all three backends: what a database refuses differs between them.
"""

import json
import logging

import pytest
from dependency_injector import providers
from httpx import AsyncClient

from infrastructure.container import Container
from infrastructure.observability.logs import JsonFormatter
from tests.api.conftest import errors_of, fields_of
from tests.factories import register


@pytest.fixture(params=["memory", "sqlite", "postgres", "mariadb"])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


class FailingUseCase:
    async def execute(self) -> None:
        raise RuntimeError("connection to db:5432 failed, password=hunter2")


@pytest.mark.parametrize("url", ["/api/nothing-here", "/nothing-here", "/api/users/jake"])
async def test_an_unknown_route_is_a_404_in_the_envelope(client: AsyncClient, url: str) -> None:
    response = await client.get(url)

    assert response.status_code == 404
    errors_of(response)


@pytest.mark.parametrize(
    ("method", "url", "allowed"),
    [
        ("PATCH", "/api/tags", "GET"),
        ("DELETE", "/api/users", "POST"),
        ("GET", "/api/users/login", "POST"),
    ],
)
async def test_a_wrong_method_is_a_405_in_the_envelope_saying_what_is_allowed(
    client: AsyncClient, method: str, url: str, allowed: str
) -> None:
    response = await client.request(method, url)

    assert response.status_code == 405
    assert response.headers["Allow"] == allowed
    errors_of(response)


async def test_a_422_names_every_field_at_fault_at_once(client: AsyncClient) -> None:
    response = await client.post("/api/users", json={"user": {"username": 5}})

    assert response.status_code == 422
    assert errors_of(response) == {
        "body": [
            "username input should be a valid string",
            "email is required",
            "password is required",
        ]
    }
    fields = fields_of(response)
    assert set(fields) == {"username", "email", "password"}
    assert fields["email"] == fields["password"] == ["is required"]


async def test_validation_errors_never_echo_internals(client: AsyncClient) -> None:
    response = await client.post("/api/users", json={"user": {"email": {"$gt": ""}}})

    assert response.status_code == 422
    errors_of(response)
    for internal in ("Traceback", "pydantic", "input_value", "loc", "$gt"):
        assert internal not in response.text


async def test_an_unexpected_error_is_a_generic_500_naming_the_request_and_is_logged(
    container: Container, server_client: AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    container.list_tags.override(providers.Object(FailingUseCase()))

    with caplog.at_level(logging.ERROR, logger="conduit.errors"):
        response = await server_client.get("/api/tags", headers={"X-Request-ID": "req-42"})

    assert response.status_code == 500
    assert response.headers["X-Request-ID"] == "req-42"
    assert response.json() == {"errors": {"body": ["internal server error (request id req-42)"]}}
    assert "hunter2" not in response.text
    [record] = caplog.records
    logged = json.loads(JsonFormatter().format(record))
    assert (logged["message"], logged["request_id"]) == ("unexpected error", "req-42")
    assert (logged["method"], logged["path"]) == ("GET", "/api/tags")
    assert "RuntimeError" in logged["traceback"]
    assert "hunter2" not in json.dumps(logged)


@pytest.mark.parametrize(
    ("method", "url", "expected"),
    [
        ("GET", "/api/articles/%00", 404),
        ("PUT", "/api/articles/%00", 404),
        ("GET", "/api/articles/%00/comments", 404),
        ("POST", "/api/articles/a%00/favorite", 404),
        ("GET", "/api/profiles/%00", 404),
        ("POST", "/api/profiles/a%00/follow", 404),
        ("GET", "/api/articles?tag=%00", 200),
        ("GET", "/api/articles?author=%00", 200),
        ("GET", "/api/articles?favorited=%00", 200),
    ],
)
async def test_a_nul_character_in_the_url_finds_nothing_instead_of_failing(
    server_client: AsyncClient,
    method: str,
    url: str,
    expected: int,
) -> None:
    auth = await register(server_client, "jake")

    response = await server_client.request(
        method, url, json={"article": {"title": "x"}}, headers=auth
    )

    assert response.status_code == expected
    if expected == 200:
        assert response.json()["articlesCount"] == 0
    else:
        errors_of(response)
