"""The PostgreSQL pools outlive their connections: one the server dropped is replaced."""

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine

from infrastructure.persistence.sqlmodel.engine import create_engine
from infrastructure.persistence.sqlmodel.reads import AsyncpgPool, PooledAsyncpgReads
from tests.databases import async_url
from tests.factories import settings_for_tests


async def backend_pid(engine: AsyncEngine) -> int:
    async with engine.connect() as connection:
        return int((await connection.execute(sa.text("SELECT pg_backend_pid()"))).scalar_one())


async def terminate(postgres_engine: AsyncEngine, pid: int) -> None:
    async with postgres_engine.connect() as admin:
        await admin.execute(sa.text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})


async def test_an_idle_connection_the_server_dropped_is_replaced_before_use(
    postgres_url: str, postgres_engine: AsyncEngine
) -> None:
    settings = settings_for_tests(
        async_url(postgres_url), db_pool_size=1, db_pool_ping_idle_seconds=0
    )
    engine = create_engine(settings)
    try:
        dropped = await backend_pid(engine)
        await terminate(postgres_engine, dropped)

        replacement = await backend_pid(engine)
    finally:
        await engine.dispose()

    assert replacement != dropped


async def test_without_the_ping_the_first_use_of_a_dropped_connection_fails(
    postgres_url: str, postgres_engine: AsyncEngine
) -> None:
    settings = settings_for_tests(async_url(postgres_url), db_pool_size=1, db_pool_pre_ping=False)
    engine = create_engine(settings)
    try:
        await terminate(postgres_engine, await backend_pid(engine))

        with pytest.raises(sa.exc.DBAPIError):
            await backend_pid(engine)
        # The pool learnt from the failure: the next checkout opens a fresh connection.
        assert await backend_pid(engine) > 0
    finally:
        await engine.dispose()


async def test_a_read_on_a_connection_the_server_dropped_is_retried_on_a_fresh_one(
    postgres_url: str, postgres_engine: AsyncEngine
) -> None:
    pool = AsyncpgPool(settings_for_tests(async_url(postgres_url), db_pool_size=1))
    reads = PooledAsyncpgReads(pool)
    pid = sa.select(sa.func.pg_backend_pid().label("pid"))
    try:
        dropped = (await reads.fetch(pid, {}))[0]["pid"]
        await terminate(postgres_engine, dropped)

        replacement = (await reads.fetch(pid, {}))[0]["pid"]
    finally:
        await reads.close()

    assert replacement != dropped
