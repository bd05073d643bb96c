"""``ETag`` and ``If-Match`` on articles (RFC 9110): the tag is the article's version; a stale
or weak ``If-Match`` is a 412 that changes nothing; ``*`` matches any version."""

import pytest
from httpx import AsyncClient

from tests.api.conftest import errors_of
from tests.factories import publish, register


async def test_reads_and_writes_answer_with_the_articles_version_as_etag(
    client: AsyncClient,
) -> None:
    jake, fan = await register(client, "jake"), await register(client, "fan")
    created = await client.post(
        "/api/articles",
        json={"article": {"title": "Dragons", "description": "D", "body": "B"}},
        headers=jake,
    )
    slug = created.json()["article"]["slug"]

    read = await client.get(f"/api/articles/{slug}")
    edited = await client.put(
        f"/api/articles/{slug}", json={"article": {"body": "C"}}, headers=jake
    )
    favorited = await client.post(f"/api/articles/{slug}/favorite", headers=fan)

    assert [r.headers["ETag"] for r in (created, read, edited, favorited)] == [
        '"1"',
        '"1"',
        '"2"',
        '"2"',
    ]


async def test_a_put_with_a_matching_if_match_applies(client: AsyncClient) -> None:
    jake = await register(client, "jake")
    slug = (await publish(client, jake))["slug"]

    for tag in ('"1"', '"7", "2"', "*"):
        response = await client.put(
            f"/api/articles/{slug}",
            json={"article": {"body": f"after {tag}"}},
            headers=jake | {"If-Match": tag},
        )
        assert response.status_code == 200, (tag, response.text)


@pytest.mark.parametrize("tag", ['"0"', 'W/"1"', "1", "nonsense", ""])
async def test_a_put_with_a_stale_weak_or_malformed_if_match_is_a_412_that_changes_nothing(
    client: AsyncClient, tag: str
) -> None:
    jake = await register(client, "jake")
    slug = (await publish(client, jake))["slug"]

    response = await client.put(
        f"/api/articles/{slug}",
        json={"article": {"title": "Lost"}},
        headers=jake | {"If-Match": tag},
    )

    assert response.status_code == 412
    assert errors_of(response)["body"] == [
        "the article has changed since it was read; read it again"
    ]
    after = await client.get(f"/api/articles/{slug}")
    assert (after.json()["article"]["title"], after.headers["ETag"]) == (
        "How to train your dragon",
        '"1"',
    )


async def test_a_delete_with_a_stale_if_match_is_a_412(client: AsyncClient) -> None:
    jake = await register(client, "jake")
    slug = (await publish(client, jake))["slug"]
    await client.put(f"/api/articles/{slug}", json={"article": {"body": "v2"}}, headers=jake)

    stale = await client.delete(f"/api/articles/{slug}", headers=jake | {"If-Match": '"1"'})
    fresh = await client.delete(f"/api/articles/{slug}", headers=jake | {"If-Match": '"2"'})

    assert (stale.status_code, fresh.status_code) == (412, 204)


async def test_if_match_never_hides_who_may_write(client: AsyncClient) -> None:
    jake, anne = await register(client, "jake"), await register(client, "anne")
    slug = (await publish(client, jake))["slug"]

    response = await client.put(
        f"/api/articles/{slug}",
        json={"article": {"body": "mine now"}},
        headers=anne | {"If-Match": '"9"'},
    )

    assert response.status_code == 403


async def test_the_openapi_document_describes_etag_and_if_match(client: AsyncClient) -> None:
    document = (await client.get("/openapi.json")).json()
    update = document["paths"]["/api/articles/{slug}"]["put"]

    assert "ETag" in update["responses"]["200"]["headers"]
    assert "412" in update["responses"]
    assert any(p["name"] == "If-Match" and p["in"] == "header" for p in update["parameters"])
