"""The database is lost exactly between a write's commit and its answer: the write was kept,
so the answer is its 2xx (built in the writing transaction), never a 503 that would make a
client retry, and so duplicate, a write that landed. And when the commit's acknowledgement
itself is lost (a 503 for a write that landed), a retry with the same ``Idempotency-Key`` does
not run it again; when the lost acknowledgement was the key's claim's, the retry runs once.

The outage is real: right after the commit (the unit of work's commit observer runs there), the
database refuses new connections and every open one is dropped, until the answer is in.
"""

import asyncio
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from datetime import datetime

import asyncpg
import httpx
import pytest
from dependency_injector import providers
from sqlalchemy.engine import make_url

from application.errors import ServiceUnavailable
from application.events import DomainEvent
from application.ports.events import CommitObserver
from application.ports.idempotency import Claim, KeyRecord
from infrastructure.container import Container
from infrastructure.persistence.sqlmodel.availability import MESSAGE, RETRY_AFTER_SECONDS
from infrastructure.persistence.sqlmodel.idempotency import SqlIdempotencyStore
from infrastructure.persistence.sqlmodel.unit_of_work import SqlModelUnitOfWork
from interfaces.http.app import create_app
from tests.factories import publish, register, settings_for_tests

pytestmark = pytest.mark.fault


class DatabaseLostAfterCommit(CommitObserver):
    """Once armed, the next commit takes the database down (for this app and everyone)."""

    def __init__(self, server_url: str, database: str) -> None:
        self._server_url = server_url
        self._database = database
        self.armed = False
        self.outages = 0

    async def committed(self, _events: Sequence[DomainEvent]) -> None:
        if not self.armed:
            return
        self.armed = False
        admin = await asyncpg.connect(self._server_url)
        try:
            await admin.execute(f'ALTER DATABASE "{self._database}" ALLOW_CONNECTIONS false')
            await admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = $1 AND pid <> pg_backend_pid()",
                self._database,
            )
        finally:
            await admin.close()
        self.outages += 1

    async def restore(self) -> None:
        admin = await asyncpg.connect(self._server_url)
        try:
            await admin.execute(f'ALTER DATABASE "{self._database}" ALLOW_CONNECTIONS true')
        finally:
            await admin.close()


@asynccontextmanager
async def app_losing_its_database(
    database_url: str, server_url: str
) -> AsyncIterator[tuple[httpx.AsyncClient, DatabaseLostAfterCommit, Container]]:
    fault = DatabaseLostAfterCommit(
        server_url.replace("postgresql+asyncpg://", "postgresql://"),
        str(make_url(database_url).database),
    )
    container = Container()
    container.settings.override(
        providers.Object(settings_for_tests(database_url, db_pool_size=2, cache_enabled=False))
    )
    container.commit_observer.override(providers.Object(fault))
    transport = httpx.ASGITransport(app=create_app(container))
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://conduit.test") as client:
            yield client, fault, container
    finally:
        await fault.restore()
        await container.storage().close()


async def stored_articles(database_url: str) -> list[tuple[str, int]]:
    connection = await asyncpg.connect(
        database_url.replace("postgresql+asyncpg://", "postgresql://")
    )
    try:
        rows = await connection.fetch(
            "SELECT slug, (SELECT count(*) FROM favorites WHERE article_id = articles.id) AS fans"
            " FROM articles ORDER BY slug"
        )
    finally:
        await connection.close()
    return [(row["slug"], row["fans"]) for row in rows]


async def test_an_article_created_just_before_the_database_is_lost_is_answered_201(
    empty_committing_postgres: str, postgres_server: str
) -> None:
    async with app_losing_its_database(empty_committing_postgres, postgres_server) as (
        client,
        fault,
        _container,
    ):
        auth = await register(client, "jake")
        fault.armed = True
        response = await client.post(
            "/api/articles",
            json={"article": {"title": "Kept", "description": "d", "body": "b", "tagList": ["t"]}},
            headers=auth,
        )
        assert fault.outages == 1, "the fault did not fire between commit and answer"
        assert response.status_code == 201, response.text
        article = response.json()["article"]
        assert (article["slug"], article["title"], article["tagList"]) == ("kept", "Kept", ["t"])
        assert article["author"]["username"] == "jake"
        assert response.headers["ETag"]
        await fault.restore()

    assert await stored_articles(empty_committing_postgres) == [("kept", 0)]


async def test_a_favorite_kept_just_before_the_database_is_lost_is_answered_200(
    empty_committing_postgres: str, postgres_server: str
) -> None:
    async with app_losing_its_database(empty_committing_postgres, postgres_server) as (
        client,
        fault,
        _container,
    ):
        jake = await register(client, "jake")
        fan = await register(client, "fan")
        slug = (await publish(client, jake, title="Liked"))["slug"]
        fault.armed = True
        response = await client.post(f"/api/articles/{slug}/favorite", headers=fan)
        assert fault.outages == 1, "the fault did not fire between commit and answer"
        assert response.status_code == 200, response.text
        assert response.json()["article"]["favorited"] is True
        assert response.json()["article"]["favoritesCount"] == 1
        await fault.restore()

    assert await stored_articles(empty_committing_postgres) == [(slug, 1)]


