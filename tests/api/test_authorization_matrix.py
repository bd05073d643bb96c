"""Every write and every private read, by four callers: anonymous, another user, an admin (who
is not the owner) and the owner, against the owner's published article, draft, deleted article,
comment, account, settings and notifications. Each cell is the status the caller must get;
a refused write changes nothing, and no answer to a caller who may not see them carries the
owner's draft, deleted article, email, settings or notifications. On SQLite and PostgreSQL.

``MATRIX`` lists the cells; its size is reported in docs/reliability.md.
"""

from dataclasses import dataclass
from typing import Any

import pytest
from httpx import AsyncClient, Response

from infrastructure.container import Container
from tests.factories import publish, register

ROLES = ("anonymous", "other", "admin", "owner")
# Written by the owner only; none may reach anyone else (the admin's audit log aside).
SECRETS = ("Secret plans", "Binned words", "owner@example.com", "pt-BR", "owner-only-note")
COMMENT = {"comment": {"body": "Boo"}}
EDIT = {"article": {"title": "Taken over"}}
NEW_ARTICLE = {"article": {"title": "Mine", "description": "d", "body": "b"}}
BULK = {"articles": [{"id": "b1", "title": "Bulk", "body": "b"}]}


@dataclass(frozen=True)
class Cell:
    method: str
    url: str
    statuses: tuple[int, int, int, int]  # anonymous, other, admin, owner
    body: Any = None


# {published}, {draft}, {deleted}, {comment}: the owner's.
MATRIX = [
    # Writes on the owner's things.
    Cell("PUT", "/api/articles/{published}", (401, 403, 403, 200), EDIT),
    Cell("DELETE", "/api/articles/{published}", (401, 403, 403, 204)),
    Cell("POST", "/api/articles/{published}/publish", (401, 403, 403, 200)),
    Cell("DELETE", "/api/articles/{published}/comments/{comment}", (401, 403, 403, 204)),
    Cell("PUT", "/api/articles/{draft}", (401, 404, 404, 200), EDIT),
    Cell("DELETE", "/api/articles/{draft}", (401, 404, 404, 204)),
    Cell("POST", "/api/articles/{draft}/publish", (401, 404, 404, 200)),
    Cell("POST", "/api/articles/{draft}/comments", (401, 404, 404, 200), COMMENT),
    Cell("POST", "/api/articles/{draft}/favorite", (401, 404, 404, 200)),
    Cell("DELETE", "/api/articles/{draft}/favorite", (401, 404, 404, 200)),
    Cell("PUT", "/api/articles/{deleted}", (401, 404, 404, 404), EDIT),
    Cell("DELETE", "/api/articles/{deleted}", (401, 404, 404, 404)),
    Cell("POST", "/api/articles/{deleted}/restore", (401, 404, 404, 200)),
    Cell("POST", "/api/articles/{deleted}/publish", (401, 404, 404, 404)),
    Cell("POST", "/api/articles/{deleted}/comments", (401, 404, 404, 404), COMMENT),
    Cell("POST", "/api/articles/{deleted}/favorite", (401, 404, 404, 404)),
    Cell("DELETE", "/api/articles/{deleted}/favorite", (401, 404, 404, 404)),
    Cell("POST", "/api/profiles/owner/follow", (401, 200, 200, 422)),
    Cell("DELETE", "/api/profiles/owner/follow", (401, 200, 200, 200)),
    # Writes on the caller's own things: a token is all it takes, and it is never the owner's.
    Cell("PUT", "/api/user", (401, 200, 200, 200), {"user": {"bio": "Mine now"}}),
    Cell(
        "PUT", "/api/user/settings", (401, 200, 200, 200), {"settings": {"defaultLanguage": "de"}}
    ),
    Cell("POST", "/api/articles", (401, 201, 201, 201), NEW_ARTICLE),
    Cell("POST", "/api/articles/bulk", (401, 200, 200, 200), BULK),
    Cell("POST", "/api/articles/{published}/comments", (401, 200, 200, 200), COMMENT),
    Cell("POST", "/api/articles/{published}/favorite", (401, 200, 200, 200)),
    # Private reads.
    Cell("GET", "/api/articles/{draft}", (404, 404, 404, 200)),
    Cell("GET", "/api/articles/{draft}/comments", (404, 404, 404, 200)),
    Cell("GET", "/api/articles/{deleted}", (404, 404, 404, 404)),
    Cell("GET", "/api/articles/{deleted}/comments", (404, 404, 404, 404)),
    Cell("GET", "/api/articles/drafts", (401, 200, 200, 200)),
    Cell("GET", "/api/articles/deleted", (401, 200, 200, 200)),
    Cell("GET", "/api/user", (401, 200, 200, 200)),
    Cell("GET", "/api/user/settings", (401, 200, 200, 200)),
    Cell("GET", "/api/notifications", (401, 200, 200, 200)),
    Cell("GET", "/api/articles/feed", (401, 200, 200, 200)),
    Cell("GET", "/api/admin/audit", (401, 403, 200, 403)),
    # Public reads that must not list what is private.
    Cell("GET", "/api/articles", (200, 200, 200, 200)),
    Cell("GET", "/api/articles?author=owner", (200, 200, 200, 200)),
    Cell("GET", "/api/articles/search?q=secret%20binned%20plans%20words", (200, 200, 200, 200)),
    Cell("GET", "/api/tags", (200, 200, 200, 200)),
    Cell("GET", "/api/profiles/owner", (200, 200, 200, 200)),
    Cell("GET", "/api/profiles/owner/stats", (200, 200, 200, 200)),
    Cell("GET", "/api/articles/{published}/comments", (200, 200, 200, 200)),
]


