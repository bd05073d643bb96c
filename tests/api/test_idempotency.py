"""Idempotency-Key on the creating endpoints: retries return the first answer, create nothing."""

import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from dependency_injector import providers
from httpx import ASGITransport, AsyncClient

from infrastructure.container import Container
from interfaces.http.app import create_app
from tests.api.conftest import article_count, fields_of
from tests.conftest import BACKENDS
from tests.factories import publish, register, settings_for_tests

ARTICLE = {"article": {"title": "Dragons", "description": "d", "body": "b", "tagList": ["x"]}}


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def keyed(auth: dict[str, str], key: str = "key-1") -> dict[str, str]:
    return auth | {"Idempotency-Key": key}


async def test_a_retried_article_is_created_once_and_answered_alike(client: AsyncClient) -> None:
    auth = await register(client, "jake")

    first = await client.post("/api/articles", json=ARTICLE, headers=keyed(auth))
    retry = await client.post("/api/articles", json=ARTICLE, headers=keyed(auth))

    assert (first.status_code, retry.status_code) == (201, 201)
    assert retry.json() == first.json()
    assert retry.headers["Idempotent-Replayed"] == "true"
    assert retry.headers["ETag"] == first.headers["ETag"]
    assert await article_count(client) == 1


async def test_without_a_key_every_post_creates(client: AsyncClient) -> None:
    auth = await register(client, "jake")

    for _ in range(2):
        assert (await client.post("/api/articles", json=ARTICLE, headers=auth)).status_code == 201

    assert await article_count(client) == 2


async def test_the_same_key_with_another_body_is_a_422_and_creates_nothing(
    client: AsyncClient,
) -> None:
    auth = await register(client, "jake")
    await client.post("/api/articles", json=ARTICLE, headers=keyed(auth))
    other = {"article": ARTICLE["article"] | {"title": "Other"}}

    response = await client.post("/api/articles", json=other, headers=keyed(auth))

    assert response.status_code == 422
    assert fields_of(response)["Idempotency-Key"] == ["was already used for a different request"]
    assert await article_count(client) == 1


async def test_a_failed_request_leaves_its_key_free_for_the_corrected_retry(
    client: AsyncClient,
) -> None:
    auth = await register(client, "jake")
    invalid = {"article": {"title": "", "description": "d", "body": "b"}}

    refused = await client.post("/api/articles", json=invalid, headers=keyed(auth))
    accepted = await client.post("/api/articles", json=ARTICLE, headers=keyed(auth))

    assert (refused.status_code, accepted.status_code) == (422, 201)
    assert await article_count(client) == 1


async def test_keys_are_per_caller(client: AsyncClient) -> None:
    jake, jane = await register(client, "jake"), await register(client, "jane")

    for auth in (jake, jane):
        response = await client.post("/api/articles", json=ARTICLE, headers=keyed(auth))
        assert response.status_code == 201
        assert "Idempotent-Replayed" not in response.headers

    assert await article_count(client) == 2


async def test_a_retried_registration_registers_once(client: AsyncClient) -> None:
    body = {"user": {"username": "jake", "email": "jake@example.com", "password": "jakejake"}}
    key = {"Idempotency-Key": "register-jake"}

    first = await client.post("/api/users", json=body, headers=key)
    retry = await client.post("/api/users", json=body, headers=key)
    again_without_key = await client.post("/api/users", json=body)

    assert (first.status_code, retry.status_code) == (201, 201)
    assert retry.json() == first.json()
    assert again_without_key.status_code == 409


async def test_a_retried_comment_is_added_once(client: AsyncClient) -> None:
    auth = await register(client, "jake")
    slug = (await publish(client, auth))["slug"]
    comment = {"comment": {"body": "Thank you so much!"}}

    for _ in range(3):
        response = await client.post(
            f"/api/articles/{slug}/comments", json=comment, headers=keyed(auth)
        )
        assert response.status_code == 200

    comments = (await client.get(f"/api/articles/{slug}/comments")).json()["comments"]
    assert len(comments) == 1


@pytest.mark.parametrize("key", ["", "x" * 256])
async def test_a_malformed_key_is_a_422(client: AsyncClient, key: str) -> None:
    auth = await register(client, "jake")

    response = await client.post("/api/articles", json=ARTICLE, headers=keyed(auth, key))

    assert response.status_code == 422
    assert "Idempotency-Key" in fields_of(response)
    assert await article_count(client) == 0


@pytest.fixture
async def two_processes(
    sqlite_template: Path, tmp_path: Path
) -> AsyncIterator[tuple[AsyncClient, AsyncClient]]:
    """Two apps with their own containers and pools over one database, as two workers are."""
    database = tmp_path / "shared.db"
    shutil.copyfile(sqlite_template, database)
    clients = []
    containers = []
    for _ in range(2):
        container = Container()
        url = f"sqlite+aiosqlite:///{database}"
        container.settings.override(providers.Object(settings_for_tests(url)))
        transport = ASGITransport(app=create_app(container))
        clients.append(AsyncClient(transport=transport, base_url="http://conduit.test"))
        containers.append(container)
    yield clients[0], clients[1]
    for client, container in zip(clients, containers, strict=True):
        await client.aclose()
        await container.engine().dispose()


async def test_a_retry_that_reaches_another_process_is_answered_from_the_database(
    two_processes: tuple[AsyncClient, AsyncClient],
) -> None:
    first_worker, second_worker = two_processes
    auth = await register(first_worker, "jake")

    first = await first_worker.post("/api/articles", json=ARTICLE, headers=keyed(auth))
    retry = await second_worker.post("/api/articles", json=ARTICLE, headers=keyed(auth))

    assert (first.status_code, retry.status_code) == (201, 201)
    assert retry.json() == first.json()
    assert await article_count(second_worker) == 1


async def test_the_creating_operations_document_the_header(client: AsyncClient) -> None:
    paths = (await client.get("/openapi.json")).json()["paths"]

    for path in ("/api/users", "/api/articles", "/api/articles/{slug}/comments"):
        parameters = paths[path]["post"]["parameters"]
        assert "Idempotency-Key" in {parameter["name"] for parameter in parameters}
