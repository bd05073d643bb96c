"""What every response goes through: request ids, CORS, gzip, trusted hosts, the body limit,
security headers. Backend-independent, so on the in-memory adapter (the body limit also on
SQLite, where a refused write must change nothing)."""

import io
import json
import logging
import re
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest
from dependency_injector import providers
from httpx import ASGITransport, AsyncClient

from infrastructure.container import Container
from infrastructure.observability.logs import JsonFormatter
from interfaces.http.app import create_app
from tests.api.conftest import errors_of
from tests.factories import PASSWORD, publish, register, settings_for_tests

ORIGIN = "https://app.example"
SECURITY_HEADERS = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "content-security-policy": "frame-ancestors 'none'",
    "referrer-policy": "no-referrer",
}


@pytest.fixture
def backend() -> str:
    return "memory"


@pytest.fixture
async def configured() -> AsyncIterator[Any]:
    """Builds a client over an app with the given settings (in-memory backend)."""
    clients: list[AsyncClient] = []

    async def client_with(**settings: Any) -> AsyncClient:
        container = Container()
        container.settings.override(providers.Object(settings_for_tests(**settings)))
        transport = ASGITransport(app=create_app(container))
        http = AsyncClient(transport=transport, base_url="http://conduit.test")
        clients.append(http)
        return http

    yield client_with
    for http in clients:
        await http.aclose()


