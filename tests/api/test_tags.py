"""The tag list: every tag in use, once each, in code-point order.

On all three backends: the order must not depend on a database's collation.
"""

import pytest
from httpx import AsyncClient

from tests.factories import publish, register


@pytest.fixture(params=["memory", "sqlite", "postgres", "mariadb"])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


async def test_no_articles_means_no_tags(client: AsyncClient) -> None:
    response = await client.get("/api/tags")

    assert response.status_code == 200
    assert response.json() == {"tags": []}


async def test_tags_are_distinct_and_in_code_point_order(client: AsyncClient) -> None:
    auth = await register(client, "jake")
    await publish(client, auth, "One", tagList=["zebra", "apple", "Zulu"])
    await publish(client, auth, "Two", tagList=["apple", "éclair", "mango"])

    response = await client.get("/api/tags")

    assert response.json() == {"tags": ["Zulu", "apple", "mango", "zebra", "éclair"]}


async def test_a_tag_no_article_uses_any_more_leaves_the_list(client: AsyncClient) -> None:
    auth = await register(client, "jake")
    kept = await publish(client, auth, "Kept", tagList=["shared", "retagged"])
    gone = await publish(client, auth, "Gone", tagList=["shared", "deleted"])

    await client.put(
        f"/api/articles/{kept['slug']}", json={"article": {"tagList": ["shared"]}}, headers=auth
    )
    await client.delete(f"/api/articles/{gone['slug']}", headers=auth)

    assert (await client.get("/api/tags")).json() == {"tags": ["shared"]}
