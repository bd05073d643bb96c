"""Engine and session factory, configured from settings."""

from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import (
    AsyncConnection,
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from infrastructure.settings import Settings


def create_engine(settings: Settings) -> AsyncEngine:
    options: dict[str, Any] = {"echo": settings.db_echo, "pool_pre_ping": settings.db_pool_pre_ping}
    if settings.is_sqlite:
        options["connect_args"] = {"timeout": settings.db_pool_timeout_seconds}
    else:
        options |= {
            "pool_size": settings.db_pool_size,
            "max_overflow": settings.db_max_overflow,
            "pool_timeout": settings.db_pool_timeout_seconds,
        }
    engine = create_async_engine(settings.database_url, **options)
    if settings.is_sqlite:
        event.listen(engine.sync_engine, "connect", _configure_sqlite)
    return engine


def _configure_sqlite(dbapi_connection: Any, _record: Any) -> None:
    # Foreign keys (and so ON DELETE CASCADE) are off in SQLite unless asked for per connection;
    # WAL lets readers proceed while one writer commits.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def create_session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False, autoflush=False)


@dataclass(frozen=True, slots=True)
class ReadDatabase:
    """Where the read ports run their single statements, and in which SQL dialect."""

    connect: Callable[[], AbstractAsyncContextManager[AsyncConnection]]
    dialect: str


def create_read_database(engine: AsyncEngine) -> ReadDatabase:
    # Each read is one statement, atomic on its own: in autocommit it needs no BEGIN and
    # ROLLBACK round trips around it (nor around the pool's liveness ping).
    autocommit = engine.execution_options(isolation_level="AUTOCOMMIT")
    return ReadDatabase(connect=autocommit.connect, dialect=engine.dialect.name)
