"""Hostile input in every string field, filter and identifier, on SQLite and PostgreSQL: SQL
metacharacters and Unicode edge cases (right-to-left override, zero-width characters, emoji,
combining marks, NUL, lone surrogates) never cause a 5xx; a value that is accepted is stored
and read back exactly, one that is not gets a 422 in the envelope."""

import json
from base64 import urlsafe_b64encode
from urllib.parse import quote

import pytest
from httpx import AsyncClient, Response

from tests.api.conftest import errors_of
from tests.factories import PASSWORD, publish, register

HOSTILE = {
    "sql-quote": "x' OR '1'='1",
    "sql-comment": 'x"; DROP TABLE users; --',
    "sql-like": r"100%_\ off",
    "rtl-override": "\u202eevil\u202c",
    "zero-width": "a\u200bb\u200dc\ufeff",
    "emoji": "dragon \U0001f409 \U0001f469\u200d\U0001f469\u200d\U0001f467",
    "combining": "e\u0301\u0327",
    "nul": "a\x00b",
    "lone-surrogate": "a\ud800b",
}
# Values a conforming JSON parser may reject or accept; what matters is a 422 or an exact copy.
UNSTORABLE = {"nul", "lone-surrogate"}


@pytest.fixture(params=["sqlite", "postgres", "mariadb"])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def encoded(body: object) -> bytes:
    """JSON with ASCII escapes: how a client sends a lone surrogate (``"\\ud800"``)."""
    return json.dumps(body).encode()


async def send(
    client: AsyncClient, method: str, url: str, body: object, auth: dict[str, str] | None = None
) -> Response:
    headers = {"Content-Type": "application/json"} | (auth or {})
    return await client.request(method, url, content=encoded(body), headers=headers)


def refused_or_stored(response: Response, name: str) -> bool:
    """True when the value was accepted; a refusal must be a 422 in the envelope."""
    assert response.status_code < 500, response.text
    if response.status_code in {200, 201}:
        return True
    assert response.status_code == 422, (name, response.status_code, response.text)
    errors_of(response)
    return False


@pytest.mark.parametrize("name", HOSTILE)
async def test_article_fields_keep_hostile_text_exactly_or_refuse_it(
    server_client: AsyncClient, name: str
) -> None:
    value = HOSTILE[name]
    auth = await register(server_client, "jake")
    article = {
        "title": f"T {value}",
        "description": f"D {value}",
        "body": f"B {value}",
        "tagList": [f"t{value}"],
        "metadata": {"series": f"S {value}", "note": value, "nested": {"list": [value]}},
    }
    fields = list(article)

    for field in fields:
        only = {"title": "Plain", "description": "d", "body": "b"} | {field: article[field]}
        created = await send(server_client, "POST", "/api/articles", {"article": only}, auth)
        if refused_or_stored(created, name):
            slug = created.json()["article"]["slug"]
            read = (await server_client.get(f"/api/articles/{slug}")).json()["article"]
            stored = {"tagList": read["tagList"]} if field == "tagList" else {field: read[field]}
            assert stored == {field: only[field]}, (name, field)
            edited = await send(
                server_client,
                "PUT",
                f"/api/articles/{slug}",
                {"article": {field: only[field]}},
                auth,
            )
            assert edited.status_code == 200, edited.text
        else:
            assert name in UNSTORABLE, (field, created.text)


@pytest.mark.parametrize("name", HOSTILE)
async def test_comments_profiles_and_settings_keep_hostile_text_exactly_or_refuse_it(
    server_client: AsyncClient, name: str
) -> None:
    value = HOSTILE[name]
    auth = await register(server_client, "jake")
    slug = (await publish(server_client, auth))["slug"]

    comment = await send(
        server_client, "POST", f"/api/articles/{slug}/comments", {"comment": {"body": value}}, auth
    )
    if refused_or_stored(comment, name):
        listed = (await server_client.get(f"/api/articles/{slug}/comments")).json()
        assert [c["body"] for c in listed["comments"]] == [value]
    bio = await send(server_client, "PUT", "/api/user", {"user": {"bio": value}}, auth)
    if refused_or_stored(bio, name):
        assert (await server_client.get("/api/profiles/jake")).json()["profile"]["bio"] == value
    language = {"settings": {"defaultLanguage": value}}
    refused_or_stored(await send(server_client, "PUT", "/api/user/settings", language, auth), name)
    # The password last: a change revokes the token.
    for change in (
        {"user": {"username": f"j{value}"}},
        {"user": {"email": value}},
        {"user": {"image": value}},
        {"user": {"password": f"{PASSWORD}{value}"}},
    ):
        refused_or_stored(await send(server_client, "PUT", "/api/user", change, auth), name)
    assert all(
        name not in UNSTORABLE or response.status_code == 422 for response in (comment, bio)
    ), (comment.text, bio.text)


@pytest.mark.parametrize("name", HOSTILE)
async def test_registration_login_and_bulk_import_refuse_or_keep_hostile_text(
    server_client: AsyncClient, name: str
) -> None:
    value = HOSTILE[name]
    for user in (
        {"username": value, "email": "a@example.com", "password": PASSWORD},
        {"username": "bob", "email": value, "password": PASSWORD},
        {"username": "carl", "email": f"carl{value}@example.com", "password": PASSWORD},
        {"username": "dora", "email": "dora@example.com", "password": f"{PASSWORD}{value}"},
    ):
        registered = await send(server_client, "POST", "/api/users", {"user": user})
        if refused_or_stored(registered, name):
            login = {"user": {"email": user["email"], "password": user["password"]}}
            logged_in = await send(server_client, "POST", "/api/users/login", login)
            assert logged_in.status_code == 200, (name, user, logged_in.text)
            assert logged_in.json()["user"]["username"] == user["username"]
    wrong = {"user": {"email": value, "password": value}}
    assert (await send(server_client, "POST", "/api/users/login", wrong)).status_code in {401, 422}

    auth = await register(server_client, "erin")
    record = {"id": value, "title": f"Bulk {value}", "body": value, "tagList": [value]}
    imported = await send(server_client, "POST", "/api/articles/bulk", {"articles": [record]}, auth)
    assert imported.status_code == 200, imported.text
    report = imported.json()
    assert report["created"] + len(report["rejected"]) == 1, report


