"""Soft delete over HTTP: DELETE stays 204, the article is a 404 everywhere, its author sees it
in ``GET /api/articles/deleted`` and restores it within the retention window."""

from dependency_injector import providers
from httpx import AsyncClient

from infrastructure.container import Container
from tests.api.conftest import article_count, fields_of, titles
from tests.factories import PASSWORD, FixedClock, publish, register


async def test_a_deleted_article_is_gone_from_every_read_but_its_authors_bin(
    client: AsyncClient,
) -> None:
    jake, fan = await register(client, "jake"), await register(client, "fan")
    doomed = (await publish(client, jake, "Doomed", tagList=["doomed"]))["slug"]
    await publish(client, jake, "Kept")
    await client.post(f"/api/articles/{doomed}/favorite", headers=fan)
    await client.post("/api/profiles/jake/follow", headers=fan)

    deleted = await client.delete(f"/api/articles/{doomed}", headers=jake)

    assert (deleted.status_code, deleted.content) == (204, b"")
    for path in (f"/api/articles/{doomed}", f"/api/articles/{doomed}/comments"):
        assert (await client.get(path, headers=jake)).status_code == 404, path
    assert (await client.post(f"/api/articles/{doomed}/favorite", headers=fan)).status_code == 404
    assert await titles(client, "/api/articles/feed", fan) == ["Kept"]
    assert await titles(client, "/api/articles?favorited=fan") == []
    assert await article_count(client) == 1
    assert (await client.get("/api/tags")).json()["tags"] == []
    bin_ = (await client.get("/api/articles/deleted", headers=jake)).json()
    assert [a["slug"] for a in bin_["articles"]] == [doomed]
    assert bin_["articles"][0]["deletedAt"].endswith("Z")
    assert (bin_["articlesCount"], bin_["nextCursor"]) == (1, None)
    assert (await client.get("/api/articles/deleted", headers=fan)).json()["articles"] == []


async def test_the_bin_needs_a_token_and_pages_by_cursor(client: AsyncClient) -> None:
    jake = await register(client, "jake")
    for title in ("One", "Two", "Three"):
        slug = (await publish(client, jake, title))["slug"]
        await client.delete(f"/api/articles/{slug}", headers=jake)

    anonymous = await client.get("/api/articles/deleted")
    first = (await client.get("/api/articles/deleted?limit=2", headers=jake)).json()
    cursor = first["nextCursor"]
    rest = (await client.get(f"/api/articles/deleted?cursor={cursor}", headers=jake)).json()
    bad = await client.get("/api/articles/deleted?cursor=nonsense", headers=jake)

    assert anonymous.status_code == 401
    assert [a["title"] for a in first["articles"] + rest["articles"]] == ["Three", "Two", "One"]
    assert (bad.status_code, fields_of(bad)["cursor"]) == (422, ["is not one this service issued"])


async def test_a_restored_article_is_back_with_its_comments(client: AsyncClient) -> None:
    jake, fan = await register(client, "jake"), await register(client, "fan")
    slug = (await publish(client, jake))["slug"]
    comment = {"comment": {"body": "Welcome back"}}
    await client.post(f"/api/articles/{slug}/comments", json=comment, headers=fan)
    await client.delete(f"/api/articles/{slug}", headers=jake)

    restored = await client.post(f"/api/articles/{slug}/restore", headers=jake)

    assert restored.status_code == 200
    assert restored.json()["article"]["slug"] == slug
    assert (await client.get(f"/api/articles/{slug}")).status_code == 200
    comments = (await client.get(f"/api/articles/{slug}/comments")).json()["comments"]
    assert [c["body"] for c in comments] == ["Welcome back"]


async def test_restoring_someone_elses_or_a_live_article_is_a_404(client: AsyncClient) -> None:
    jake, anne = await register(client, "jake"), await register(client, "anne")
    deleted = (await publish(client, jake, "Deleted"))["slug"]
    live = (await publish(client, jake, "Live"))["slug"]
    await client.delete(f"/api/articles/{deleted}", headers=jake)

    by_anne = await client.post(f"/api/articles/{deleted}/restore", headers=anne)
    of_live = await client.post(f"/api/articles/{live}/restore", headers=jake)
    anonymous = await client.post(f"/api/articles/{deleted}/restore")

    assert (by_anne.status_code, fields_of(by_anne)["slug"]) == (404, ["article not found"])
    assert of_live.status_code == 404
    assert anonymous.status_code == 401


async def test_restoring_past_the_retention_window_is_a_422(
    client: AsyncClient, container: Container
) -> None:
    clock = FixedClock()
    container.clock.override(providers.Object(clock))
    jake = await register(client, "jake")
    slug = (await publish(client, jake))["slug"]
    await client.delete(f"/api/articles/{slug}", headers=jake)
    clock.advance(days=30, seconds=1)
    login = {"user": {"email": "jake@example.com", "password": PASSWORD}}
    token = (await client.post("/api/users/login", json=login)).json()["user"]["token"]

    late = await client.post(
        f"/api/articles/{slug}/restore", headers={"Authorization": f"Token {token}"}
    )

    assert late.status_code == 422
    assert fields_of(late)["slug"] == [
        "was deleted more than 30 days ago and can no longer be restored"
    ]
    assert (await client.get(f"/api/articles/{slug}")).status_code == 404


async def test_a_deleted_slug_stays_reserved(client: AsyncClient) -> None:
    jake = await register(client, "jake")
    first = (await publish(client, jake, "Dragons"))["slug"]
    await client.delete(f"/api/articles/{first}", headers=jake)

    second = (await publish(client, jake, "Dragons"))["slug"]

    assert first == "dragons"
    assert second.startswith("dragons-")


async def test_an_article_titled_like_a_fixed_path_gets_a_slug_of_its_own(
    client: AsyncClient,
) -> None:
    jake = await register(client, "jake")

    slugs = [(await publish(client, jake, title))["slug"] for title in ("Feed", "Deleted")]

    assert all(slug not in {"feed", "deleted"} for slug in slugs), slugs
    for slug in slugs:
        assert (await client.get(f"/api/articles/{slug}")).status_code == 200


async def test_a_deleted_comment_is_gone_from_the_list(client: AsyncClient) -> None:
    jake = await register(client, "jake")
    slug = (await publish(client, jake))["slug"]
    path = f"/api/articles/{slug}/comments"
    doomed = await client.post(path, json={"comment": {"body": "Doomed"}}, headers=jake)
    await client.post(path, json={"comment": {"body": "Kept"}}, headers=jake)

    gone = await client.delete(f"{path}/{doomed.json()['comment']['id']}", headers=jake)
    again = await client.delete(f"{path}/{doomed.json()['comment']['id']}", headers=jake)

    assert (gone.status_code, again.status_code) == (204, 404)
    assert [c["body"] for c in (await client.get(path)).json()["comments"]] == ["Kept"]
