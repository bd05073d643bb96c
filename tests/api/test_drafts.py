"""Drafts over HTTP: ``"status": "draft"`` on create or update, ``GET /api/articles/drafts``,
``POST /api/articles/{slug}/publish``; to anyone but the author a draft is a 404."""

from httpx import AsyncClient

from tests.api.conftest import article_count, fields_of, titles
from tests.factories import publish, register


async def test_an_article_created_without_a_status_is_published(client: AsyncClient) -> None:
    jake = await register(client, "jake")

    article = await publish(client, jake)

    assert article["status"] == "published"
    assert await article_count(client) == 1


async def test_a_draft_is_a_404_to_everyone_but_its_author(client: AsyncClient) -> None:
    jake, fan = await register(client, "jake"), await register(client, "fan")
    await client.post("/api/profiles/jake/follow", headers=fan)
    draft = await publish(client, jake, "Secret plans", tagList=["secret"], status="draft")
    slug = draft["slug"]

    assert draft["status"] == "draft"
    assert (await client.get(f"/api/articles/{slug}", headers=jake)).status_code == 200
    for headers in (fan, None):
        for path in (f"/api/articles/{slug}", f"/api/articles/{slug}/comments"):
            response = await client.get(path, headers=headers)
            assert (response.status_code, fields_of(response)["slug"]) == (
                404,
                ["article not found"],
            )
    comment = {"comment": {"body": "Ooh"}}
    writes = [
        await client.post(f"/api/articles/{slug}/favorite", headers=fan),
        await client.post(f"/api/articles/{slug}/comments", json=comment, headers=fan),
        await client.put(f"/api/articles/{slug}", json={"article": {"body": "x"}}, headers=fan),
        await client.delete(f"/api/articles/{slug}", headers=fan),
        await client.post(f"/api/articles/{slug}/publish", headers=fan),
    ]
    assert [w.status_code for w in writes] == [404] * 5
    assert await titles(client, "/api/articles", jake) == []
    assert await titles(client, "/api/articles/feed", fan) == []
    assert (await client.get("/api/tags")).json()["tags"] == []
    assert await titles(client, "/api/articles/drafts", jake) == ["Secret plans"]
    assert await titles(client, "/api/articles/drafts", fan) == []


async def test_publishing_a_draft_puts_it_in_the_lists(client: AsyncClient) -> None:
    jake = await register(client, "jake")
    slug = (await publish(client, jake, "Soon", status="draft"))["slug"]

    published = await client.post(f"/api/articles/{slug}/publish", headers=jake)
    again = await client.post(f"/api/articles/{slug}/publish", headers=jake)

    assert (published.status_code, again.status_code) == (200, 200)
    assert published.headers["ETag"] == again.headers["ETag"] == '"2"'
    assert published.json()["article"]["status"] == "published"
    assert await titles(client, "/api/articles") == ["Soon"]
    assert await titles(client, "/api/articles/drafts", jake) == []


async def test_an_update_moves_an_article_between_draft_and_published(
    client: AsyncClient,
) -> None:
    jake = await register(client, "jake")
    slug = (await publish(client, jake))["slug"]

    hidden = await client.put(
        f"/api/articles/{slug}", json={"article": {"status": "draft"}}, headers=jake
    )
    assert hidden.json()["article"]["status"] == "draft"
    assert await article_count(client) == 0

    shown = await client.put(
        f"/api/articles/{slug}", json={"article": {"status": "published"}}, headers=jake
    )
    assert shown.json()["article"]["status"] == "published"
    assert await article_count(client) == 1


async def test_an_unknown_status_is_a_422_on_the_status_field(client: AsyncClient) -> None:
    jake = await register(client, "jake")
    article = {"title": "T", "description": "D", "body": "B", "status": "secret"}

    response = await client.post("/api/articles", json={"article": article}, headers=jake)

    assert response.status_code == 422
    assert "status" in fields_of(response)
    assert await article_count(client) == 0


async def test_the_drafts_shelf_needs_a_token(client: AsyncClient) -> None:
    assert (await client.get("/api/articles/drafts")).status_code == 401
    assert (await client.post("/api/articles/any/publish")).status_code == 401
