"""``/healthz``, ``/readyz`` and ``/metrics``: what the platform running the service asks."""

from collections.abc import AsyncIterator
from typing import Any

import pytest
from dependency_injector import providers
from httpx import ASGITransport, AsyncClient
from prometheus_client.parser import text_string_to_metric_families

from infrastructure.container import Container
from infrastructure.observability import metrics
from interfaces.http.app import create_app
from tests.api.conftest import errors_of, fields_of
from tests.factories import publish, register, settings_for_tests

UNREACHABLE_POSTGRES = "postgresql+asyncpg://postgres@127.0.0.1:1/conduit"
REDIS = "redis://127.0.0.1:6379/0"
UNREACHABLE_REDIS = "redis://127.0.0.1:1/0"


@pytest.fixture(params=["memory", "sqlite", "postgres", "mariadb"])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


async def client_for(**settings: Any) -> AsyncIterator[AsyncClient]:
    container = Container()
    container.settings.override(providers.Object(settings_for_tests(**settings)))
    transport = ASGITransport(app=create_app(container))
    async with AsyncClient(transport=transport, base_url="http://conduit.test") as http:
        yield http
    if container.settings().redis_url:
        await container.redis_client().aclose()
    if container.backend() == "sql":
        await container.engine().dispose()


def samples(text: str) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    """Every sample of a Prometheus exposition, by name and labels."""
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


async def scrape(client: AsyncClient) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    response = await client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    return samples(response.text)


async def test_health_answers_alive_without_touching_anything(client: AsyncClient) -> None:
    response = await client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "alive"}


async def test_readiness_is_200_when_the_database_answers(client: AsyncClient) -> None:
    response = await client.get("/readyz")

    assert response.status_code == 200
    assert response.json() == {"status": "ready", "dependencies": {"database": "ok"}}


@pytest.mark.parametrize(
    "database_url",
    [UNREACHABLE_POSTGRES, "sqlite+aiosqlite:////nonexistent-folder/conduit.db"],
    ids=["postgres", "sqlite"],
)
async def test_readiness_is_503_naming_the_database_when_it_is_unreachable(
    database_url: str,
) -> None:
    async for client in client_for(database_url=database_url, readiness_timeout_seconds=2):
        response = await client.get("/readyz")

        assert response.status_code == 503
        assert errors_of(response) == {"body": ["database is unreachable"]}
        assert fields_of(response) == {"database": ["is unreachable"]}
        assert (await client.get("/healthz")).status_code == 200


async def test_readiness_checks_redis_when_it_is_configured() -> None:
    async for client in client_for(redis_url=REDIS):
        response = await client.get("/readyz")

        assert response.status_code == 200
        assert response.json()["dependencies"] == {"database": "ok", "redis": "ok"}


async def test_readiness_stays_200_but_degraded_naming_redis_when_it_is_unreachable() -> None:
    # Without Redis the service still answers (cache bypassed, per-worker login limits, events
    # kept in the outbox): taking every host out of rotation would turn that into an outage.
    async for client in client_for(redis_url=UNREACHABLE_REDIS):
        response = await client.get("/readyz")

        assert response.status_code == 200
        assert response.json() == {
            "status": "degraded",
            "dependencies": {"database": "ok", "redis": "unreachable"},
        }


async def test_readiness_is_503_naming_both_when_the_database_and_redis_are_unreachable() -> None:
    async for client in client_for(database_url=UNREACHABLE_POSTGRES, redis_url=UNREACHABLE_REDIS):
        response = await client.get("/readyz")

        assert response.status_code == 503
        assert set(fields_of(response)) == {"database", "redis"}


