"""Login attempts over HTTP: a 429 with Retry-After past the limits, per email and per address,
held across workers when they count in Redis."""

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import pytest
from dependency_injector import providers
from httpx import ASGITransport, AsyncClient
from redis.asyncio import Redis

from infrastructure.container import Container
from interfaces.http.app import create_app
from tests.api.conftest import errors_of
from tests.contract.test_rate_limiter import REDIS_URL
from tests.factories import PASSWORD, register, settings_for_tests

LIMITS = {"login_attempts_per_account": 3, "login_attempts_per_address": 5}


@pytest.fixture
def limited(container: Container, client: AsyncClient) -> AsyncClient:
    """The client of an app whose login limits are small."""
    settings = container.settings().model_copy(update=LIMITS)
    container.settings.override(providers.Object(settings))
    return client


def credentials(email: str = "jake@example.com", password: str = "wrong") -> dict[str, object]:
    return {"user": {"email": email, "password": password}}


async def test_past_the_account_limit_login_is_a_429_with_retry_after(limited: AsyncClient) -> None:
    await register(limited, "jake")
    failures = [await limited.post("/api/users/login", json=credentials()) for _ in range(3)]

    refused = await limited.post("/api/users/login", json=credentials(password=PASSWORD))

    assert [r.status_code for r in failures] == [401, 401, 401]
    assert refused.status_code == 429
    assert 0 < int(refused.headers["Retry-After"]) <= 300
    assert errors_of(refused)["body"] == [
        f"too many login attempts, try again in {refused.headers['Retry-After']} seconds"
    ]


async def test_one_account_s_limit_leaves_the_others_alone(limited: AsyncClient) -> None:
    await register(limited, "jake")
    await register(limited, "celeb")
    for _ in range(4):
        await limited.post("/api/users/login", json=credentials())

    other = await limited.post("/api/users/login", json=credentials("celeb@example.com", PASSWORD))

    assert other.status_code == 200


async def test_one_address_trying_many_emails_is_stopped_by_the_address_limit(
    limited: AsyncClient,
) -> None:
    answers = [
        await limited.post("/api/users/login", json=credentials(f"u{n}@example.com"))
        for n in range(6)
    ]

    assert [r.status_code for r in answers] == [401, 401, 401, 401, 401, 429]
    assert 0 < int(answers[-1].headers["Retry-After"]) <= 300
    errors_of(answers[-1])


def test_the_login_documents_its_429_and_retry_after(container: Container) -> None:
    responses = create_app(container).openapi()["paths"]["/api/users/login"]["post"]["responses"]

    assert "Retry-After" in responses["429"]["headers"]


@pytest.fixture
async def redis_keys() -> AsyncIterator[str]:
    """A unique email for the test; its counters in Redis are deleted afterwards."""
    email = f"{uuid.uuid4().hex}@example.com"
    yield email
    client = Redis.from_url(REDIS_URL)
    keys = [key async for key in client.scan_iter(match=f"conduit:rate:login:*{email}*")]
    if keys:
        await client.delete(*keys)
    await client.aclose()


@asynccontextmanager
async def a_worker(redis_url: str | None, address: str) -> AsyncIterator[AsyncClient]:
    """One worker process's app, with its own container and in-process state.

    Wiring is per process, so workers must take turns: the latest one built serves.
    """
    container = Container()
    container.settings.override(
        providers.Object(settings_for_tests("memory", redis_url=redis_url, **LIMITS))
    )
    transport = ASGITransport(app=create_app(container), client=(address, 4242))
    async with AsyncClient(transport=transport, base_url="http://conduit.test") as client:
        yield client
    if redis_url:
        await container.redis_client().aclose()


@pytest.mark.parametrize(("redis", "last"), [(True, 429), (False, 401)], ids=["redis", "memory"])
async def test_with_redis_the_limit_holds_across_workers(
    redis_keys: str, redis: bool, last: int
) -> None:
    address = f"198.51.100.{uuid.uuid4().int % 250}"
    url = REDIS_URL if redis else None
    async with a_worker(url, address) as first:
        on_first = [
            (await first.post("/api/users/login", json=credentials(redis_keys))).status_code
            for _ in range(3)
        ]
    async with a_worker(url, address) as second:
        on_second = await second.post("/api/users/login", json=credentials(redis_keys))

    assert on_first == [401, 401, 401]
    assert on_second.status_code == last


@pytest.fixture
async def redis_address() -> AsyncIterator[str]:
    """A client address of the test's own; its counters in Redis are deleted afterwards."""
    address = f"2001:db8::{uuid.uuid4().int % 65_536:x}"
    yield address
    client = Redis.from_url(REDIS_URL)
    keys = [key async for key in client.scan_iter(match=f"conduit:rate:login:address:{address}")]
    if keys:
        await client.delete(*keys)
    await client.aclose()


async def test_with_redis_the_address_limit_holds_across_workers(redis_address: str) -> None:
    emails = [f"{uuid.uuid4().hex}@example.com" for _ in range(6)]
    async with a_worker(REDIS_URL, redis_address) as first:
        on_first = [
            (await first.post("/api/users/login", json=credentials(email))).status_code
            for email in emails[:5]
        ]
    async with a_worker(REDIS_URL, redis_address) as second:
        on_second = await second.post("/api/users/login", json=credentials(emails[5]))

    assert on_first == [401] * 5
    assert on_second.status_code == 429
    assert 0 < int(on_second.headers["Retry-After"]) <= 300
