"""Core statements built once, run in a unit of work's transaction: by asyncpg itself on
PostgreSQL, through the session elsewhere.

On PostgreSQL the statements of a write (loading and saving users, articles and comments, the
links, the change log, the answer read back) are compiled once to asyncpg's SQL
(``compile_for_asyncpg``) and sent by asyncpg on the session's own connection, inside its
transaction; the session still owns the transaction (BEGIN, savepoints, COMMIT). Through
SQLAlchemy's session a cached Core INSERT costs about 185 us of the server's CPU, through
asyncpg 80 (``docs/performance.md``, "Fourth step"). On SQLite and MariaDB the same statements
go through the session.

Statements must be built once (module constants, or cached per shape): the compiled SQL is
kept per statement object.
"""

from collections.abc import Mapping, Sequence
from typing import Any, cast

import asyncpg
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from infrastructure.persistence.sqlmodel.errors import translate_integrity_error
from infrastructure.persistence.sqlmodel.instrumentation import statement_sent
from infrastructure.persistence.sqlmodel.reads import ReadDatabase, Row, compile_for_asyncpg


def on_postgresql(session: AsyncSession) -> bool:
    return session.get_bind().dialect.name == "postgresql"


# Where a session keeps the asyncpg connection of its current transaction (``Session.info``).
_HELD = "conduit.driver_connection"


async def _connection(session: AsyncSession) -> asyncpg.Connection:
    """The session's asyncpg connection, its transaction begun."""
    # Asked of SQLAlchemy once per transaction or savepoint: each ask costs two greenlet
    # switches, and the first one in a savepoint is what sends its SAVEPOINT.
    transaction = _innermost(session)
    held = session.info.get(_HELD)
    if held is not None and transaction is not None and held[0] is transaction:
        held_connection: asyncpg.Connection = held[1]
        return held_connection
    proxied = await (await session.connection()).get_raw_connection()
    adapted: Any = proxied.dbapi_connection
    # SQLAlchemy's asyncpg adapter sends BEGIN lazily, with the first statement it runs itself;
    # a statement sent past it begins the transaction first, the way the adapter would, so the
    # adapter's COMMIT or ROLLBACK then ends it. (Private to the adapter: the pinned SQLAlchemy
    # is exercised by every write of the PostgreSQL test suites.)
    if adapted._transaction is None:
        await adapted._start_transaction()
    connection: asyncpg.Connection = proxied.driver_connection
    session.info[_HELD] = (_innermost(session), connection)
    return connection


def _innermost(session: AsyncSession) -> object:
    sync = session.sync_session
    return sync.get_nested_transaction() or sync.get_transaction()


async def fetch(
    session: AsyncSession, statement: sa.Executable, params: Mapping[str, Any]
) -> Sequence[Row]:
    """The rows ``statement`` returns, each a mapping of column name to value; a broken
    constraint becomes the domain's error."""
    if not on_postgresql(session):
        result = await _through_session(session, statement, params)
        return cast(Sequence[Row], result.mappings().all())
    rows: Sequence[Row] = await _through_asyncpg(session, statement, params, rows=True)
    return rows


async def execute(
    session: AsyncSession, statement: sa.Executable, params: Mapping[str, Any]
) -> int:
    """Run a write that returns no rows; how many rows it changed."""
    if not on_postgresql(session):
        result = await _through_session(session, statement, params)
        return int(result.rowcount)  # type: ignore[attr-defined]
    status: str = await _through_asyncpg(session, statement, params, rows=False)
    # The command tag: "UPDATE 1", "DELETE 0", "INSERT 0 3".
    return int(status.rsplit(" ", 1)[-1])


async def _through_session(
    session: AsyncSession, statement: sa.Executable, params: Mapping[str, Any]
) -> sa.Result[Any]:
    try:
        return await session.execute(statement, params)
    except IntegrityError as error:
        raise translate_integrity_error(error) from error


async def _through_asyncpg(
    session: AsyncSession, statement: sa.Executable, params: Mapping[str, Any], *, rows: bool
) -> Any:
    """``fetch`` (``rows``) or ``execute`` on the session's asyncpg connection."""
    compiled = compile_for_asyncpg(statement)
    connection = await _connection(session)
    send = connection.fetch if rows else connection.execute
    statement_sent()
    try:
        return await send(compiled.sql, *compiled.arguments(params))
    except asyncpg.IntegrityConstraintViolationError as error:
        raise translate_integrity_error(error) from error


class TransactionReads(ReadDatabase):
    """Read ports inside a unit of work's transaction: they see its uncommitted changes."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    @property
    def dialect(self) -> str:
        return self._session.get_bind().dialect.name

    async def fetch(self, statement: sa.Executable, params: Mapping[str, Any]) -> Sequence[Row]:
        return await fetch(self._session, statement, params)

    async def close(self) -> None:
        """The unit of work owns the session."""


def parameters(table: sa.Table, columns: tuple[str, ...]) -> dict[str, sa.BindParameter[Any]]:
    """For an INSERT's or UPDATE's ``values``: one parameter per column, named after it."""
    return {name: sa.bindparam(name, type_=table.c[name].type) for name in columns}


def insert_returning_id(table: sa.Table, columns: tuple[str, ...]) -> sa.Insert:
    """An INSERT of one row of ``columns``, returning its id."""
    return sa.insert(table).values(parameters(table, columns)).returning(table.c.id)
