"""The API tier: ``create_app(container)`` over HTTP.

Each module runs on the in-memory adapter and one SQL database (SQLite by default; a module
overrides ``backend`` where PostgreSQL is the better witness, or where it needs all three).
``test_every_endpoint`` calls every route on both SQL databases, so no endpoint goes untried
on either.
"""

from collections.abc import AsyncIterator

import pytest
from httpx import ASGITransport, AsyncClient, Response

from infrastructure.container import Container
from interfaces.http.app import create_app

# An article as lists show it: everything but the body (RealWorld's keys, then Conduit's).
LIST_ITEM_KEYS = {
    "slug",
    "title",
    "description",
    "tagList",
    "createdAt",
    "updatedAt",
    "favorited",
    "favoritesCount",
    "author",
    "metadata",
    "readingTimeMinutes",
}


@pytest.fixture(params=["memory", "sqlite"])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
async def server_client(container: Container) -> AsyncIterator[AsyncClient]:
    """A client that sees a 500 as a real server would answer it, instead of the exception."""
    transport = ASGITransport(app=create_app(container), raise_app_exceptions=False)
    async with AsyncClient(transport=transport, base_url="http://conduit.test") as http:
        yield http


def errors_of(response: Response) -> dict[str, list[str]]:
    """The RealWorld error envelope, checked for shape on the way: ``errors`` holds only
    ``body``, so a client printing every key of it shows each problem once."""
    assert response.headers["content-type"] == "application/json", response.headers
    body = response.json()
    assert set(body) <= {"errors", "fields"}, body
    errors: dict[str, list[str]] = body["errors"]
    assert set(errors) == {"body"}, body
    assert errors["body"], body
    assert all(isinstance(message, str) for message in errors["body"]), body
    return errors


def fields_of(response: Response) -> dict[str, list[str]]:
    """The fields at fault in an error answer, each with its messages (none: empty)."""
    errors_of(response)
    fields: dict[str, list[str]] = response.json().get("fields", {})
    assert all(
        isinstance(messages, list) and messages and all(isinstance(m, str) for m in messages)
        for messages in fields.values()
    ), fields
    return fields


async def article_count(client: AsyncClient) -> int:
    response = await client.get("/api/articles")
    assert response.status_code == 200, response.text
    return int(response.json()["articlesCount"])


async def titles(client: AsyncClient, url: str, headers: dict[str, str] | None = None) -> list[str]:
    """The titles a list endpoint answers with, in order."""
    response = await client.get(url, headers=headers)
    assert response.status_code == 200, response.text
    return [article["title"] for article in response.json()["articles"]]