FILTERS = [
    ("/api/articles", "tag"),
    ("/api/articles", "author"),
    ("/api/articles", "favorited"),
    ("/api/articles", "language"),
    ("/api/articles", "cursor"),
    ("/api/articles/feed", "cursor"),
    ("/api/articles/drafts", "cursor"),
    ("/api/articles/deleted", "cursor"),
    ("/api/articles/search", "q"),
    ("/api/articles/search", "cursor"),
    ("/api/articles/how-to-train-your-dragon/comments", "cursor"),
    ("/api/notifications", "cursor"),
    ("/api/admin/audit", "entity"),
    ("/api/admin/audit", "actor"),
    ("/api/admin/audit", "cursor"),
]
RAW_QUERY_VALUES = {
    **{name: value for name, value in HOSTILE.items() if name != "lone-surrogate"},
    # A lone surrogate cannot be percent-encoded as UTF-8: its CESU-8 bytes, and plain bad bytes.
    "lone-surrogate": "%ED%A0%80",
    "invalid-utf8": "%FF%FE",
    "huge-number": "4672317575265577123456789",
    "negative": "-1",
    # Cursors as this service encodes them, forged: an id past every id column, and dates at
    # the calendar's ends.
    "forged-cursor-id": urlsafe_b64encode(b"2026-01-01T00:00:00+00:00|99999999999999").decode(),
    "forged-cursor-date": urlsafe_b64encode(b"0001-01-01T00:00:00+01:00|1").decode(),
    "forged-cursor-late": urlsafe_b64encode(b"9999-12-31T23:59:59-14:00|1").decode(),
    "forged-rank-cursor": urlsafe_b64encode(b"rank|1e308|99999999999999").decode(),
}


@pytest.mark.parametrize("name", RAW_QUERY_VALUES)
async def test_every_filter_and_cursor_answers_hostile_values_without_a_5xx(
    server_client: AsyncClient, name: str
) -> None:
    auth = await register(server_client, "jake")
    await publish(server_client, auth)
    raw = RAW_QUERY_VALUES[name]
    value = raw if raw.startswith("%") else quote(raw, safe="")
    answers: dict[str, int] = {}

    for path, parameter in FILTERS:
        search = "&q=dragon" if path.endswith("search") and parameter != "q" else ""
        response = await server_client.get(f"{path}?{parameter}={value}{search}", headers=auth)
        answers[f"{path}?{parameter}"] = response.status_code
        assert response.status_code < 500, (path, parameter, response.text)
        if response.status_code != 200:
            errors_of(response)

    # The admin log is an admin's; the others are open to the caller.
    assert all(status in {200, 403, 422} for status in answers.values()), answers


@pytest.mark.parametrize(
    "path",
    [
        "/api/articles/{value}",
        "/api/articles/{value}/comments",
        "/api/articles/{value}/favorite",
        "/api/profiles/{value}",
        "/api/profiles/{value}/stats",
        "/api/profiles/{value}/follow",
        "/api/articles/how-to-train-your-dragon/comments/{value}",
    ],
)
@pytest.mark.parametrize(
    "value",
    ["%27%20OR%201%3D1--", "%E2%80%AE", "%F0%9F%90%89", "%00", "%ED%A0%80", "%FF", "9" * 25, "0"],
)
async def test_identifiers_in_the_path_find_nothing_instead_of_failing(
    server_client: AsyncClient, path: str, value: str
) -> None:
    auth = await register(server_client, "jake")
    await publish(server_client, auth)
    url = path.format(value=value)

    for method in ("GET", "POST", "DELETE"):
        response = await server_client.request(method, url, headers=auth)
        assert response.status_code in {404, 405, 422}, (method, url, response.text)
        errors_of(response)


@pytest.mark.parametrize(
    "value",
    [b"\xff\xfe", "\u00e9\u202e".encode(), b"' OR 1=1 --", b"k" * 300, b"", b"a\tb", b'"1"' * 200],
    ids=["latin-1", "utf-8", "sql", "long", "empty", "tab", "repeated"],
)
async def test_hostile_header_values_are_refused_or_ignored_without_a_5xx(
    server_client: AsyncClient, value: bytes
) -> None:
    auth = await register(server_client, "jake")
    slug = (await publish(server_client, auth))["slug"]
    article = {"article": {"title": "Headers", "description": "d", "body": "b"}}
    token = auth["Authorization"]

    answers = [
        await server_client.post(
            "/api/articles",
            json=article,
            headers=[("Authorization", token), ("Idempotency-Key", value)],
        ),
        await server_client.put(
            f"/api/articles/{slug}",
            json={"article": {"body": "z"}},
            headers=[("Authorization", token), ("If-Match", value)],
        ),
        await server_client.get("/api/user", headers=[("Authorization", b"Token " + value)]),
        await server_client.get("/api/tags", headers=[("X-Request-ID", value)]),
    ]

    for response in answers:
        assert response.status_code < 500, response.text
        if response.status_code >= 400:
            errors_of(response)
    assert [r.status_code for r in answers[1:]] == [412, 401, 200]
