"""One session that calls every operation of the OpenAPI document, on SQLite and PostgreSQL.

The other modules each run on memory and one SQL database; this one makes sure no endpoint
goes untried on either, and fails when a route is added without being called here.
"""

from typing import Any

import pytest
from httpx import AsyncClient

from infrastructure.container import Container
from tests.factories import PASSWORD


@pytest.fixture(params=["sqlite", "postgres", "mariadb"])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


class Session:
    """Calls operations by their OpenAPI path template and remembers which were called."""

    def __init__(self, client: AsyncClient) -> None:
        self.client = client
        self.called: set[tuple[str, str]] = set()

    async def call(
        self,
        method: str,
        template: str,
        status: int,
        *,
        auth: dict[str, str] | None = None,
        json: Any = None,
        params: dict[str, Any] | None = None,
        prefix: str = "/api",
        **path: object,
    ) -> Any:
        response = await self.client.request(
            method, prefix + template.format(**path), json=json, params=params, headers=auth
        )
        assert response.status_code == status, (method, template, response.text)
        self.called.add((method.lower(), prefix + template))
        if response.headers.get("content-type") == "application/json":
            return response.json()
        return response.text or None

    async def register(self, name: str, *, scheme: str) -> dict[str, str]:
        """Register ``name``; returns the Authorization header for it, in ``scheme``."""
        registered = await self.call("POST", "/users", 201, json=user(name))
        return {"Authorization": f"{scheme} {registered['user']['token']}"}


def user(name: str) -> dict[str, dict[str, str]]:
    return {"user": {"username": name, "email": f"{name}@example.com", "password": PASSWORD}}


