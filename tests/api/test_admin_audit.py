"""``GET /api/admin/audit``: administrators read the log of writes; anyone else is refused."""

import pytest
from httpx import AsyncClient

from infrastructure.container import Container
from tests.api.conftest import errors_of, fields_of
from tests.factories import publish, register


@pytest.fixture
async def admin(client: AsyncClient, container: Container) -> dict[str, str]:
    auth = await register(client, "root")
    await container.make_admin().execute("root")
    return auth


async def test_anonymous_is_a_401_and_a_non_admin_a_403(client: AsyncClient) -> None:
    jake = await register(client, "jake")

    anonymous = await client.get("/api/admin/audit")
    refused = await client.get("/api/admin/audit", headers=jake)

    assert anonymous.status_code == 401
    assert (refused.status_code, errors_of(refused)["body"]) == (
        403,
        ["only administrators may read the audit log"],
    )


async def test_an_admin_reads_who_did_what_newest_first(
    client: AsyncClient, admin: dict[str, str]
) -> None:
    jake = await register(client, "jake")
    slug = (await publish(client, jake, "Dragons"))["slug"]
    await client.put(f"/api/articles/{slug}", json={"article": {"title": "Wyverns"}}, headers=jake)

    response = await client.get("/api/admin/audit?entity=article&actor=jake", headers=admin)

    assert response.status_code == 200
    body = response.json()
    assert [(e["action"], e["actor"], e["entity"]) for e in body["auditEntries"]] == [
        ("update", "jake", "article"),
        ("create", "jake", "article"),
    ]
    update = body["auditEntries"][0]
    assert (update["before"]["title"], update["after"]["title"]) == ("Dragons", "Wyverns")
    assert update["occurredAt"].endswith("Z")
    assert len(update["id"]) == 36
    assert body["nextCursor"] is None


async def test_the_log_pages_by_cursor(client: AsyncClient, admin: dict[str, str]) -> None:
    jake = await register(client, "jake")
    for title in ("One", "Two", "Three"):
        await publish(client, jake, title)

    first = (await client.get("/api/admin/audit?entity=article&limit=2", headers=admin)).json()
    cursor = first["nextCursor"]
    rest = (
        await client.get(f"/api/admin/audit?entity=article&cursor={cursor}", headers=admin)
    ).json()

    titles = [e["after"]["title"] for e in first["auditEntries"] + rest["auditEntries"]]
    assert titles == ["Three", "Two", "One"]


@pytest.mark.parametrize(
    ("query", "field"),
    [("cursor=nonsense", "cursor"), ("entity=planet", "entity"), ("limit=0", "limit")],
)
async def test_bad_filters_are_a_422_on_their_field(
    client: AsyncClient, admin: dict[str, str], query: str, field: str
) -> None:
    response = await client.get(f"/api/admin/audit?{query}", headers=admin)

    assert response.status_code == 422
    assert field in fields_of(response)
