"""POST /api/articles/bulk over HTTP on every backend: the caller's records land, a bad one is
reported by position while the others land, re-sending creates nothing twice."""

from typing import Any

import pytest
from httpx import AsyncClient

from tests.api.conftest import article_count, fields_of
from tests.factories import register

URL = "/api/articles/bulk"


@pytest.fixture(params=["memory", "sqlite", "postgres", "mariadb"])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def record(number: int, **changes: Any) -> dict[str, Any]:
    return {
        "id": f"post-{number}",
        "title": f"Post {number}",
        "description": "Imported",
        "body": "word " * 250,
        "tagList": ["imported"],
        "metadata": {"language": "en"},
        "createdAt": f"2016-02-18T03:{number:02d}:00.000Z",
    } | changes


async def test_records_land_as_the_caller_s_articles_and_resending_skips_them(
    client: AsyncClient,
) -> None:
    jake = await register(client, "jake")
    articles = [record(n) for n in range(1, 4)]

    first = await client.post(URL, json={"articles": articles}, headers=jake)
    again = await client.post(URL, json={"articles": articles}, headers=jake)

    assert first.status_code == 200, first.text
    assert first.json() == {"created": 3, "skipped": 0, "rejected": []}
    assert again.json() == {"created": 0, "skipped": 3, "rejected": []}
    listed = (await client.get("/api/articles", params={"author": "jake"})).json()
    assert [a["title"] for a in listed["articles"]] == ["Post 3", "Post 2", "Post 1"]
    assert listed["articles"][0]["createdAt"] == "2016-02-18T03:03:00.000Z"
    assert listed["articles"][0]["readingTimeMinutes"] == 2


async def test_a_bad_record_is_rejected_by_position_and_the_others_land(
    client: AsyncClient,
) -> None:
    jake = await register(client, "jake")
    articles = [
        record(1),
        record(2, title=" "),
        {"title": "no id"},
        record(4, metadata={"language": "?"}),
        record(5),
    ]

    response = await client.post(URL, json={"articles": articles}, headers=jake)

    body = response.json()
    assert (body["created"], body["skipped"]) == (2, 0)
    assert [r["position"] for r in body["rejected"]] == [2, 3, 4]
    assert "title can't be blank" in body["rejected"][0]["reason"]
    assert "id" in body["rejected"][1]["reason"]
    assert await article_count(client) == 2


async def test_bulk_import_needs_a_token(client: AsyncClient) -> None:
    response = await client.post(URL, json={"articles": [record(1)]})

    assert response.status_code == 401


@pytest.mark.parametrize(
    "payload",
    [
        pytest.param({"articles": []}, id="empty"),
        pytest.param({"articles": [{"id": "x", "title": "T", "body": "B"}] * 1001}, id="too-many"),
        pytest.param({"articles": "nope"}, id="not-a-list"),
    ],
)
async def test_a_request_without_a_usable_list_is_a_422(
    client: AsyncClient, payload: dict[str, Any]
) -> None:
    jake = await register(client, "jake")

    response = await client.post(URL, json=payload, headers=jake)

    assert response.status_code == 422
    assert "articles" in fields_of(response)