@pytest.fixture
def json_logs() -> Iterator[io.StringIO]:
    """Conduit's log lines as the JSON formatter writes them during the test."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    conduit = logging.getLogger("conduit")
    conduit.addHandler(handler)
    level = conduit.level
    conduit.setLevel(logging.INFO)
    yield stream
    conduit.removeHandler(handler)
    conduit.setLevel(level)


def lines(stream: io.StringIO) -> list[dict[str, Any]]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


async def test_a_request_id_from_the_caller_is_echoed_and_logged(
    client: AsyncClient, json_logs: io.StringIO
) -> None:
    response = await client.get("/api/tags", headers={"X-Request-ID": "lb-7f3a.42"})

    assert response.headers["X-Request-ID"] == "lb-7f3a.42"
    [access] = [line for line in lines(json_logs) if line["logger"] == "conduit.access"]
    assert access["request_id"] == "lb-7f3a.42"
    assert (access["method"], access["path"], access["route"], access["status"]) == (
        "GET",
        "/api/tags",
        "/api/tags",
        200,
    )
    assert access["duration_ms"] >= 0
    assert access["level"] == "info"


@pytest.mark.parametrize("given", [None, "", "two words", "x" * 129, "new\nline"])
async def test_a_missing_or_unusable_request_id_is_replaced_by_a_new_one(
    client: AsyncClient, given: str | None
) -> None:
    headers = {} if given is None else {"X-Request-ID": given}

    first = (await client.get("/api/tags", headers=headers)).headers["X-Request-ID"]
    second = (await client.get("/api/tags", headers=headers)).headers["X-Request-ID"]

    assert re.fullmatch("[0-9a-f]{32}", first)
    assert first != second


async def test_errors_and_unknown_routes_carry_a_request_id_too(client: AsyncClient) -> None:
    for response in (
        await client.get("/api/articles/nothing"),
        await client.get("/nowhere"),
        await client.post("/api/users", json={}),
    ):
        assert re.fullmatch("[0-9a-f]{32}", response.headers["X-Request-ID"]), response


@pytest.mark.parametrize("backend", ["sqlite"])
async def test_a_slow_sql_statement_is_logged_with_its_duration_but_not_its_parameters(
    container: Container, json_logs: io.StringIO
) -> None:
    container.settings.override(
        providers.Object(
            settings_for_tests(container.settings().database_url, slow_query_ms=0.000_001)
        )
    )
    transport = ASGITransport(app=create_app(container))
    async with AsyncClient(transport=transport, base_url="http://conduit.test") as client:
        await register(client, "jake")
        await client.get("/api/tags", headers={"X-Request-ID": "slow-1"})

    slow = [line for line in lines(json_logs) if line["message"] == "slow sql statement"]
    assert any(line.get("request_id") == "slow-1" for line in slow), slow
    assert all(line["duration_ms"] >= 0 and line["statement"] for line in slow)
    assert any("INSERT INTO users" in line["statement"] for line in slow)
    assert "jake@example.com" not in json_logs.getvalue()


async def test_no_sql_statement_is_logged_under_the_default_threshold(
    client: AsyncClient, json_logs: io.StringIO
) -> None:
    await client.get("/api/tags")

    assert not [line for line in lines(json_logs) if line["message"] == "slow sql statement"]


async def test_a_cors_preflight_from_an_allowed_origin_is_answered(configured: Any) -> None:
    client = await configured(cors_origins=[ORIGIN])

    response = await client.options(
        "/api/articles",
        headers={
            "Origin": ORIGIN,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization,content-type",
        },
    )

    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == ORIGIN
    assert "POST" in response.headers["access-control-allow-methods"]
    assert "authorization" in response.headers["access-control-allow-headers"].lower()


async def test_a_cross_origin_response_exposes_the_etag_and_request_id(configured: Any) -> None:
    client = await configured(cors_origins=[ORIGIN])

    response = await client.get("/api/tags", headers={"Origin": ORIGIN})

    assert response.headers["access-control-allow-origin"] == ORIGIN
    exposed = {
        name.strip().lower()
        for name in response.headers["access-control-expose-headers"].split(",")
    }
    assert {"etag", "x-request-id"} <= exposed


async def test_other_origins_get_no_cors_permission(configured: Any) -> None:
    client = await configured(cors_origins=[ORIGIN])

    simple = await client.get("/api/tags", headers={"Origin": "https://evil.example"})
    preflight = await client.options(
        "/api/articles",
        headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"},
    )

    assert "access-control-allow-origin" not in simple.headers
    assert preflight.status_code == 400
    assert "access-control-allow-origin" not in preflight.headers


async def test_without_configured_origins_no_cors_header_is_sent(client: AsyncClient) -> None:
    response = await client.get("/api/tags", headers={"Origin": ORIGIN})

    assert "access-control-allow-origin" not in response.headers


async def test_a_large_response_is_gzipped_for_clients_that_accept_it(
    client: AsyncClient,
) -> None:
    auth = await register(client, "jake")
    for number in range(10):
        await publish(client, auth, f"Article {number}", description="x" * 200)

    compressed = await client.get("/api/articles", headers={"Accept-Encoding": "gzip"})
    plain = await client.get("/api/articles", headers={"Accept-Encoding": "identity"})
    small = await client.get("/api/tags", headers={"Accept-Encoding": "gzip"})

    assert compressed.headers["content-encoding"] == "gzip"
    assert int(compressed.headers["content-length"]) < len(plain.content)
    assert compressed.json() == plain.json()
    assert "content-encoding" not in plain.headers
    assert "content-encoding" not in small.headers


@pytest.mark.parametrize("backend", ["memory", "sqlite"])
async def test_a_body_over_the_limit_is_a_413_in_the_envelope_and_changes_nothing(
    container: Container,
) -> None:
    container.settings.override(
        providers.Object(settings_for_tests(container.settings().database_url, max_body_bytes=200))
    )
    transport = ASGITransport(app=create_app(container))
    user = {"user": {"username": "jake", "email": "jake@example.com", "password": PASSWORD}}
    async with AsyncClient(transport=transport, base_url="http://conduit.test") as client:
        padded = user | {"padding": "x" * 300}

        response = await client.post("/api/users", json=padded)

        assert response.status_code == 413
        assert errors_of(response) == {"body": ["request body is larger than 200 bytes"]}
        login = {"user": {"email": "jake@example.com", "password": PASSWORD}}
        assert (await client.post("/api/users/login", json=login)).status_code == 401
        assert (await client.post("/api/users", json=user)).status_code == 201


async def test_a_streamed_body_without_length_is_cut_off_at_the_limit(configured: Any) -> None:
    client = await configured(max_body_bytes=1_000)
    chunks_sent = 0

    async def endless_body() -> AsyncIterator[bytes]:
        nonlocal chunks_sent
        yield b'{"user": {"username": "'
        for _ in range(1_000):
            chunks_sent += 1
            yield b"x" * 100

    response = await client.post(
        "/api/users", content=endless_body(), headers={"Content-Type": "application/json"}
    )

    assert response.status_code == 413
    assert errors_of(response) == {"body": ["request body is larger than 1000 bytes"]}
    assert chunks_sent < 20, "the body was read past the limit"


async def test_a_streamed_body_with_an_idempotency_key_is_cut_off_at_the_limit_too(
    configured: Any,
) -> None:
    client = await configured(max_body_bytes=1_000)

    async def large_body() -> AsyncIterator[bytes]:
        for _ in range(50):
            yield b"x" * 100

    response = await client.post(
        "/api/users",
        content=large_body(),
        headers={"Content-Type": "application/json", "Idempotency-Key": "retry-1"},
    )

    assert response.status_code == 413
    assert errors_of(response) == {"body": ["request body is larger than 1000 bytes"]}


async def test_a_body_within_the_limit_is_served(configured: Any) -> None:
    client = await configured(max_body_bytes=1_000)

    response = await client.post(
        "/api/users",
        json={"user": {"username": "jake", "email": "jake@example.com", "password": PASSWORD}},
    )

    assert response.status_code == 201


async def test_a_request_for_an_untrusted_host_is_a_400_in_the_envelope(configured: Any) -> None:
    client = await configured(trusted_hosts=["conduit.test", "*.example.com"])

    trusted = await client.get("/api/tags")
    subdomain = await client.get("/api/tags", headers={"Host": "api.example.com:8443"})
    untrusted = await client.get("/api/tags", headers={"Host": "evil.test"})

    assert (trusted.status_code, subdomain.status_code) == (200, 200)
    assert untrusted.status_code == 400
    assert errors_of(untrusted) == {"body": ["invalid host header"]}
    assert untrusted.headers["X-Request-ID"]


async def test_trusted_hosts_come_from_a_comma_separated_setting(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("CONDUIT_TRUSTED_HOSTS", "conduit.test, *.example.com")
    monkeypatch.setenv("CONDUIT_CORS_ORIGINS", f"{ORIGIN},https://other.example")

    settings = settings_for_tests()

    assert settings.trusted_hosts == ("conduit.test", "*.example.com")
    assert settings.cors_origins == (ORIGIN, "https://other.example")


@pytest.mark.parametrize(
    "path", ["/api/tags", "/api/articles/nothing", "/nowhere", "/docs", "/healthz"]
)
async def test_every_response_carries_the_security_headers(client: AsyncClient, path: str) -> None:
    response = await client.get(path)

    assert {name: response.headers.get(name) for name in SECURITY_HEADERS} == SECURITY_HEADERS
    assert "strict-transport-security" not in response.headers


async def test_hsts_is_sent_when_configured(configured: Any) -> None:
    client = await configured(hsts_seconds=31_536_000)

    response = await client.get("/api/tags")

    assert response.headers["strict-transport-security"] == "max-age=31536000; includeSubDomains"


def access_lines(stream: io.StringIO) -> list[dict[str, Any]]:
    return [line for line in lines(stream) if line["logger"] == "conduit.access"]


async def test_a_refused_request_is_logged_with_why_but_never_the_values_sent(
    client: AsyncClient, json_logs: io.StringIO
) -> None:
    auth = await register(client, "jake")
    json_logs.truncate(0)
    json_logs.seek(0)

    await client.put(
        "/api/user", json={"user": {"email": "  ", "password": "hunter2-secret"}}, headers=auth
    )
    await client.post("/api/users/login", json={"user": {"email": "jake@example.com"}})
    await client.get("/api/articles/no-such-article")

    refusals = [(line["status"], line.get("reason")) for line in access_lines(json_logs)]
    assert refusals == [
        (422, "email can't be blank"),
        (422, "password is required"),
        (404, "article not found"),
    ]
    assert "hunter2" not in json_logs.getvalue()
    assert "jake@example.com" not in json_logs.getvalue()


async def test_an_answered_request_is_logged_without_a_reason(
    client: AsyncClient, json_logs: io.StringIO
) -> None:
    await client.get("/api/tags")

    [access] = access_lines(json_logs)
    assert access["status"] == 200
    assert "reason" not in access


async def test_the_openapi_document_and_the_docs_assets_are_logged_under_their_route(
    client: AsyncClient, json_logs: io.StringIO
) -> None:
    await client.get("/openapi.json")
    await client.get("/static-offline-docs/swagger-ui.css")
    await client.get("/docs")

    routes = [(line["path"], line["route"]) for line in access_lines(json_logs)]
    assert routes == [
        ("/openapi.json", "/openapi.json"),
        ("/static-offline-docs/swagger-ui.css", "/static-offline-docs/{path}"),
        ("/docs", "/docs"),
    ]


async def test_a_path_with_a_trailing_slash_is_logged_as_its_route(
    client: AsyncClient, json_logs: io.StringIO
) -> None:
    response = await client.get("/api/tags/")

    assert response.status_code == 200
    [access] = access_lines(json_logs)
    assert (access["path"], access["route"]) == ("/api/tags", "/api/tags")
