"""Input too large to take: over-long fields and bodies are refused before any SQL statement
runs (422 naming the field, 413 for the body); page sizes and offsets are capped; article
metadata is bounded in keys, depth and size, and a body nested past the JSON parser's limits
is a 422, not a 5xx. On SQLite and PostgreSQL."""

from typing import Any

import pytest
from httpx import AsyncClient

from domain.articles.metadata import MAX_BYTES, MAX_DEPTH, MAX_KEYS
from domain.articles.values import (
    BODY_MAX_LENGTH,
    COMMENT_MAX_LENGTH,
    DESCRIPTION_MAX_LENGTH,
    TAG_MAX_LENGTH,
    TAGS_PER_ARTICLE_MAX,
    TITLE_MAX_LENGTH,
)
from domain.shared.language import LANGUAGE_TAG_MAX_LENGTH
from domain.users.values import (
    BIO_MAX_LENGTH,
    EMAIL_MAX_LENGTH,
    IMAGE_MAX_LENGTH,
    PASSWORD_MAX_LENGTH,
    USERNAME_MAX_LENGTH,
)
from infrastructure.container import Container
from tests.api.conftest import article_count, errors_of, fields_of
from tests.api.test_middleware import SECURITY_HEADERS
from tests.conftest import counting_statements
from tests.factories import PASSWORD, publish, register

SLUG = "how-to-train-your-dragon"
ARTICLE = {"title": "t", "description": "d", "body": "b"}
USER = {"username": "anne", "email": "anne@example.com", "password": PASSWORD}
# (method, url, wrapper, the other fields, field at fault, its limit)
OVER_LONG = [
    ("POST", "/api/users", "user", USER, "username", USERNAME_MAX_LENGTH),
    ("POST", "/api/users", "user", USER, "email", EMAIL_MAX_LENGTH),
    ("POST", "/api/users", "user", USER, "password", PASSWORD_MAX_LENGTH),
    ("POST", "/api/users/login", "user", USER, "email", EMAIL_MAX_LENGTH),
    ("POST", "/api/users/login", "user", USER, "password", PASSWORD_MAX_LENGTH),
    ("PUT", "/api/user", "user", {}, "bio", BIO_MAX_LENGTH),
    ("PUT", "/api/user", "user", {}, "image", IMAGE_MAX_LENGTH),
    ("PUT", "/api/user", "user", {}, "username", USERNAME_MAX_LENGTH),
    ("PUT", "/api/user/settings", "settings", {}, "defaultLanguage", LANGUAGE_TAG_MAX_LENGTH),
    ("POST", "/api/articles", "article", ARTICLE, "title", TITLE_MAX_LENGTH),
    ("POST", "/api/articles", "article", ARTICLE, "description", DESCRIPTION_MAX_LENGTH),
    ("POST", "/api/articles", "article", ARTICLE, "body", BODY_MAX_LENGTH),
    ("PUT", f"/api/articles/{SLUG}", "article", {}, "title", TITLE_MAX_LENGTH),
    ("PUT", f"/api/articles/{SLUG}", "article", {}, "body", BODY_MAX_LENGTH),
    ("POST", f"/api/articles/{SLUG}/comments", "comment", {}, "body", COMMENT_MAX_LENGTH),
]
WRITES = [
    ("POST", "/api/users"),
    ("POST", "/api/users/login"),
    ("PUT", "/api/user"),
    ("PUT", "/api/user/settings"),
    ("POST", "/api/articles"),
    ("POST", "/api/articles/bulk"),
    ("PUT", f"/api/articles/{SLUG}"),
    ("POST", f"/api/articles/{SLUG}/comments"),
]
PAGED = [
    "/api/articles",
    "/api/articles/feed",
    "/api/articles/drafts",
    "/api/articles/deleted",
    "/api/articles/search?q=dragon",
    f"/api/articles/{SLUG}/comments",
    "/api/notifications",
    "/api/admin/audit",
]


@pytest.fixture(params=["sqlite", "postgres", "mariadb"])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
async def auth(client: AsyncClient, container: Container) -> dict[str, str]:
    """An admin with an article, so every URL above names something that exists."""
    headers = await register(client, "jake")
    await publish(client, headers)
    await container.make_admin().execute("jake")
    await client.get("/api/user", headers=headers)  # the token's version is cached from here
    return headers


@pytest.mark.parametrize(
    ("method", "url", "wrapper", "others", "field", "limit"),
    OVER_LONG,
    ids=[f"{method} {url} {field}" for method, url, _, _, field, _ in OVER_LONG],
)
async def test_a_field_one_past_its_limit_is_a_422_before_any_sql(
    client: AsyncClient,
    container: Container,
    auth: dict[str, str],
    method: str,
    url: str,
    wrapper: str,
    others: dict[str, str],
    field: str,
    limit: int,
) -> None:
    body = {wrapper: others | {field: "x" * (limit + 1)}}

    async with counting_statements(container) as sql:
        response = await client.request(method, url, json=body, headers=auth)

    assert response.status_code == 422, response.text
    assert field in fields_of(response)
    assert sql.statements == []


async def test_too_many_or_too_long_tags_are_a_422_before_any_sql(
    client: AsyncClient, container: Container, auth: dict[str, str]
) -> None:
    many = ARTICLE | {"tagList": [f"t{n}" for n in range(TAGS_PER_ARTICLE_MAX + 1)]}
    long = ARTICLE | {"tagList": ["x" * (TAG_MAX_LENGTH + 1)]}

    async with counting_statements(container) as sql:
        answers = [
            await client.post("/api/articles", json={"article": body}, headers=auth)
            for body in (many, long)
        ]

    assert [r.status_code for r in answers] == [422, 422]
    assert all("tagList" in fields_of(r) for r in answers)
    assert sql.statements == []


