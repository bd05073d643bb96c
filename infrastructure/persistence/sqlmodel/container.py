"""The SQL backend's composition (SQLite, PostgreSQL): every storage port through SQLModel.

Writes go through sessions on the engine; reads through the read database (routed to the
replicas when some are configured). ``infrastructure/persistence/memory/container.py``
provides the same names in memory.
"""

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from dependency_injector import containers, providers
from sqlalchemy.ext.asyncio import AsyncEngine

from application.ports.clock import Clock
from infrastructure.health import SqlDatabaseProbe
from infrastructure.persistence.sqlmodel import driver
from infrastructure.persistence.sqlmodel.counts import SqlArticleCountRepair
from infrastructure.persistence.sqlmodel.engine import create_engine, create_session_factory
from infrastructure.persistence.sqlmodel.idempotency import SqlIdempotencyStore
from infrastructure.persistence.sqlmodel.inventory import SqlModelInventory
from infrastructure.persistence.sqlmodel.notifications import (
    SqlModelNotificationQueries,
    SqlModelNotificationRepository,
)
from infrastructure.persistence.sqlmodel.outbox import SqlModelOutbox
from infrastructure.persistence.sqlmodel.primary import PrimaryWatch
from infrastructure.persistence.sqlmodel.queries import (
    SqlModelArticleQueries,
    SqlModelAuditQueries,
    SqlModelCommentQueries,
    SqlModelProfileQueries,
    SqlModelTagQueries,
)
from infrastructure.persistence.sqlmodel.reads import ReadDatabase, create_read_database
from infrastructure.persistence.sqlmodel.replicas import (
    ReplicaRouter,
    create_replica_router,
    routed_read_database,
)
from infrastructure.persistence.sqlmodel.search import SqlModelArticleSearch
from infrastructure.persistence.sqlmodel.token_versions import SqlModelTokenVersions
from infrastructure.persistence.sqlmodel.unit_of_work import SqlModelUnitOfWork
from infrastructure.settings import Settings

logger = logging.getLogger("conduit.lifespan")


@asynccontextmanager
async def open_for_serving(
    engine: AsyncEngine, read_database: ReadDatabase, replica_router: ReplicaRouter
) -> AsyncIterator[None]:
    """A server's hold on the database, from start-up to shut-down."""
    # Opening one connection at start-up fails fast on a wrong URL and warms the pool.
    async with engine.connect():
        pass
    try:
        await replica_router.start()
        yield
    finally:
        await close_connections(engine, read_database)
        logger.info("database connections closed")


async def close_connections(engine: AsyncEngine, read_database: ReadDatabase) -> None:
    """Closes the pools, the read database's first: what a process does on its way out."""
    await read_database.close()
    await engine.dispose()


class SqlStorage(containers.DeclarativeContainer):
    settings = providers.Dependency(instance_of=Settings)
    clock: providers.Dependency[Clock] = providers.Dependency()

    # Notices when the primary moves (failover, switchover): metrics, logs and /readyz.
    primary_watch = providers.Singleton(PrimaryWatch)
    engine = providers.Singleton(create_engine, settings, primary_watch)
    session_factory = providers.Singleton(create_session_factory, engine)
    # What units of work and the relay write in (``driver``).
    transactions = providers.Singleton(driver.transactions, engine)
    primary_read_database = providers.Singleton(create_read_database, settings, engine)
    replica_router = providers.Singleton(create_replica_router, settings, primary_read_database)
    read_database = providers.Singleton(routed_read_database, primary_read_database, replica_router)

    # The application gives the unit of work its commit observer when it asks for one.
    uow = providers.Factory(SqlModelUnitOfWork, transactions, clock)
    outbox = providers.Factory(SqlModelOutbox, transactions)
    notification_repository = providers.Factory(SqlModelNotificationRepository, transactions)
    # On the primary: a live push reads what the relay has just committed.
    notification_queries = providers.Factory(SqlModelNotificationQueries, primary_read_database)
    # In the database, so that a retry reaching another process finds its key.
    idempotency_store = providers.Factory(SqlIdempotencyStore, session_factory)

    article_queries = providers.Factory(SqlModelArticleQueries, read_database)
    profile_queries = providers.Factory(SqlModelProfileQueries, read_database)
    comment_queries = providers.Factory(SqlModelCommentQueries, read_database)
    tag_queries = providers.Factory(SqlModelTagQueries, read_database)
    audit_queries = providers.Factory(SqlModelAuditQueries, read_database)
    token_versions = providers.Singleton(
        SqlModelTokenVersions,
        primary_read_database,
        cache_seconds=settings.provided.token_version_cache_seconds,
    )
    article_search = providers.Factory(SqlModelArticleSearch, read_database)
    inventory = providers.Factory(SqlModelInventory, read_database)
    article_count_repair = providers.Factory(SqlArticleCountRepair, session_factory)

    # What the cache is filled from: a lagging replica's answer stored right after a write's
    # invalidation would outlive it for a whole TTL.
    primary_article_queries = providers.Factory(SqlModelArticleQueries, primary_read_database)
    primary_profile_queries = providers.Factory(SqlModelProfileQueries, primary_read_database)
    primary_tag_queries = providers.Factory(SqlModelTagQueries, primary_read_database)

    database_probe = providers.Factory(
        SqlDatabaseProbe, engine, settings.provided.readiness_timeout_seconds, primary_watch
    )
    serving = providers.Factory(open_for_serving, engine, read_database, replica_router)
    close = providers.Callable(close_connections, engine, read_database)
