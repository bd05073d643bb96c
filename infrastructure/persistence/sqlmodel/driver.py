"""A transaction on the primary and the statements it runs: by asyncpg itself on PostgreSQL,
through SQLAlchemy Core elsewhere.

Units of work and the relay write through a ``Transaction``. It checks a connection out of
SQLAlchemy's pool when its first statement runs (so the pool's size, timeouts, pings and
failover handling apply as they do to everything else) and returns it on ``close``.

- On PostgreSQL everything goes by asyncpg on that connection: BEGIN, the statements (compiled
  once to asyncpg's SQL, ``compile_for_asyncpg``), SAVEPOINT, COMMIT. SQLAlchemy's session and
  its adapter's transaction cost more than the statements: a transaction of one statement took
  240 us of CPU through the session, 170 this way (``docs/performance.md``, "Fifth step").
- On SQLite and MariaDB the same statements go through SQLAlchemy Core on the connection.

Statements come two ways. ``fetch``, ``execute`` and ``execute_many`` take a statement built
once (a module constant, or cached per shape) and its values as parameters: on PostgreSQL its
SQL is compiled on first use and kept. ``fetch_once`` and ``execute_once`` take a statement
built for this call with its values inside (rarer work: a purge's batch, an import's keys, saved
settings): compiled for that call alone.
"""

from abc import ABC, abstractmethod
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from contextlib import AbstractAsyncContextManager, AsyncExitStack, asynccontextmanager
from typing import Any, cast

import asyncpg
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from infrastructure.persistence.sqlmodel.availability import (
    CONNECTION_LOST,
    READ_ONLY_TRANSACTION,
    sqlstate_of,
)
from infrastructure.persistence.sqlmodel.errors import translate_integrity_error
from infrastructure.persistence.sqlmodel.instrumentation import statement_sent
from infrastructure.persistence.sqlmodel.reads import (
    CompiledStatement,
    ReadDatabase,
    Row,
    compile_for_asyncpg,
    compile_with_values,
)

# Where a transaction's connection comes from: the engine's pool (``AsyncEngine.connect``), or
# in tests one connection whose own transaction each of ours nests in.
Connections = Callable[[], AbstractAsyncContextManager[AsyncConnection]]


class Transaction(ABC):
    """Begun by its first statement; ``commit`` keeps what it did, ``rollback`` drops it (the
    next statement begins a new one); ``close`` drops what was not committed and returns the
    connection. A broken constraint raises the domain's error (``errors``)."""

    def __init__(self, connections: Connections, dialect: str) -> None:
        self.dialect = dialect
        self._connections = connections
        self._held: AsyncExitStack | None = None
        self._connection: AsyncConnection | None = None

    @abstractmethod
    async def fetch(self, statement: sa.Executable, params: Mapping[str, Any]) -> Sequence[Row]:
        """The rows a statement built once returns, each a mapping of column name to value."""

    @abstractmethod
    async def execute(self, statement: sa.Executable, params: Mapping[str, Any]) -> int:
        """Run a write built once that returns no rows; how many rows it changed."""

    @abstractmethod
    async def execute_many(
        self, statement: sa.Executable, rows: Sequence[Mapping[str, Any]]
    ) -> None:
        """Run a write built once for each of ``rows``."""

    @abstractmethod
    async def fetch_once(self, statement: sa.Executable) -> Sequence[Row]:
        """The rows of a statement built for this call, its values inside."""

    @abstractmethod
    async def execute_once(self, statement: sa.Executable) -> int:
        """Run a write built for this call; how many rows it changed."""

    @abstractmethod
    def savepoint(self) -> AbstractAsyncContextManager[None]:
        """What runs inside is undone, and only that, when it raises (which propagates)."""

    @abstractmethod
    async def commit(self) -> None: ...

    @abstractmethod
    async def rollback(self) -> None: ...

    async def close(self) -> None:
        if self._held is not None:
            held, self._held, self._connection = self._held, None, None
            await held.aclose()

    async def _checked_out(self) -> AsyncConnection:
        if self._connection is None:
            held = AsyncExitStack()
            self._connection = await held.enter_async_context(self._connections())
            self._held = held
        return self._connection


