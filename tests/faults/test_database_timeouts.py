"""Statement timeouts and pool exhaustion on real PostgreSQL: a 503 with ``Retry-After`` within
the configured timeout, never a hang or a 500; a stalled statement holds one pooled connection
for at most the statement timeout, so requests that do not wait on it are served meanwhile.

A table locked by another session stands for a slow query: whatever needs it waits.
"""

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from dependency_injector import providers
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

from infrastructure.container import Container
from interfaces.http.app import create_app
from tests.factories import register, settings_for_tests

pytestmark = pytest.mark.fault

STATEMENT_TIMEOUT_MS = 500
POOL_TIMEOUT_SECONDS = 0.5
# What "fails fast" allows on a shared, busy machine: the timeout and a second to answer.
MARGIN_SECONDS = 1.0


@asynccontextmanager
async def api(database_url: str, **settings: Any) -> AsyncIterator[httpx.AsyncClient]:
    """The app over two pools of two connections (reads, writes), without the read cache."""
    container = Container()
    container.settings.override(
        providers.Object(
            settings_for_tests(database_url, db_pool_size=2, cache_enabled=False, **settings)
        )
    )
    transport = httpx.ASGITransport(app=create_app(container))
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://conduit.test") as client:
            yield client
    finally:
        await container.read_database().close()
        await container.engine().dispose()


@asynccontextmanager
async def articles_locked(database_url: str) -> AsyncIterator[None]:
    """Another session holds ``articles`` locked: every statement on it waits."""
    engine = create_async_engine(database_url, poolclass=NullPool)
    try:
        async with engine.connect() as connection, connection.begin():
            await connection.execute(sa.text("LOCK TABLE articles IN ACCESS EXCLUSIVE MODE"))
            yield
    finally:
        await engine.dispose()


async def timed(request: Any) -> tuple[httpx.Response, float]:
    started = time.monotonic()
    response = await request
    return response, time.monotonic() - started


def assert_unavailable(response: httpx.Response) -> None:
    assert response.status_code == 503, response.text
    assert int(response.headers["Retry-After"]) > 0
    assert response.json() == {
        "errors": {"body": ["the service is temporarily unavailable: try again later"]}
    }


def an_article(title: str) -> dict[str, Any]:
    return {"article": {"title": title, "description": "d", "body": "b", "tagList": ["slow"]}}


async def test_a_read_and_a_write_past_the_statement_timeout_are_503_within_it(
    empty_committing_postgres: str,
) -> None:
    async with api(
        empty_committing_postgres, db_statement_timeout_ms=STATEMENT_TIMEOUT_MS
    ) as client:
        auth = await register(client, "jake")
        async with articles_locked(empty_committing_postgres):
            (read, read_seconds), (write, write_seconds) = await asyncio.gather(
                timed(client.get("/api/articles")),
                timed(client.post("/api/articles", json=an_article("Stuck"), headers=auth)),
            )

            assert_unavailable(read)
            assert_unavailable(write)
            assert max(read_seconds, write_seconds) < STATEMENT_TIMEOUT_MS / 1000 + MARGIN_SECONDS
            print(
                f"\nstatement timeout {STATEMENT_TIMEOUT_MS} ms: read 503 in {read_seconds:.3f} s, "
                f"write 503 in {write_seconds:.3f} s"
            )

        # Nothing was kept of the write, and both pools' connections are usable again.
        assert (await client.get("/api/articles")).json()["articlesCount"] == 0
        created = await client.post("/api/articles", json=an_article("Free"), headers=auth)
        assert created.status_code == 201


async def test_a_stalled_statement_does_not_stall_requests_that_do_not_wait_on_it(
    empty_committing_postgres: str,
) -> None:
    async with api(
        empty_committing_postgres, db_statement_timeout_ms=STATEMENT_TIMEOUT_MS
    ) as client:
        auth = await register(client, "jake")
        async with articles_locked(empty_committing_postgres):
            stalled = asyncio.create_task(timed(client.get("/api/articles")))
            await asyncio.sleep(0.1)  # the stalled read holds its connection now
            answers = [
                await timed(client.get("/api/user", headers=auth)),
                await timed(client.get("/api/profiles/jake")),
                await timed(client.post("/api/users", json=a_user("anne"))),
            ]
            stalled_answer, stalled_seconds = await stalled

        assert [response.status_code for response, _ in answers] == [200, 200, 201]
        assert_unavailable(stalled_answer)
        # Served while the other statement was stalled, not after it.
        assert sum(seconds for _, seconds in answers) < stalled_seconds
        print(
            f"\nwhile a read stalled {stalled_seconds:.3f} s, three other requests took "
            f"{sum(seconds for _, seconds in answers):.3f} s in all"
        )


async def test_pool_exhaustion_is_503_within_the_pool_timeout_and_the_pool_recovers(
    empty_committing_postgres: str,
) -> None:
    # A long statement timeout: the requests holding the connections outlast the pool wait.
    async with api(
        empty_committing_postgres,
        db_statement_timeout_ms=30_000,
        db_pool_timeout_seconds=POOL_TIMEOUT_SECONDS,
    ) as client:
        auth = await register(client, "jake")
        # The token's version is now cached: the writes below need no read connection.
        assert (await client.get("/api/user", headers=auth)).status_code == 200
        async with articles_locked(empty_committing_postgres):
            holding = [
                asyncio.create_task(client.get("/api/articles")),
                asyncio.create_task(client.get("/api/articles")),
                asyncio.create_task(
                    client.post("/api/articles", json=an_article("A"), headers=auth)
                ),
                asyncio.create_task(
                    client.post("/api/articles", json=an_article("B"), headers=auth)
                ),
            ]
            await asyncio.sleep(0.2)  # both pools' two connections are taken
            (read, read_seconds), (write, write_seconds) = await asyncio.gather(
                timed(client.get("/api/articles")),
                timed(client.post("/api/articles", json=an_article("C"), headers=auth)),
            )
        held = await asyncio.gather(*holding)

        assert_unavailable(read)
        assert_unavailable(write)
        assert max(read_seconds, write_seconds) < POOL_TIMEOUT_SECONDS + MARGIN_SECONDS
        print(
            f"\npool timeout {POOL_TIMEOUT_SECONDS} s: read 503 in {read_seconds:.3f} s, "
            f"write 503 in {write_seconds:.3f} s"
        )
        # Once the lock went, the requests that held the connections finished normally.
        assert [response.status_code for response in held] == [200, 200, 201, 201]
        titles = {a["title"] for a in (await client.get("/api/articles")).json()["articles"]}
        assert titles == {"A", "B"}


def a_user(name: str) -> dict[str, Any]:
    return {"user": {"username": name, "email": f"{name}@example.com", "password": "secret-42"}}