async def test_every_operation_answers_as_specified(
    client: AsyncClient, container: Container
) -> None:
    api = Session(client)
    jake = await api.register("jake", scheme="Token")
    anne = await api.register("anne", scheme="Bearer")
    await api.call("POST", "/users", 409, json=user("jake"))
    login = {"user": {"email": "jake@example.com", "password": PASSWORD}}
    logged_in = await api.call("POST", "/users/login", 200, json=login)
    me = await api.call("GET", "/user", 200, auth=jake)
    updated = await api.call("PUT", "/user", 200, auth=jake, json={"user": {"bio": "Rider"}})
    await api.call("PUT", "/user", 409, auth=anne, json={"user": {"username": "jake"}})
    assert logged_in["user"]["username"] == me["user"]["username"] == "jake"
    assert updated["user"]["bio"] == "Rider"
    settings = await api.call("GET", "/user/settings", 200, auth=jake)
    changed = {"settings": {"notifications": {"favorite": False}}}
    saved = await api.call("PUT", "/user/settings", 200, auth=jake, json=changed)
    assert settings["settings"]["notifications"]["favorite"] is True
    assert saved["settings"]["notifications"]["favorite"] is False

    profile = await api.call("GET", "/profiles/{username}", 200, username="jake")
    followed = await api.call(
        "POST", "/profiles/{username}/follow", 200, auth=anne, username="jake"
    )
    assert profile["profile"] == {
        "username": "jake",
        "bio": "Rider",
        "image": "",
        "following": False,
    }
    assert followed["profile"]["following"] is True
    stats = await api.call("GET", "/profiles/{username}/stats", 200, username="jake")
    assert stats["stats"]["followersCount"] == 1

    new = {
        "article": {"title": "Dragons", "description": "How", "body": "Care", "tagList": ["b", "a"]}
    }
    article = (await api.call("POST", "/articles", 201, auth=jake, json=new))["article"]
    slug = article["slug"]
    await api.call("POST", "/articles", 201, auth=jake, json=new)
    fetched = await api.call("GET", "/articles/{slug}", 200, slug=slug)
    listed = await api.call("GET", "/articles", 200)
    feed = await api.call("GET", "/articles/feed", 200, auth=anne)
    assert (slug, article["tagList"], fetched["article"]) == ("dragons", ["a", "b"], article)
    assert slug in [a["slug"] for a in listed["articles"]]
    assert listed["articlesCount"] == feed["articlesCount"] == 2
    found = await api.call("GET", "/articles/search", 200, params={"q": "dragons"})
    await api.call("GET", "/articles/search", 422, params={"q": " "})
    assert found["articlesCount"] == 2
    assert "<mark>Dragons</mark>" in found["articles"][0]["snippet"]
    bulk = {"articles": [{"id": "b1", "title": "Bulk one", "body": "One"}, {"title": "No id"}]}
    imported = await api.call("POST", "/articles/bulk", 200, auth=anne, json=bulk)
    assert (imported["created"], len(imported["rejected"])) == (1, 1)
    await api.call("DELETE", "/articles/{slug}", 204, auth=anne, slug="bulk-one")
    edit = {"article": {"body": "Great care"}}
    await api.call("PUT", "/articles/{slug}", 403, auth=anne, json=edit, slug=slug)
    edited = await api.call("PUT", "/articles/{slug}", 200, auth=jake, json=edit, slug=slug)
    assert (edited["article"]["slug"], edited["article"]["body"]) == (slug, "Great care")

    favorited = await api.call("POST", "/articles/{slug}/favorite", 200, auth=anne, slug=slug)
    unfavorited = await api.call("DELETE", "/articles/{slug}/favorite", 200, auth=anne, slug=slug)
    assert favorited["article"]["favoritesCount"] == 1
    assert unfavorited["article"]["favoritesCount"] == 0

    comments = "/articles/{slug}/comments"
    added = await api.call(
        "POST", comments, 200, auth=anne, json={"comment": {"body": "Hi"}}, slug=slug
    )
    listed_comments = await api.call("GET", comments, 200, slug=slug)
    assert listed_comments["comments"] == [added["comment"]]
    await container.relay_outbox().execute()
    notified = await api.call("GET", "/notifications", 200, auth=jake)
    assert [n["type"] for n in notified["notifications"]] == ["comment_added", "article_favorited"]
    comment_id = added["comment"]["id"]
    await api.call("DELETE", comments + "/{id}", 403, auth=jake, slug=slug, id=comment_id)
    await api.call("DELETE", comments + "/{id}", 204, auth=anne, slug=slug, id=comment_id)

    assert (await api.call("GET", "/tags", 200))["tags"] == ["a", "b"]
    await api.call("DELETE", "/articles/{slug}", 403, auth=anne, slug=slug)
    await api.call("DELETE", "/articles/{slug}", 204, auth=jake, slug=slug)
    await api.call("GET", "/articles/{slug}", 404, slug=slug)
    deleted = await api.call("GET", "/articles/deleted", 200, auth=jake)
    assert [a["slug"] for a in deleted["articles"]] == [slug]
    await api.call("POST", "/articles/{slug}/restore", 404, auth=anne, slug=slug)
    restored = await api.call("POST", "/articles/{slug}/restore", 200, auth=jake, slug=slug)
    assert restored["article"]["slug"] == slug
    new_draft = {"article": new["article"] | {"title": "Plans", "status": "draft"}}
    planned = (await api.call("POST", "/articles", 201, auth=jake, json=new_draft))["article"]
    drafts = await api.call("GET", "/articles/drafts", 200, auth=jake)
    assert [a["slug"] for a in drafts["articles"]] == [planned["slug"]]
    await api.call("POST", "/articles/{slug}/publish", 404, auth=anne, slug=planned["slug"])
    published = await api.call(
        "POST", "/articles/{slug}/publish", 200, auth=jake, slug=planned["slug"]
    )
    assert published["article"]["status"] == "published"
    unfollowed = await api.call(
        "DELETE", "/profiles/{username}/follow", 200, auth=anne, username="jake"
    )
    assert unfollowed["profile"]["following"] is False

    await api.call("GET", "/admin/audit", 403, auth=jake)
    await container.make_admin().execute("jake")
    audit = await api.call("GET", "/admin/audit", 200, auth=jake)
    newest = [(e["entity"], e["action"]) for e in audit["auditEntries"][:3]]
    assert newest == [("user", "update"), ("follow", "delete"), ("article", "publish")]
    assert (await api.call("GET", "/healthz", 200, prefix=""))["status"] == "alive"
    assert (await api.call("GET", "/readyz", 200, prefix=""))["status"] == "ready"
    assert "conduit_http_requests_total" in await api.call("GET", "/metrics", 200, prefix="")

    document = (await client.get("/openapi.json")).json()
    operations = {(method, route) for route, ops in document["paths"].items() for method in ops}
    assert api.called == operations
