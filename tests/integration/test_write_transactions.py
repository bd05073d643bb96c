"""The write path's transaction on PostgreSQL (``driver.AsyncpgTransaction``): asyncpg runs it on a
connection of SQLAlchemy's pool, so dropping a connection that can no longer write is its job,
not SQLAlchemy's. A pool of one connection shows whether the next transaction got it again."""

from collections.abc import AsyncIterator, Callable

import asyncpg
import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import create_async_engine

from infrastructure.persistence.sqlmodel import driver
from infrastructure.persistence.sqlmodel.availability import CONNECTION_LOST
from infrastructure.persistence.sqlmodel.tables import tags

BACKEND_PID = sa.select(sa.func.pg_backend_pid().label("pid"))


@pytest.fixture
async def begin(empty_committing_postgres: str) -> AsyncIterator[Callable[[], driver.Transaction]]:
    engine = create_async_engine(empty_committing_postgres, pool_size=1, max_overflow=0)
    yield driver.transactions(engine)
    await engine.dispose()


async def backend_of(transaction: driver.Transaction) -> int:
    [row] = await transaction.fetch_once(BACKEND_PID)
    return int(row["pid"])


async def written_on_another_connection(
    begin: Callable[[], driver.Transaction], than: int
) -> list[str]:
    """Write a tag in a new transaction, which must not run on backend ``than``; the tags
    stored."""
    async with driver.committed(begin) as transaction:
        assert await backend_of(transaction) != than
        await transaction.execute_once(sa.insert(tags).values(name="kept"))
        return [row["name"] for row in await transaction.fetch_once(sa.select(tags.c.name))]


async def test_a_connection_to_a_server_that_turned_read_only_is_not_used_again(
    begin: Callable[[], driver.Transaction],
) -> None:
    # A primary demoted without dropping its connections answers every write with 25006.
    async with driver.committed(begin) as transaction:
        demoted = await backend_of(transaction)
        await transaction.execute_once(sa.text("SET default_transaction_read_only = on"))

    refused = begin()
    try:
        assert await backend_of(refused) == demoted
        with pytest.raises(asyncpg.ReadOnlySQLTransactionError):
            await refused.execute_once(sa.insert(tags).values(name="refused"))
    finally:
        await refused.close()

    assert await written_on_another_connection(begin, than=demoted) == ["kept"]


async def test_a_connection_the_server_dropped_is_not_used_again(
    begin: Callable[[], driver.Transaction], empty_committing_postgres: str
) -> None:
    lost = begin()
    try:
        dropped = await backend_of(lost)
        admin = await asyncpg.connect(empty_committing_postgres.replace("+asyncpg", ""))
        try:
            await admin.execute("SELECT pg_terminate_backend($1)", dropped)
        finally:
            await admin.close()
        with pytest.raises((asyncpg.AdminShutdownError, *CONNECTION_LOST)):
            await lost.execute_once(sa.insert(tags).values(name="lost"))
    finally:
        await lost.close()

    assert await written_on_another_connection(begin, than=dropped) == ["kept"]
