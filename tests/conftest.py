"""Fixtures shared by every tier: containers over each backend, HTTP clients, SQL counters.

Isolation: the in-memory backend starts empty, SQLite gets a fresh copy of a migrated
template file, PostgreSQL runs each test inside a transaction that is rolled back
(the unit of work's commits become savepoints), and MariaDB's tables are emptied before each
test (InnoDB's full-text index sees only committed rows, so its tests really commit).

The HTTP app, the migrations and the database helpers are imported inside the fixtures that
use them: the unit tier, which uses none of them, does not pay for importing them at start-up.
"""

from __future__ import annotations

import asyncio
import re
import shutil
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from dependency_injector import providers

from infrastructure.container import Container
from tests.factories import settings_for_tests

if TYPE_CHECKING:
    from httpx import AsyncClient
    from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

BACKENDS = ["memory", "sqlite", "postgres", "mariadb"]
SQL_BACKENDS = ["sqlite", "postgres", "mariadb"]


@pytest.fixture(scope="session")
def sqlite_template() -> Iterator[Path]:
    from tests.databases import migrated_sqlite_template

    with migrated_sqlite_template() as template:
        yield template


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """The URL of the session's PostgreSQL server (configured, or embedded and started once)."""
    from tests.databases import postgres_server_url

    with postgres_server_url() as url:
        yield url


@pytest.fixture(scope="session")
def postgres_url(postgres_server: str) -> Iterator[str]:
    """A migrated PostgreSQL database for the session (sync URL)."""
    from infrastructure.migrations import upgrade_to_head
    from tests.databases import fresh_postgres_database

    with fresh_postgres_database(postgres_server) as url:
        upgrade_to_head(url)
        yield url


@pytest.fixture(scope="session")
def postgres_engine(postgres_url: str) -> AsyncEngine:
    from sqlalchemy.ext.asyncio import create_async_engine
    from sqlalchemy.pool import NullPool

    from tests.databases import async_url

    # No pool: nothing to dispose, and a synchronous fixture can be requested lazily.
    return create_async_engine(async_url(postgres_url), poolclass=NullPool)


@pytest.fixture(scope="session")
def mariadb_url() -> Iterator[str]:
    """A migrated MariaDB database for the session (async URL)."""
    from tests.databases import migrated_mariadb_database

    with migrated_mariadb_database() as url:
        yield url


@pytest.fixture
async def empty_committing_mariadb(mariadb_url: str) -> str:
    """The session's MariaDB database, emptied: its tests always commit."""
    from tests.databases import empty_mariadb

    await empty_mariadb(mariadb_url)
    return mariadb_url


@pytest.fixture(scope="module")
def committing_postgres_url(postgres_server: str) -> Iterator[str]:
    """A migrated database of its own for tests whose transactions really commit (several
    connections or processes at once); ``empty_committing_postgres`` empties it per test."""
    from infrastructure.migrations import upgrade_to_head
    from tests.databases import async_url, fresh_postgres_database

    with fresh_postgres_database(postgres_server) as url:
        upgrade_to_head(url)
        yield async_url(url)


@pytest.fixture
def fresh_database(postgres_server: str) -> Iterator[str]:
    """A migrated database of the test's own (sync URL): for server processes run against it,
    and checked afterwards, as the fault and soak tests do."""
    from infrastructure.migrations import upgrade_to_head
    from tests.databases import fresh_postgres_database

    with fresh_postgres_database(postgres_server) as url:
        upgrade_to_head(url)
        yield url


