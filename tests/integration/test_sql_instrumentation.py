"""What the database access reports on a real PostgreSQL, through both paths: SQLAlchemy's
engine (writes, SQLite reads) and asyncpg's read pool. SQLite's engine is covered by the API
tier (``test_operations``, ``test_middleware``)."""

import logging

import pytest
import sqlalchemy as sa
from prometheus_client.parser import text_string_to_metric_families

from infrastructure.observability import metrics
from infrastructure.observability.context import request_context
from infrastructure.persistence.sqlmodel import statements
from infrastructure.persistence.sqlmodel.engine import create_engine
from infrastructure.persistence.sqlmodel.reads import AsyncpgPool, PooledAsyncpgReads
from tests.databases import async_url
from tests.factories import settings_for_tests

IN_USE = "conduit_db_connections_in_use"
ALWAYS_SLOW = 0.000_001


def in_use() -> float:
    exposition, _ = metrics.exposition()
    [value] = [
        sample.value
        for family in text_string_to_metric_families(exposition.decode())
        for sample in family.samples
        if sample.name == IN_USE
    ]
    return value


async def test_asyncpg_reads_are_counted_logged_when_slow_and_their_connections_gauged(
    postgres_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    settings = settings_for_tests(async_url(postgres_url), slow_query_ms=ALWAYS_SLOW)
    pool = AsyncpgPool(settings)
    reads = PooledAsyncpgReads(pool, settings.slow_query_ms)
    await pool.open()
    idle = in_use()
    try:
        async with pool.acquire():
            assert in_use() == idle + 1
        assert in_use() == idle
        with (
            caplog.at_level(logging.WARNING, logger="conduit.sql"),
            request_context("r") as request,
        ):
            await reads.fetch(statements.TAGS_IN_USE, {})
            await reads.fetch(statements.ANYTHING_STORED, {})
    finally:
        await reads.close()

    assert request.statements == 2
    slow = [record for record in caplog.records if record.message == "slow sql statement"]
    assert len(slow) == 2
    assert all("SELECT" in record.statement and record.duration_ms >= 0 for record in slow)  # type: ignore[attr-defined]


async def test_engine_statements_are_counted_logged_when_slow_and_connections_gauged(
    postgres_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    engine = create_engine(settings_for_tests(async_url(postgres_url), slow_query_ms=ALWAYS_SLOW))
    idle = in_use()
    try:
        with (
            caplog.at_level(logging.WARNING, logger="conduit.sql"),
            request_context("r") as request,
        ):
            async with engine.connect() as connection:
                assert in_use() == idle + 1
                await connection.execute(sa.text("SELECT 1"))
                await connection.execute(sa.text("SELECT 2"))
        assert in_use() == idle
    finally:
        await engine.dispose()

    assert request.statements == 2
    logged = [record.statement for record in caplog.records]  # type: ignore[attr-defined]
    assert logged == ["SELECT 1", "SELECT 2"]


async def test_nothing_is_logged_below_the_threshold(
    postgres_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    settings = settings_for_tests(async_url(postgres_url), slow_query_ms=60_000)
    pool = AsyncpgPool(settings)
    reads = PooledAsyncpgReads(pool, settings.slow_query_ms)
    try:
        with caplog.at_level(logging.WARNING, logger="conduit.sql"):
            await reads.fetch(statements.TAGS_IN_USE, {})
    finally:
        await reads.close()

    assert caplog.records == []
