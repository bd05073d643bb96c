"""Engine and session factory, configured from settings."""

import time
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import ExceptionContext, make_url
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from infrastructure.persistence.sqlmodel import mariadb
from infrastructure.persistence.sqlmodel.availability import READ_ONLY_TRANSACTION, sqlstate_of
from infrastructure.persistence.sqlmodel.instrumentation import instrument
from infrastructure.persistence.sqlmodel.primary import PrimaryWatch, server_address
from infrastructure.settings import Settings

_CLIENT_TIMEOUT_GRACE_SECONDS = 1.0


def create_engine(
    settings: Settings, primary: PrimaryWatch | None = None, **engine_options: Any
) -> AsyncEngine:
    """``engine_options``: SQLAlchemy's, over the ones made from the settings."""
    # CONDUIT_DB_ECHO sets a log level (``observability.logs``): echo adds its own handler.
    options: dict[str, Any] = {
        # Parameters (emails, password hashes) stay out of logs and error messages.
        "hide_parameters": True,
    }
    mariadb_url = make_url(settings.database_url).get_backend_name() == mariadb.DIALECT
    if settings.is_sqlite:
        options["connect_args"] = {"timeout": settings.db_pool_timeout_seconds}
    else:
        connect_args = mariadb.connect_args if mariadb_url else postgres_connect_args
        options |= {
            "pool_size": settings.db_pool_size,
            "max_overflow": settings.db_max_overflow,
            "pool_timeout": settings.db_pool_timeout_seconds,
            "connect_args": connect_args(settings),
        }
    engine = create_async_engine(settings.database_url, **options | engine_options)
    if mariadb_url:
        mariadb.configure(engine)
    if settings.is_sqlite:
        event.listen(engine.sync_engine, "connect", _configure_sqlite)
    else:
        if not mariadb_url:
            _follow_the_primary(engine, primary or PrimaryWatch())
        if settings.db_pool_pre_ping:
            _ping_connections_idle_for(engine, settings.db_pool_ping_idle_seconds)
    instrument(engine, settings.slow_query_ms)
    return engine


def postgres_connect_args(settings: Settings) -> dict[str, Any]:
    """asyncpg's options for every connection, the write pool's and the read pool's: how long
    connecting may take, and the statement timeout.

    The server cancels a statement past ``statement_timeout`` and the connection stays usable;
    the client's own ``command_timeout``, a second later, covers a server that answers nothing
    at all (hung, or cut off by the network).
    """
    arguments: dict[str, Any] = {"timeout": settings.db_connect_timeout_seconds}
    milliseconds = settings.db_statement_timeout_ms
    if milliseconds:
        arguments["server_settings"] = {"statement_timeout": str(milliseconds)}
        arguments["command_timeout"] = milliseconds / 1000 + _CLIENT_TIMEOUT_GRACE_SECONDS
    return arguments


def _follow_the_primary(engine: AsyncEngine, primary: PrimaryWatch) -> None:
    """Note where each new write connection lands, and drop every pooled connection once one
    finds its server read-only: a node demoted without a restart (SQLSTATE 25006). Connections
    the old primary dropped are discarded the same way by SQLAlchemy's own disconnect
    handling; the next ones find the new primary (``target_session_attrs=read-write``)."""

    def connected(dbapi_connection: Any, _record: Any) -> None:
        address = server_address(dbapi_connection)
        if address is not None:
            primary.connected(address)

    def failed(context: ExceptionContext) -> None:
        if sqlstate_of(context.original_exception) == READ_ONLY_TRANSACTION:
            context.is_disconnect = True

    event.listen(engine.sync_engine, "connect", connected)
    event.listen(engine.sync_engine, "handle_error", failed)


def _ping_connections_idle_for(engine: AsyncEngine, seconds: float) -> None:
    """Check a pooled connection before use, but only one that sat idle for ``seconds``.

    SQLAlchemy's ``pool_pre_ping`` pings on every checkout, as ``BEGIN; ; ROLLBACK``: three round
    trips before a read that needs one. A connection returned moments ago was just proven alive,
    and a server restart drops idle connections first, so only those are worth a ping.
    """
    pool, dialect = engine.sync_engine.pool, engine.sync_engine.dialect

    def returned(_dbapi_connection: Any, record: Any) -> None:
        record.info["returned_at"] = time.monotonic()

    def checked_out(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        returned_at = record.info.get("returned_at")
        if returned_at is None or time.monotonic() - returned_at < seconds:
            return
        try:
            dialect.do_ping(dbapi_connection)
        except Exception as error:
            # The pool discards this connection and checks out (or opens) another.
            raise DisconnectionError(str(error)) from error

    event.listen(pool, "checkin", returned)
    event.listen(pool, "checkout", checked_out)


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