@pytest.fixture
async def empty_committing_postgres(committing_postgres_url: str) -> str:
    import sqlalchemy as sa
    from sqlalchemy.ext.asyncio import create_async_engine
    from sqlalchemy.pool import NullPool
    from sqlmodel import SQLModel

    engine = create_async_engine(committing_postgres_url, poolclass=NullPool)
    async with engine.begin() as connection:
        names = ", ".join(f'"{table}"' for table in SQLModel.metadata.tables)
        await connection.execute(sa.text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    await engine.dispose()
    return committing_postgres_url


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
async def container(
    backend: str, request: pytest.FixtureRequest, tmp_path: Path
) -> AsyncIterator[Container]:
    container = Container()
    if backend == "memory":
        container.settings.override(providers.Object(settings_for_tests("memory")))
        yield container
    elif backend == "sqlite":
        database = tmp_path / "conduit.db"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), database)
        container.settings.override(
            providers.Object(settings_for_tests(f"sqlite+aiosqlite:///{database}"))
        )
        yield container
        await container.engine().dispose()
    elif backend == "mariadb":
        from tests.databases import empty_mariadb

        url = request.getfixturevalue("mariadb_url")
        await empty_mariadb(url)
        container.settings.override(providers.Object(settings_for_tests(url)))
        yield container
        await container.storage().close()
    else:
        from sqlalchemy.ext.asyncio import async_sessionmaker

        from infrastructure.persistence.sqlmodel import driver
        from infrastructure.persistence.sqlmodel.reads import AsyncpgReads

        engine: AsyncEngine = request.getfixturevalue("postgres_engine")
        async with engine.connect() as connection:
            transaction = await connection.begin()
            container.settings.override(
                providers.Object(
                    settings_for_tests(engine.url.render_as_string(hide_password=False))
                )
            )
            sql = container.storage()
            sql.engine.override(providers.Object(engine))
            sql.session_factory.override(
                providers.Object(
                    async_sessionmaker(
                        bind=connection,
                        join_transaction_mode="create_savepoint",
                        expire_on_commit=False,
                        autoflush=False,
                    )
                )
            )
            # Begun on the server now, so that every transaction of the code under test
            # nests in it (asyncpg sends SAVEPOINT for their BEGIN) and none commits.
            await connection.exec_driver_sql("SELECT 1")
            sql.transactions.override(
                providers.Object(lambda: driver.transaction(lending(connection), "postgresql"))
            )
            reads = AsyncpgReads(borrowing(connection))
            sql.read_database.override(providers.Object(reads))
            sql.primary_read_database.override(providers.Object(reads))
            yield container
            await transaction.rollback()


@pytest.fixture
async def client(container: Container) -> AsyncIterator[AsyncClient]:
    from httpx import ASGITransport, AsyncClient

    from interfaces.http.app import create_app

    app = create_app(container)
    async with AsyncClient(
        transport=ASGITransport(app=app), base_url="http://conduit.test"
    ) as http:
        yield http


def lending(connection: AsyncConnection) -> Callable[[], AbstractAsyncContextManager[Any]]:
    """The test's own connection (inside its transaction) for a transaction, left open."""

    @asynccontextmanager
    async def lend() -> AsyncIterator[AsyncConnection]:
        yield connection

    return lend


def borrowing(connection: AsyncConnection) -> Callable[[], AbstractAsyncContextManager[Any]]:
    """Read ports' connections that all are the test's own (inside its transaction), left open."""

    @asynccontextmanager
    async def acquire() -> AsyncIterator[Any]:
        yield (await connection.get_raw_connection()).driver_connection

    return acquire


_TRANSACTION_CONTROL = re.compile(r"\s*(BEGIN|COMMIT|ROLLBACK)\b", re.IGNORECASE)


class StatementCounter:
    def __init__(self) -> None:
        self.statements: list[str] = []

    @property
    def count(self) -> int:
        return len(self.statements)

    def reset(self) -> None:
        self.statements.clear()


@asynccontextmanager
async def counting_statements(container: Container) -> AsyncIterator[StatementCounter]:
    """Record every SQL statement sent: SQLAlchemy's through its cursor events; on PostgreSQL,
    those asyncpg sends itself (the reads on their own pool, and a transaction's statements on
    its pooled connection, ``driver``) through asyncpg's query logger. Transaction control is
    not counted: BEGIN, COMMIT and ROLLBACK go past SQLAlchemy's cursor events, and asyncpg's
    query logger leaves them out here."""
    from sqlalchemy import event

    from infrastructure.persistence.sqlmodel.reads import AsyncpgReads

    counter = StatementCounter()

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        counter.statements.append(statement)

    def log(query: Any) -> None:
        if not _TRANSACTION_CONTROL.match(query.query):
            counter.statements.append(query.query)

    def checked_out(_dbapi: Any, record: Any, _proxy: Any) -> None:
        record.driver_connection.add_query_logger(log)

    def checked_in(_dbapi: Any, record: Any) -> None:
        record.driver_connection.remove_query_logger(log)

    reads = container.read_database()
    # MariaDB's reads have an engine of their own.
    engines = {
        container.engine().sync_engine,
        getattr(reads, "engine", container.engine()).sync_engine,
    }
    for engine in engines:
        event.listen(engine, "before_cursor_execute", record)
    on_postgresql = isinstance(reads, AsyncpgReads)
    pool = container.engine().sync_engine.pool
    if on_postgresql:
        event.listen(pool, "checkout", checked_out)
        event.listen(pool, "checkin", checked_in)
    try:
        if on_postgresql:
            async with reads.acquire() as driver:
                with driver.query_logger(log):
                    yield counter
                    await asyncio.sleep(0)  # asyncpg calls its query loggers soon, not at once
        else:
            yield counter
    finally:
        for engine in engines:
            event.remove(engine, "before_cursor_execute", record)
        if on_postgresql:
            event.remove(pool, "checkout", checked_out)
            event.remove(pool, "checkin", checked_in)
