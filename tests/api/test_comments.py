"""Comments on an article: add, list oldest first, delete by their author only.

On memory and PostgreSQL, where comment ids are a ``bigint`` sequence.
"""

import pytest
from httpx import AsyncClient

from tests.api.conftest import errors_of, fields_of
from tests.factories import publish, register

COMMENT_KEYS = {"id", "createdAt", "updatedAt", "body", "author"}


@pytest.fixture(params=["memory", "postgres", "mariadb"])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
async def jake(client: AsyncClient) -> dict[str, str]:
    """Jake, who wrote the article at ``URL``."""
    auth = await register(client, "jake")
    await publish(client, auth)
    return auth


URL = "/api/articles/how-to-train-your-dragon/comments"


async def bodies(client: AsyncClient, headers: dict[str, str] | None = None) -> list[str]:
    response = await client.get(URL, headers=headers)
    assert response.status_code == 200, response.text
    return [comment["body"] for comment in response.json()["comments"]]


async def test_adding_a_comment_answers_200_with_the_comment(
    client: AsyncClient, jake: dict[str, str]
) -> None:
    reader = await register(client, "reader")

    response = await client.post(URL, json={"comment": {"body": "  First!  "}}, headers=reader)

    assert response.status_code == 200
    comment = response.json()["comment"]
    assert set(comment) == COMMENT_KEYS
    assert isinstance(comment["id"], int)
    assert comment["body"] == "First!"
    assert comment["createdAt"] == comment["updatedAt"]
    assert comment["author"] == {"username": "reader", "bio": "", "image": "", "following": False}


async def test_comments_are_listed_oldest_first_to_anyone(
    client: AsyncClient, jake: dict[str, str]
) -> None:
    reader = await register(client, "reader")
    for body, author in [("First", reader), ("Second", jake), ("Third", reader)]:
        await client.post(URL, json={"comment": {"body": body}}, headers=author)

    listed = (await client.get(URL)).json()["comments"]

    assert [c["body"] for c in listed] == ["First", "Second", "Third"]
    assert all(set(c) == COMMENT_KEYS for c in listed)
    assert await bodies(client, reader) == ["First", "Second", "Third"]


async def test_an_article_without_comments_lists_none(
    client: AsyncClient, jake: dict[str, str]
) -> None:
    assert (await client.get(URL)).json() == {"comments": []}


async def test_the_author_of_a_comment_deletes_it_and_no_one_else_may(
    client: AsyncClient, jake: dict[str, str]
) -> None:
    reader = await register(client, "reader")
    added = await client.post(URL, json={"comment": {"body": "Mine"}}, headers=reader)
    url = f"{URL}/{added.json()['comment']['id']}"

    by_article_author = await client.delete(url, headers=jake)
    anonymous = await client.delete(url)
    by_comment_author = await client.delete(url, headers=reader)

    assert by_article_author.status_code == 403
    errors_of(by_article_author)
    assert anonymous.status_code == 401
    assert (by_comment_author.status_code, by_comment_author.content) == (204, b"")
    assert await bodies(client) == []
    assert (await client.delete(url, headers=reader)).status_code == 404


async def test_a_comment_is_only_found_under_its_own_article(
    client: AsyncClient, jake: dict[str, str]
) -> None:
    other = (await publish(client, jake, "Another article"))["slug"]
    added = await client.post(URL, json={"comment": {"body": "Here"}}, headers=jake)
    comment_id = added.json()["comment"]["id"]

    response = await client.delete(f"/api/articles/{other}/comments/{comment_id}", headers=jake)

    assert response.status_code == 404
    assert await bodies(client) == ["Here"]


@pytest.mark.parametrize(
    ("comment_id", "status"),
    [("999999", 404), ("0", 422), ("-1", 422), ("abc", 422), ("9" * 20, 422)],
)
async def test_a_comment_id_that_names_no_comment_is_refused(
    client: AsyncClient, jake: dict[str, str], comment_id: str, status: int
) -> None:
    response = await client.delete(f"{URL}/{comment_id}", headers=jake)

    assert response.status_code == status
    assert "id" in fields_of(response)


@pytest.mark.parametrize(
    "body",
    [
        pytest.param({"comment": {"body": ""}}, id="empty"),
        pytest.param({"comment": {"body": "   "}}, id="blank"),
        pytest.param({"comment": {}}, id="missing"),
        pytest.param({"body": "hi"}, id="no-wrapper"),
        pytest.param({"comment": {"body": "c" * 10_001}}, id="too-long"),
        pytest.param({"comment": {"body": 5}}, id="number"),
    ],
)
async def test_a_comment_without_a_usable_body_is_a_422_and_adds_nothing(
    client: AsyncClient, jake: dict[str, str], body: dict[str, object]
) -> None:
    response = await client.post(URL, json=body, headers=jake)

    assert response.status_code == 422
    assert errors_of(response)["body"]
    assert await bodies(client) == []


async def test_commenting_without_a_token_is_a_401(
    client: AsyncClient, jake: dict[str, str]
) -> None:
    response = await client.post(URL, json={"comment": {"body": "hi"}})

    assert response.status_code == 401
    assert await bodies(client) == []


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("GET", "/api/articles/nope/comments"),
        ("POST", "/api/articles/nope/comments"),
        ("DELETE", "/api/articles/nope/comments/1"),
    ],
)
async def test_comments_of_an_unknown_article_are_a_404(
    client: AsyncClient, jake: dict[str, str], method: str, url: str
) -> None:
    response = await client.request(method, url, json={"comment": {"body": "hi"}}, headers=jake)

    assert response.status_code == 404
    assert "slug" in fields_of(response)