@pytest.fixture(params=["sqlite", "postgres"])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@dataclass
class World:
    callers: dict[str, dict[str, str]]
    names: dict[str, str]


@pytest.fixture
async def world(client: AsyncClient, container: Container) -> World:
    owner = await register(client, "owner")
    other = await register(client, "other")
    admin = await register(client, "admin")
    await container.make_admin().execute("admin")
    published = await publish(client, owner, "Public words", tagList=["open"])
    draft = await publish(
        client, owner, "Secret plans", status="draft", tagList=["owner-only-note"]
    )
    deleted = await publish(client, owner, "Binned words", tagList=["owner-only-note"])
    await client.post(f"/api/articles/{deleted['slug']}/comments", json=COMMENT, headers=owner)
    await client.delete(f"/api/articles/{deleted['slug']}", headers=owner)
    comment = await client.post(
        f"/api/articles/{published['slug']}/comments", json=COMMENT, headers=owner
    )
    await client.put(
        "/api/user/settings", json={"settings": {"defaultLanguage": "pt-BR"}}, headers=owner
    )
    await client.post(f"/api/articles/{published['slug']}/favorite", headers=other)
    await container.relay_outbox().execute()
    return World(
        callers={"anonymous": {}, "other": other, "admin": admin, "owner": owner},
        names={
            "published": published["slug"],
            "draft": draft["slug"],
            "deleted": deleted["slug"],
            "comment": str(comment.json()["comment"]["id"]),
        },
    )


async def snapshot(client: AsyncClient, world: World) -> list[Any]:
    """What the owner sees of everything a refused write could have touched."""
    owner = world.callers["owner"]
    urls = [
        f"/api/articles/{world.names['published']}",
        f"/api/articles/{world.names['draft']}",
        f"/api/articles/{world.names['published']}/comments",
        f"/api/articles/{world.names['draft']}/comments",
        "/api/articles/deleted",
        "/api/user",
        "/api/user/settings",
        "/api/profiles/owner",
    ]
    seen = [(await client.get(url, headers=owner)).json() for url in urls]
    seen[5]["user"].pop("token")  # issued anew on every read
    return seen


@pytest.mark.parametrize("cell", MATRIX, ids=[f"{c.method} {c.url}" for c in MATRIX])
async def test_each_caller_gets_exactly_what_it_may(
    client: AsyncClient, world: World, cell: Cell
) -> None:
    url = cell.url.format(**world.names)
    untouched = await snapshot(client, world)
    answers: dict[str, Response] = {}

    refused_to_all_but_the_owner = all(status >= 400 for status in cell.statuses[:3])

    # The owner last: the refused writes before it must have changed nothing.
    for role in ROLES:
        if role == "owner" and refused_to_all_but_the_owner:
            assert await snapshot(client, world) == untouched, "a refused write changed something"
        answers[role] = await client.request(
            cell.method, url, json=cell.body, headers=world.callers[role]
        )

    statuses = tuple(answers[role].status_code for role in ROLES)
    assert statuses == cell.statuses, {role: answers[role].text[:200] for role in ROLES}
    for role in ("anonymous", "other", "admin"):
        if role == "admin" and url == "/api/admin/audit":
            continue  # the log of every write is the admin's to read
        leaked = [secret for secret in SECRETS if secret in answers[role].text]
        assert not leaked, (role, leaked, answers[role].text[:300])
