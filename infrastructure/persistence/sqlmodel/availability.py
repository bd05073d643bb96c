"""A database that is down or saturated becomes ``ServiceUnavailable``, so a request fails fast
with a 503 the client may retry, never a 500 or a hang.

What counts: the server refused or dropped the connection (stopped, restarting, failed over),
a write reached a server that is read-only (a primary demoted by a switchover),
no pooled connection came free within the pool's timeout, a statement ran past the statement
timeout, or the server had no connection slot left (MariaDB's codes: ``mariadb.is_outage``).
Anything else (a bug, a broken constraint) is left as it is.
"""

import logging
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

import asyncpg
from sqlalchemy import exc

from application.errors import ServiceUnavailable
from infrastructure.persistence.sqlmodel import mariadb

logger = logging.getLogger("conduit.database")

# Short: the pool and the statement timeouts already bound how long the server made us wait.
RETRY_AFTER_SECONDS = 2
MESSAGE = "the service is temporarily unavailable: try again later"

# What a connection the server closed (restart, failover, idle timeout) raises on its next use.
# InternalClientError: the server's unsolicited FATAL can reach an idle connection first and
# leave its protocol state broken ("cannot switch to state ...").
CONNECTION_LOST = (
    asyncpg.ConnectionDoesNotExistError,
    asyncpg.AdminShutdownError,
    asyncpg.CannotConnectNowError,
    asyncpg.InterfaceError,
    asyncpg.InternalClientError,
    ConnectionError,
)
# A write reached a server that is no longer (or not yet) the primary: a switchover or failover.
READ_ONLY_TRANSACTION = "25006"
_SQLSTATES = {
    READ_ONLY_TRANSACTION,
    "57014",  # query_canceled: the statement timeout
    "57P01",  # admin_shutdown
    "57P02",  # crash_shutdown
    "57P03",  # cannot_connect_now: starting up or shutting down
    "53300",  # too_many_connections
}
_CONNECTION_EXCEPTION_CLASS = "08"


def unavailability(error: BaseException) -> ServiceUnavailable | None:
    """``ServiceUnavailable`` when ``error`` (or what it wraps) says the database is down or
    saturated; ``None`` otherwise, and for an error that already is ``ServiceUnavailable``."""
    if isinstance(error, ServiceUnavailable):
        return None
    for cause in _causes(error):
        if _is_outage(cause):
            logger.warning("database unavailable: %r", cause)
            return ServiceUnavailable(MESSAGE, retry_after_seconds=RETRY_AFTER_SECONDS)
    return None


@contextmanager
def outages_as_unavailable() -> Iterator[None]:
    """Re-raise the database's outages inside the block as ``ServiceUnavailable``."""
    try:
        yield
    except Exception as error:
        unavailable = unavailability(error)
        if unavailable is None:
            raise
        raise unavailable from error


def sqlstate_of(error: BaseException) -> str | None:
    """The SQLSTATE the server answered with, wherever in ``error``'s causes it is."""
    for cause in _causes(error):
        sqlstate = getattr(cause, "sqlstate", None)
        if isinstance(sqlstate, str):
            return sqlstate
    return None


def _causes(error: BaseException) -> Iterator[BaseException]:
    """The error, then what it wraps: SQLAlchemy's ``orig``, the driver's ``__cause__``."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        wrapped = getattr(current, "orig", None)
        current = wrapped if isinstance(wrapped, BaseException) else current.__cause__


def _is_outage(error: BaseException) -> bool:
    if isinstance(error, exc.TimeoutError):  # no pooled connection came free in time
        return True
    if isinstance(error, exc.DBAPIError) and error.connection_invalidated:
        return True
    # Refused, reset or timed-out sockets, and the asyncpg client's own command timeout.
    if isinstance(error, (OSError, TimeoutError, *CONNECTION_LOST)):
        return True
    if isinstance(error, sqlite3.OperationalError):
        return "database is locked" in str(error)
    if mariadb.is_outage(error):
        return True
    sqlstate = getattr(error, "sqlstate", None)
    return isinstance(sqlstate, str) and (
        sqlstate in _SQLSTATES or sqlstate.startswith(_CONNECTION_EXCEPTION_CLASS)
    )