class AcknowledgementLost(SqlModelUnitOfWork):
    """Commits, then fails as a connection lost before the commit's acknowledgement would."""

    async def commit(self) -> None:
        await super().commit()
        raise ServiceUnavailable(MESSAGE, retry_after_seconds=RETRY_AFTER_SECONDS)


async def test_a_retry_of_a_write_that_landed_unacknowledged_does_not_run_it_again(
    empty_committing_postgres: str, postgres_server: str
) -> None:
    async with app_losing_its_database(empty_committing_postgres, postgres_server) as (
        client,
        _fault,
        container,
    ):
        auth = await register(client, "jake")
        article = {"article": {"title": "Once", "description": "d", "body": "b", "tagList": ["t"]}}
        headers = auth | {"Idempotency-Key": "create-once"}
        with container.uow.override(
            providers.Factory(
                AcknowledgementLost, container.storage().transactions, container.clock
            )
        ):
            first = await client.post("/api/articles", json=article, headers=headers)
        retry = await client.post("/api/articles", json=article, headers=headers)

    assert first.status_code == 503, first.text
    assert retry.status_code == 409, retry.text
    assert "applied but its answer was lost" in retry.text
    assert await stored_articles(empty_committing_postgres) == [("once", 0)]


async def test_a_retry_after_the_database_came_back_gets_the_first_answer_of_a_kept_write(
    empty_committing_postgres: str, postgres_server: str
) -> None:
    """The first answer could not be stored (the database lost right after the commit): the
    server stores it once the database is back, and the retry gets it, replayed."""
    async with app_losing_its_database(empty_committing_postgres, postgres_server) as (
        client,
        fault,
        _container,
    ):
        auth = await register(client, "jake")
        article = {"article": {"title": "First", "description": "d", "body": "b", "tagList": []}}
        headers = auth | {"Idempotency-Key": "first-answer"}
        fault.armed = True
        first = await client.post("/api/articles", json=article, headers=headers)
        assert fault.outages == 1, "the fault did not fire between commit and answer"
        await fault.restore()
        retry = await client.post("/api/articles", json=article, headers=headers)
        for _ in range(50):  # the key is settled in the background, half a second on
            if retry.status_code != 409:
                break
            await asyncio.sleep(0.1)
            retry = await client.post("/api/articles", json=article, headers=headers)

    assert first.status_code == 201, first.text
    assert retry.status_code == 201, retry.text
    assert retry.headers["Idempotent-Replayed"] == "true"
    assert retry.json() == first.json()
    assert await stored_articles(empty_committing_postgres) == [("first", 0)]


class ClaimAcknowledgementLost(SqlIdempotencyStore):
    """The first claim commits, then fails as a connection lost before the commit's
    acknowledgement would: the key is held, by a request that answers 503 and never runs."""

    lost = 0

    async def claim(
        self,
        claim: Claim,
        fingerprint: str,
        now: datetime,
        expired_before: datetime,
        abandoned_before: datetime,
    ) -> KeyRecord | None:
        held = await super().claim(claim, fingerprint, now, expired_before, abandoned_before)
        if ClaimAcknowledgementLost.lost == 0:
            ClaimAcknowledgementLost.lost += 1
            raise ServiceUnavailable(MESSAGE, retry_after_seconds=RETRY_AFTER_SECONDS)
        return held


async def test_a_retry_after_a_claim_whose_acknowledgement_was_lost_runs_once(
    empty_committing_postgres: str, postgres_server: str
) -> None:
    """Left held, the key would answer every retry with 409 "in progress" until it expired
    (the failover test met it): the claim is released once the database answers again."""
    async with app_losing_its_database(empty_committing_postgres, postgres_server) as (
        client,
        _fault,
        container,
    ):
        auth = await register(client, "jake")
        article = {"article": {"title": "Claimed", "description": "d", "body": "b"}}
        headers = auth | {"Idempotency-Key": "claim-lost"}
        ClaimAcknowledgementLost.lost = 0
        with container.idempotency_store.override(
            providers.Factory(ClaimAcknowledgementLost, container.storage().session_factory)
        ):
            first = await client.post("/api/articles", json=article, headers=headers)
            retries = [await client.post("/api/articles", json=article, headers=headers)]
            for _ in range(50):  # released in the background, half a second on
                if retries[-1].status_code != 409:
                    break
                await asyncio.sleep(0.1)
                retries.append(await client.post("/api/articles", json=article, headers=headers))
            replayed = await client.post("/api/articles", json=article, headers=headers)

    assert first.status_code == 503, first.text
    assert {r.status_code for r in retries[:-1]} <= {409}, [r.text for r in retries]
    assert "in progress" in retries[0].text or retries[0].status_code == 201
    assert retries[-1].status_code == 201, retries[-1].text
    assert replayed.headers["Idempotent-Replayed"] == "true"
    assert replayed.json() == retries[-1].json()
    assert await stored_articles(empty_committing_postgres) == [("claimed", 0)]