class AsyncpgTransaction(Transaction):
    """PostgreSQL: asyncpg sends everything, on a connection of SQLAlchemy's pool. Nested in the
    connection's own transaction when it has one (asyncpg then sends SAVEPOINT for BEGIN)."""

    def __init__(
        self, connections: Connections, drop_pool: Callable[[], Awaitable[None]] | None = None
    ) -> None:
        super().__init__(connections, "postgresql")
        self._drop_pool = drop_pool
        self._driver: asyncpg.Connection | None = None
        self._outermost: asyncpg.transaction.Transaction | None = None
        self._unusable = False

    async def fetch(self, statement: sa.Executable, params: Mapping[str, Any]) -> Sequence[Row]:
        compiled = compile_for_asyncpg(statement)
        rows: Sequence[Row] = await self._send(compiled, compiled.arguments(params), rows=True)
        return rows

    async def execute(self, statement: sa.Executable, params: Mapping[str, Any]) -> int:
        compiled = compile_for_asyncpg(statement)
        return _changed(await self._send(compiled, compiled.arguments(params), rows=False))

    async def execute_many(
        self, statement: sa.Executable, rows: Sequence[Mapping[str, Any]]
    ) -> None:
        compiled = compile_for_asyncpg(statement)
        connection = await self._begun()
        statement_sent()
        await self._sent(connection.executemany(compiled.sql, map(compiled.arguments, rows)))

    async def fetch_once(self, statement: sa.Executable) -> Sequence[Row]:
        compiled, values = compile_with_values(statement)
        rows: Sequence[Row] = await self._send(compiled, compiled.arguments(values), rows=True)
        return rows

    async def execute_once(self, statement: sa.Executable) -> int:
        compiled, values = compile_with_values(statement)
        return _changed(await self._send(compiled, compiled.arguments(values), rows=False))

    @asynccontextmanager
    async def savepoint(self) -> AsyncIterator[None]:
        point = (await self._begun()).transaction()
        await self._sent(point.start())
        try:
            yield
        except BaseException:
            try:
                await self._sent(point.rollback())
            except Exception:
                # The connection is lost (``_sent`` marked it): the block's error is the one
                # to raise.
                self._unusable = True
            raise
        await self._sent(point.commit())

    async def commit(self) -> None:
        if self._outermost is not None:
            outermost, self._outermost = self._outermost, None
            await self._sent(outermost.commit())

    async def rollback(self) -> None:
        if self._outermost is not None:
            outermost, self._outermost = self._outermost, None
            await self._sent(outermost.rollback())

    async def close(self) -> None:
        try:
            if not self._unusable:
                await self.rollback()
        except Exception:
            self._unusable = True
        finally:
            self._driver = None
            try:
                if self._unusable and self._connection is not None:
                    # Lost, or on a server no longer the primary: neither this connection nor
                    # the others pooled beside it (the server restarted, or moved) are handed
                    # out again, as SQLAlchemy does with a disconnect it meets itself.
                    await self._connection.invalidate()
                    if self._drop_pool is not None:
                        await self._drop_pool()
            finally:
                await super().close()

    async def _begun(self) -> asyncpg.Connection:
        driver = self._driver
        if driver is None:
            connection = await self._checked_out()
            raw = await connection.get_raw_connection()
            driver = cast(asyncpg.Connection, raw.driver_connection)
            self._driver = driver
        if self._outermost is None:
            outermost = driver.transaction()
            await self._sent(outermost.start())
            self._outermost = outermost
        return driver

    async def _send(self, compiled: CompiledStatement, arguments: list[Any], *, rows: bool) -> Any:
        connection = await self._begun()
        send = connection.fetch if rows else connection.execute
        statement_sent()
        return await self._sent(send(compiled.sql, *arguments))

    async def _sent(self, sending: Any) -> Any:
        """Await asyncpg; its constraint errors become the domain's, and a connection found
        lost or read-only is marked for the pool to drop."""
        try:
            return await sending
        except asyncpg.IntegrityConstraintViolationError as error:
            raise translate_integrity_error(error) from error
        except (OSError, *CONNECTION_LOST):
            self._unusable = True
            raise
        except asyncpg.PostgresError as error:
            if sqlstate_of(error) == READ_ONLY_TRANSACTION:
                self._unusable = True
            raise


