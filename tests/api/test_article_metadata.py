"""Metadata and reading time over HTTP: written with the article, shown in single and list
responses, filtered by ``?language=``, replaced on edit; invalid metadata is a 422."""

from typing import Any

import pytest
from httpx import AsyncClient

from tests.api.conftest import fields_of, titles
from tests.factories import publish, register

METADATA = {"language": "en", "series": "Dragon care", "canonical_url": "https://example.com/d"}


@pytest.fixture(params=["memory", "sqlite", "postgres", "mariadb"])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


async def test_metadata_and_reading_time_appear_in_article_responses(client: AsyncClient) -> None:
    jake = await register(client, "jake")

    created = await publish(client, jake, "Dragons", body="word " * 450, metadata=METADATA)
    fetched = (await client.get("/api/articles/dragons")).json()["article"]
    listed = (await client.get("/api/articles")).json()["articles"][0]

    assert created["metadata"] == fetched["metadata"] == listed["metadata"] == METADATA
    assert created["readingTimeMinutes"] == listed["readingTimeMinutes"] == 3
    assert "wordCount" not in listed


async def test_an_article_without_metadata_shows_an_empty_object(client: AsyncClient) -> None:
    jake = await register(client, "jake")

    created = await publish(client, jake, "Plain")

    assert created["metadata"] == {}
    assert created["readingTimeMinutes"] == 1


async def test_the_list_filters_by_metadata_language(client: AsyncClient) -> None:
    jake = await register(client, "jake")
    await publish(client, jake, "English", metadata={"language": "en"})
    await publish(client, jake, "French", metadata={"language": "fr"})
    await publish(client, jake, "Plain")

    assert await titles(client, "/api/articles?language=en") == ["English"]
    response = await client.get("/api/articles", params={"language": "fr"})
    assert response.json()["articlesCount"] == 1


async def test_an_edit_replaces_the_metadata_and_the_reading_time_follows_the_body(
    client: AsyncClient,
) -> None:
    jake = await register(client, "jake")
    await publish(client, jake, "Dragons", metadata=METADATA)

    edit = {"article": {"metadata": {"language": "de"}, "body": "word " * 201}}
    response = await client.put("/api/articles/dragons", json=edit, headers=jake)

    assert response.status_code == 200, response.text
    assert response.json()["article"]["metadata"] == {"language": "de"}
    assert response.json()["article"]["readingTimeMinutes"] == 2


@pytest.mark.parametrize(
    "metadata",
    [
        pytest.param({"language": "not a tag"}, id="bad-language"),
        pytest.param({"canonical_url": "javascript:alert(1)"}, id="bad-url"),
        pytest.param({"a": {"b": {"c": {"d": 1}}}}, id="too-deep"),
        pytest.param({"blob": "x" * 5000}, id="too-large"),
        pytest.param(["not", "an", "object"], id="not-an-object"),
    ],
)
async def test_invalid_metadata_is_a_422_on_the_metadata_field_and_stores_nothing(
    client: AsyncClient, metadata: Any
) -> None:
    jake = await register(client, "jake")
    article = {"title": "T", "description": "D", "body": "B", "metadata": metadata}

    response = await client.post("/api/articles", json={"article": article}, headers=jake)

    assert response.status_code == 422, response.text
    assert "metadata" in fields_of(response)
    assert (await client.get("/api/articles")).json()["articlesCount"] == 0


async def test_a_language_filter_that_is_no_language_tag_is_a_422(client: AsyncClient) -> None:
    response = await client.get("/api/articles", params={"language": "en'; --"})

    assert response.status_code == 422
    assert "language" in fields_of(response)
