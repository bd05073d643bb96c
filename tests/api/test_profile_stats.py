"""GET /api/profiles/{username}/stats over HTTP on every backend: the shape, public access,
and 404 for an unknown user."""

import pytest
from httpx import AsyncClient

from tests.api.conftest import fields_of
from tests.factories import publish, register


@pytest.fixture(params=["memory", "sqlite", "postgres", "mariadb"])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


async def test_stats_count_articles_comments_favorites_and_followers(client: AsyncClient) -> None:
    jake = await register(client, "jake")
    anne = await register(client, "anne")
    first = await publish(client, jake, "One", tagList=["dragons", "care"])
    await publish(client, jake, "Two", tagList=["dragons"])
    await client.post(f"/api/articles/{first['slug']}/favorite", headers=anne)
    comment = {"comment": {"body": "Thanks"}}
    await client.post(f"/api/articles/{first['slug']}/comments", json=comment, headers=jake)
    await client.post("/api/profiles/jake/follow", headers=anne)

    response = await client.get("/api/profiles/jake/stats")

    assert response.status_code == 200, response.text
    assert response.json() == {
        "stats": {
            "username": "jake",
            "articlesCount": 2,
            "commentsCount": 1,
            "favoritesReceived": 1,
            "followersCount": 1,
            "favoritesRank": 1,
            "topTags": [{"tag": "dragons", "count": 2}, {"tag": "care", "count": 1}],
        }
    }
    anne_stats = (await client.get("/api/profiles/anne/stats", headers=jake)).json()["stats"]
    assert (anne_stats["favoritesRank"], anne_stats["topTags"]) == (2, [])


async def test_stats_of_an_unknown_user_are_a_404(client: AsyncClient) -> None:
    response = await client.get("/api/profiles/nobody/stats")

    assert response.status_code == 404
    assert "username" in fields_of(response)