def _changed(status: str) -> int:
    """How many rows a command tag says changed: "UPDATE 1", "DELETE 0", "INSERT 0 3"; none for
    a command that counts no rows ("SET")."""
    count = status.rsplit(" ", 1)[-1]
    return int(count) if count.isdecimal() else 0


class CoreTransaction(Transaction):
    """SQLite and MariaDB: SQLAlchemy Core on the pool's connection."""

    async def fetch(self, statement: sa.Executable, params: Mapping[str, Any]) -> Sequence[Row]:
        result = await self._run(statement, params)
        return cast(Sequence[Row], result.mappings().all())

    async def execute(self, statement: sa.Executable, params: Mapping[str, Any]) -> int:
        return _rowcount(await self._run(statement, params))

    async def execute_many(
        self, statement: sa.Executable, rows: Sequence[Mapping[str, Any]]
    ) -> None:
        await self._run(statement, rows)

    async def fetch_once(self, statement: sa.Executable) -> Sequence[Row]:
        return await self.fetch(statement, {})

    async def execute_once(self, statement: sa.Executable) -> int:
        return await self.execute(statement, {})

    @asynccontextmanager
    async def savepoint(self) -> AsyncIterator[None]:
        connection = await self._begun()
        try:
            async with connection.begin_nested():
                yield
        except IntegrityError as error:
            raise translate_integrity_error(error) from error

    async def commit(self) -> None:
        if self._connection is not None and self._connection.in_transaction():
            try:
                await self._connection.commit()
            except IntegrityError as error:
                raise translate_integrity_error(error) from error

    async def rollback(self) -> None:
        if self._connection is not None and self._connection.in_transaction():
            await self._connection.rollback()

    async def _begun(self) -> AsyncConnection:
        connection = await self._checked_out()
        if not connection.in_transaction():
            await connection.begin()
        return connection

    async def _run(self, statement: sa.Executable, params: Any) -> sa.Result[Any]:
        connection = await self._begun()
        try:
            return await connection.execute(statement, params)
        except IntegrityError as error:
            raise translate_integrity_error(error) from error


def _rowcount(result: sa.Result[Any]) -> int:
    return int(result.rowcount)  # type: ignore[attr-defined]


def transaction(
    connections: Connections, dialect: str, drop_pool: Callable[[], Awaitable[None]] | None = None
) -> Transaction:
    """A transaction for ``dialect`` on connections from ``connections``; ``drop_pool`` empties
    their pool when one is found lost (on PostgreSQL, where SQLAlchemy does not see it)."""
    if dialect == "postgresql":
        return AsyncpgTransaction(connections, drop_pool)
    return CoreTransaction(connections, dialect)


def transactions(engine: AsyncEngine) -> Callable[[], Transaction]:
    """New transactions on the engine's pool."""
    dialect = engine.dialect.name
    return lambda: transaction(engine.connect, dialect, engine.dispose)


@asynccontextmanager
async def committed(begin: Callable[[], Transaction]) -> AsyncIterator[Transaction]:
    """``async with committed(begin) as transaction:`` commits when the block ends normally."""
    opened = begin()
    try:
        yield opened
        await opened.commit()
    finally:
        await opened.close()


class TransactionReads(ReadDatabase):
    """Read ports inside a transaction: they see its uncommitted changes."""

    def __init__(self, transaction: Transaction) -> None:
        self._transaction = transaction

    @property
    def dialect(self) -> str:
        return self._transaction.dialect

    async def fetch(self, statement: sa.Executable, params: Mapping[str, Any]) -> Sequence[Row]:
        return await self._transaction.fetch(statement, params)

    async def close(self) -> None:
        """The transaction's owner closes it."""


def parameters(table: sa.Table, columns: tuple[str, ...]) -> dict[str, sa.BindParameter[Any]]:
    """For an INSERT's or UPDATE's ``values``: one parameter per column, named after it."""
    return {name: sa.bindparam(name, type_=table.c[name].type) for name in columns}


def insert_returning_id(table: sa.Table, columns: tuple[str, ...]) -> sa.Insert:
    """An INSERT of one row of ``columns``, returning its id."""
    return sa.insert(table).values(parameters(table, columns)).returning(table.c.id)
