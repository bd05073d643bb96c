"""Keyset pages of comments over HTTP: ``?limit=`` and ``?cursor=`` answer pages with
``nextCursor``; without them the RealWorld response stays exactly as it was."""

import pytest
from httpx import AsyncClient

from tests.api.conftest import fields_of
from tests.factories import publish, register

URL = "/api/articles/how-to-train-your-dragon/comments"


@pytest.fixture(params=["memory", "sqlite", "postgres", "mariadb"])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
async def jake(client: AsyncClient) -> dict[str, str]:
    """Jake, who wrote the article at ``URL`` and five comments on it."""
    jake = await register(client, "jake")
    await publish(client, jake)
    for number in range(5):
        comment = {"comment": {"body": f"comment {number}"}}
        response = await client.post(URL, json=comment, headers=jake)
        assert response.status_code == 200, response.text
    return jake


@pytest.mark.usefixtures("jake")
@pytest.mark.parametrize("limit", [1, 2, 5])
async def test_following_next_cursor_walks_every_comment_once_oldest_first(
    client: AsyncClient, limit: int
) -> None:
    bodies: list[str] = []
    params: dict[str, str | int] = {"limit": limit}
    while True:
        response = await client.get(URL, params=params)
        assert response.status_code == 200, response.text
        page = response.json()
        assert set(page) == {"comments", "nextCursor"}
        assert len(page["comments"]) <= limit
        bodies += [comment["body"] for comment in page["comments"]]
        if page["nextCursor"] is None:
            break
        params = {"limit": limit, "cursor": page["nextCursor"]}

    assert bodies == [f"comment {number}" for number in range(5)]


@pytest.mark.usefixtures("jake")
async def test_without_paging_parameters_the_realworld_response_is_unchanged(
    client: AsyncClient,
) -> None:
    response = await client.get(URL)

    assert set(response.json()) == {"comments"}
    assert len(response.json()["comments"]) == 5


@pytest.mark.usefixtures("jake")
async def test_a_cursor_alone_pages_by_the_default_size(client: AsyncClient) -> None:
    first = (await client.get(URL, params={"limit": 1})).json()

    rest = (await client.get(URL, params={"cursor": first["nextCursor"]})).json()

    assert [c["body"] for c in rest["comments"]] == [f"comment {n}" for n in range(1, 5)]
    assert rest["nextCursor"] is None


async def test_an_article_without_comments_is_an_empty_page(client: AsyncClient) -> None:
    jake = await register(client, "jake")
    await publish(client, jake)

    response = await client.get(URL, params={"limit": 3})

    assert response.json() == {"comments": [], "nextCursor": None}


async def test_an_unknown_article_is_a_404_when_paging_too(client: AsyncClient) -> None:
    response = await client.get("/api/articles/nowhere/comments", params={"limit": 3})

    assert response.status_code == 404


@pytest.mark.usefixtures("jake")
@pytest.mark.parametrize(
    ("params", "field"),
    [
        pytest.param({"limit": 0}, "limit", id="limit-zero"),
        pytest.param({"limit": 101}, "limit", id="limit-too-large"),
        pytest.param({"cursor": "forged"}, "cursor", id="forged-cursor"),
    ],
)
async def test_bad_paging_input_is_a_field_error(
    client: AsyncClient, params: dict[str, str | int], field: str
) -> None:
    response = await client.get(URL, params=params)

    assert response.status_code == 422
    assert field in fields_of(response)
