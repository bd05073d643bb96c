"""The API tier runs on the in-memory adapter and on SQLite by default (fast); modules that
need PostgreSQL too say so with their own ``backend`` fixture."""

import pytest
from httpx import AsyncClient, Response


@pytest.fixture(params=["memory", "sqlite"])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def errors_of(response: Response) -> dict[str, list[str]]:
    """The RealWorld error envelope, checked for shape on the way."""
    body = response.json()
    assert set(body) == {"errors"}, body
    errors: dict[str, list[str]] = body["errors"]
    assert errors["body"], body
    assert all(isinstance(m, str) for messages in errors.values() for m in messages), body
    return errors


async def article_count(client: AsyncClient) -> int:
    return int((await client.get("/api/articles")).json()["articlesCount"])
