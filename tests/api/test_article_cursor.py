"""Keyset paging over HTTP: ``nextCursor`` in list and feed responses, ``?cursor=`` to follow."""

import pytest
from httpx import AsyncClient

from tests.factories import publish, register


@pytest.fixture(params=["memory", "sqlite", "postgres", "mariadb"])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
async def reader(client: AsyncClient) -> dict[str, str]:
    """Five articles by jake, whom the reader follows."""
    jake = await register(client, "jake")
    for number in range(5):
        await publish(client, jake, f"Article {number}")
    reader = await register(client, "reader")
    await client.post("/api/profiles/jake/follow", headers=reader)
    return reader


@pytest.mark.parametrize("path", ["/api/articles", "/api/articles/feed"])
async def test_following_next_cursor_walks_every_article_once(
    client: AsyncClient, reader: dict[str, str], path: str
) -> None:
    slugs: list[str] = []
    params: dict[str, str | int] = {"limit": 2}
    while True:
        response = await client.get(path, params=params, headers=reader)
        assert response.status_code == 200, response.text
        page = response.json()
        assert page["articlesCount"] == 5
        slugs += [article["slug"] for article in page["articles"]]
        if page["nextCursor"] is None:
            break
        params = {"limit": 2, "cursor": page["nextCursor"]}

    assert slugs == [f"article-{number}" for number in reversed(range(5))]


async def test_the_last_page_by_offset_has_no_next_cursor(
    client: AsyncClient, reader: dict[str, str]
) -> None:
    response = await client.get("/api/articles", params={"limit": 2, "offset": 4})

    assert response.json()["nextCursor"] is None


@pytest.mark.parametrize(
    "params",
    [
        pytest.param({"cursor": "forged"}, id="forged"),
        pytest.param({"cursor": "x" * 200}, id="too-long"),
        pytest.param({"cursor": "MjAyNi0wMS0wMVQxMjowMDowMCswMDowMHwx", "offset": 2}, id="both"),
    ],
)
async def test_a_bad_cursor_is_a_field_error(
    client: AsyncClient, reader: dict[str, str], params: dict[str, str | int]
) -> None:
    response = await client.get("/api/articles", params=params)

    assert response.status_code == 422
    assert "cursor" in response.json()["fields"]