@pytest.mark.parametrize(("method", "url"), WRITES)
async def test_a_body_over_the_limit_is_a_413_before_any_sql(
    client: AsyncClient, container: Container, auth: dict[str, str], method: str, url: str
) -> None:
    limit = container.settings().max_body_bytes
    padded = {"padding": "x" * limit}

    async with counting_statements(container) as sql:
        response = await client.request(method, url, json=padded, headers=auth)

    assert response.status_code == 413
    assert errors_of(response) == {"body": [f"request body is larger than {limit} bytes"]}
    assert {name: response.headers.get(name) for name in SECURITY_HEADERS} == SECURITY_HEADERS
    assert sql.statements == []


@pytest.mark.parametrize("url", PAGED)
async def test_every_page_size_is_capped_at_100(
    client: AsyncClient, auth: dict[str, str], url: str
) -> None:
    join = "&" if "?" in url else "?"

    at_cap = await client.get(f"{url}{join}limit=100", headers=auth)
    refused = {
        limit: await client.get(f"{url}{join}limit={limit}", headers=auth)
        for limit in ("101", "0", "-1", "1e3", "ten", "9" * 30)
    }

    assert at_cap.status_code == 200, at_cap.text
    for limit, response in refused.items():
        assert response.status_code == 422, (limit, response.text)
        assert "limit" in fields_of(response)


@pytest.mark.parametrize(
    "url", ["/api/articles", "/api/articles/feed", "/api/articles/drafts", "/api/articles/deleted"]
)
async def test_offsets_past_a_million_are_refused(
    client: AsyncClient, auth: dict[str, str], url: str
) -> None:
    deepest = await client.get(f"{url}?offset=1000000", headers=auth)
    past = await client.get(f"{url}?offset=1000001", headers=auth)

    assert deepest.status_code == 200
    assert deepest.json()["articles"] == []
    assert past.status_code == 422
    assert "offset" in fields_of(past)


def nested(depth: int) -> Any:
    value: Any = "leaf"
    for _ in range(depth):
        value = {"inner": value}
    return value


@pytest.mark.parametrize(
    ("metadata", "message"),
    [
        ({f"key{n}": n for n in range(MAX_KEYS + 1)}, f"may hold at most {MAX_KEYS} keys"),
        ({"deep": nested(MAX_DEPTH)}, f"may nest at most {MAX_DEPTH} levels deep"),
        ({"big": "x" * MAX_BYTES}, f"is too large (maximum is {MAX_BYTES} bytes as JSON)"),
        ({"list": [[[["deep"]]]]}, f"may nest at most {MAX_DEPTH} levels deep"),
        ({"note": "a\x00b"}, "must not contain NUL characters"),
        ({"ok\x00": 1}, "must be a letter then letters, digits or underscores"),
    ],
    ids=["keys", "depth", "size", "list-depth", "nul-value", "nul-key"],
)
async def test_metadata_past_its_limits_is_a_422_and_stores_nothing(
    client: AsyncClient, auth: dict[str, str], metadata: dict[str, Any], message: str
) -> None:
    before = await article_count(client)
    article = ARTICLE | {"metadata": metadata}

    created = await client.post("/api/articles", json={"article": article}, headers=auth)
    updated = await client.put(
        f"/api/articles/{SLUG}", json={"article": {"metadata": metadata}}, headers=auth
    )

    for response in (created, updated):
        assert response.status_code == 422, response.text
        assert any(message in text for text in fields_of(response)["metadata"]), response.text
    assert await article_count(client) == before
    assert (await client.get(f"/api/articles/{SLUG}")).json()["article"]["metadata"] == {}


async def test_metadata_at_its_limits_is_stored_exactly(
    client: AsyncClient, auth: dict[str, str]
) -> None:
    metadata = {f"key{n}": n for n in range(MAX_KEYS - 1)} | {"deep": nested(MAX_DEPTH - 1)}

    created = await client.post(
        "/api/articles", json={"article": ARTICLE | {"metadata": metadata}}, headers=auth
    )

    assert created.status_code == 201, created.text
    assert created.json()["article"]["metadata"] == metadata


@pytest.mark.parametrize("depth", [1_000, 100_000])
@pytest.mark.parametrize(("method", "url"), WRITES)
async def test_json_nested_past_the_parser_s_limit_is_a_422(
    server_client: AsyncClient, auth: dict[str, str], method: str, url: str, depth: int
) -> None:
    body = b'{"article": {"metadata": ' + b'{"a": ' * depth + b"1" + b"}" * depth + b"}}"

    response = await server_client.request(
        method, url, content=body, headers=auth | {"Content-Type": "application/json"}
    )

    assert response.status_code == 422, response.text[:300]
    errors_of(response)


async def test_a_body_that_is_not_utf8_is_a_422(
    server_client: AsyncClient, auth: dict[str, str]
) -> None:
    response = await server_client.post(
        "/api/articles",
        content=b'{"article": {"title": "\xff\xfe"}}',
        headers=auth | {"Content-Type": "application/json"},
    )

    assert response.status_code == 422
    assert errors_of(response) == {"body": ["body is not valid JSON"]}