async def test_metrics_count_requests_per_route_template_not_per_path(
    client: AsyncClient,
) -> None:
    auth = await register(client, "jake")
    slugs = [(await publish(client, auth, title))["slug"] for title in ("One", "Two")]
    route = "/api/articles/{slug}"
    key = (
        "conduit_http_requests_total",
        frozenset({("method", "GET"), ("route", route), ("status", "200")}),
    )
    latency = (
        "conduit_http_request_duration_seconds_count",
        frozenset({("method", "GET"), ("route", route)}),
    )
    before = await scrape(client)

    for slug in slugs:
        assert (await client.get(f"/api/articles/{slug}")).status_code == 200
    await client.get("/api/articles/no-such-article")
    await client.get("/no/such/route")
    after = await scrape(client)

    assert after[key] - before.get(key, 0) == 2
    assert after[latency] - before.get(latency, 0) == 3  # the 404 for an unknown slug too
    not_found = (key[0], frozenset({("method", "GET"), ("route", route), ("status", "404")}))
    assert after[not_found] - before.get(not_found, 0) == 1
    unmatched = (
        key[0],
        frozenset({("method", "GET"), ("route", "<unmatched>"), ("status", "404")}),
    )
    assert after[unmatched] - before.get(unmatched, 0) == 1
    routes = {dict(labels).get("route") for name, labels in after if name == key[0]}
    # Routes of other tests are there too (the slug "one" is in "redoc.standalone.js").
    assert not any(f"/articles/{slug}" in str(routes) for slug in slugs)


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
async def test_metrics_count_the_sql_statements_of_each_request(client: AsyncClient) -> None:
    auth = await register(client, "jake")
    slug = (await publish(client, auth))["slug"]
    count = ("conduit_db_statements_per_request_count", frozenset())
    total = ("conduit_db_statements_per_request_sum", frozenset())
    before = await scrape(client)

    await client.get(f"/api/articles/{slug}")
    await client.get("/api/tags")
    after = await scrape(client)

    # The two reads, one statement each, and the first scrape, which sends none.
    assert after[count] - before[count] == 3
    assert after[total] - before[total] == 2


@pytest.mark.parametrize("backend", ["sqlite"])
async def test_metrics_show_the_database_connections_in_use(
    client: AsyncClient, container: Container
) -> None:
    key = ("conduit_db_connections_in_use", frozenset())
    idle = (await scrape(client))[key]

    async with container.engine().connect():
        busy = (await scrape(client))[key]

    assert busy - idle == 1
    assert (await scrape(client))[key] == idle


async def test_metrics_carry_cache_and_outbox_figures_recorded_through_the_metrics_api(
    client: AsyncClient,
) -> None:
    hits = ("conduit_cache_hits_total", frozenset({("cache", "articles")}))
    misses = ("conduit_cache_misses_total", frozenset({("cache", "articles")}))
    before = await scrape(client)

    metrics.record_cache_hit("articles")
    metrics.record_cache_hit("articles")
    metrics.record_cache_miss("articles")
    metrics.set_outbox_lag(1.5)
    after = await scrape(client)

    assert after[hits] - before.get(hits, 0) == 2
    assert after[misses] - before.get(misses, 0) == 1
    assert after[("conduit_outbox_lag_seconds", frozenset())] == 1.5


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
async def test_the_token_version_cache_reports_its_hits_and_misses(client: AsyncClient) -> None:
    hits = ("conduit_cache_hits_total", frozenset({("cache", "token_versions")}))
    misses = ("conduit_cache_misses_total", frozenset({("cache", "token_versions")}))
    auth = await register(client, "jake")
    before = await scrape(client)

    for _ in range(3):
        assert (await client.get("/api/user", headers=auth)).status_code == 200
    after = await scrape(client)

    assert after[hits] - before.get(hits, 0) >= 2
    assert after[hits] + after[misses] - before.get(hits, 0) - before.get(misses, 0) == 3


async def test_the_operations_endpoints_are_documented(client: AsyncClient) -> None:
    paths = (await client.get("/openapi.json")).json()["paths"]

    for path in ("/healthz", "/readyz", "/metrics"):
        assert paths[path]["get"]["summary"], path
        assert paths[path]["get"]["description"], path
    assert "503" in paths["/readyz"]["get"]["responses"]
