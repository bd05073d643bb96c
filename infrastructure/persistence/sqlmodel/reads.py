"""Where the read ports run their single statements.

Every read is one Core statement built from the tables (``statements``), atomic on its own, so it
needs no transaction. On SQLite it runs through SQLAlchemy on an autocommit connection, on
MariaDB through SQLAlchemy on a pool of autocommit connections of its own (``EngineReads``). On
PostgreSQL it is compiled once to asyncpg's SQL and run on an asyncpg pool of its own: SQLAlchemy's
connection, result and greenlet layers cost more than the query itself on a hot read (2.4x the
CPU per request of the same statement through asyncpg, measured on ``GET /api/articles/{slug}``).
"""

import asyncio
import logging
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass
from time import perf_counter
from typing import Any, Protocol, cast
from urllib.parse import quote, urlencode

import asyncpg
import orjson
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql.asyncpg import PGDialect_asyncpg
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from infrastructure.observability import metrics
from infrastructure.persistence.sqlmodel import mariadb
from infrastructure.persistence.sqlmodel.availability import (
    CONNECTION_LOST,
    outages_as_unavailable,
    unavailability,
)
from infrastructure.persistence.sqlmodel.engine import create_engine, postgres_connect_args
from infrastructure.persistence.sqlmodel.instrumentation import (
    statement_finished,
    statement_sent,
)
from infrastructure.settings import Settings

logger = logging.getLogger(__name__)

Row = Mapping[str, Any]


class ReadDatabase(Protocol):
    @property
    def dialect(self) -> str: ...

    async def fetch(self, statement: sa.Executable, params: Mapping[str, Any]) -> Sequence[Row]:
        """The rows of one statement, each a mapping of column name to value."""
        ...

    async def close(self) -> None: ...


@dataclass(frozen=True, slots=True)
class SqlAlchemyReads:
    """Reads through SQLAlchemy: the portable way, for SQLite and any other dialect."""

    connect: Callable[[], AbstractAsyncContextManager[AsyncConnection]]
    dialect: str

    async def fetch(self, statement: sa.Executable, params: Mapping[str, Any]) -> Sequence[Row]:
        with outages_as_unavailable():
            async with self.connect() as connection:
                result = await connection.execute(statement, params)
                return cast(Sequence[Row], result.mappings().all())

    async def close(self) -> None:
        """The engine owns the connections."""


@dataclass(frozen=True, slots=True)
class EngineReads(SqlAlchemyReads):
    """``SqlAlchemyReads`` on an engine of their own, disposed of with them."""

    engine: AsyncEngine

    async def close(self) -> None:
        await self.engine.dispose()


Encoder = Callable[[Any], Any]


@dataclass(frozen=True, slots=True)
class CompiledStatement:
    sql: str
    parameter_names: tuple[str, ...]
    # What SQLAlchemy's bind processing would do that asyncpg does not: JSON goes as text.
    encoders: tuple[Encoder | None, ...]

    def arguments(self, params: Mapping[str, Any]) -> list[Any]:
        """``params`` in the statement's order, as asyncpg sends them."""
        return [
            params[name] if encode is None else encode(params[name])
            for name, encode in zip(self.parameter_names, self.encoders, strict=True)
        ]


def json_text(value: object) -> str:
    """A JSON value as asyncpg sends it to a ``json`` or ``jsonb`` parameter: text."""
    return orjson.dumps(value).decode()


def _encoder(column_type: sa.types.TypeEngine[Any]) -> Encoder | None:
    if isinstance(column_type, sa.JSON):
        # ``none_as_null``: Python's None is SQL NULL, as SQLAlchemy stores it; else JSON null.
        if column_type.none_as_null:
            return lambda value: None if value is None else json_text(value)
        return json_text
    if isinstance(column_type, sa.ARRAY) and isinstance(column_type.item_type, sa.JSON):
        return lambda values: [json_text(value) for value in values]
    return None


_DIALECT = PGDialect_asyncpg()  # type: ignore[no-untyped-call]
# Keyed by identity, holding the statement itself so that its id is never reused by another.
_compiled: dict[int, tuple[sa.Executable, CompiledStatement]] = {}


def compile_for_asyncpg(statement: sa.Executable) -> CompiledStatement:
    """asyncpg's SQL (``$1``, ``$2``...) for a statement, compiled on its first use only.

    The statements are built once (module constants or cached per shape in ``statements``).
    Parameters go as asyncpg's own types (aware datetimes for ``timestamptz``), which is what
    the tables' column types hold, so no SQLAlchemy bind or result processing is needed; JSON
    goes as text (``CompiledStatement.encoders``).
    """
    entry = _compiled.get(id(statement))
    if entry is None:
        entry = (statement, _compile(statement)[0])
        _compiled[id(statement)] = entry
    return entry[1]


def compile_with_values(statement: sa.Executable) -> tuple[CompiledStatement, dict[str, Any]]:
    """asyncpg's SQL for a statement built for one call, and the values built into it (a list
    in ``IN`` becomes one parameter per item): compiled for that call alone, kept nowhere."""
    compiled, sql = _compile(statement, render_postcompile=True)
    return compiled, sql.params


def _compile(statement: sa.Executable, **options: Any) -> tuple[CompiledStatement, Any]:
    sql = statement.compile(dialect=_DIALECT, compile_kwargs=options)  # type: ignore[attr-defined]
    names = tuple(sql.positiontup or ())
    # An expanded ``IN`` parameter (``keys_1_2``) is typed by the one it came from (``keys_1``).
    binds = [sql.binds[name if name in sql.binds else name.rsplit("_", 1)[0]] for name in names]
    encoders = tuple(_encoder(bind.type) for bind in binds)
    return CompiledStatement(sql.string, names, encoders), sql


class AsyncpgReads:
    """Reads on PostgreSQL: compiled SQLAlchemy statements run by asyncpg directly."""

    dialect = "postgresql"

    def __init__(
        self,
        acquire: Callable[[], AbstractAsyncContextManager[asyncpg.Connection]],
        slow_query_ms: float = 0,
    ) -> None:
        self.acquire = acquire
        self._slow_seconds = slow_query_ms / 1000

    async def fetch(self, statement: sa.Executable, params: Mapping[str, Any]) -> Sequence[Row]:
        compiled = compile_for_asyncpg(statement)
        arguments = compiled.arguments(params)
        # A plain try rather than ``outages_as_unavailable``: free on the hot path.
        try:
            try:
                return await self._run(compiled.sql, arguments)
            except CONNECTION_LOST:
                # A connection the server closed fails on its next use; a read is safe to
                # repeat, so it is retried once on a fresh connection instead of failing.
                return await self._run(compiled.sql, arguments)
        except Exception as error:
            unavailable = unavailability(error)
            if unavailable is None:
                raise
            raise unavailable from error

    async def _run(self, sql: str, arguments: list[Any]) -> Sequence[Row]:
        async with self.acquire() as connection:
            statement_sent()
            started = perf_counter()
            try:
                rows: Sequence[Row] = await connection.fetch(sql, *arguments)
            except CONNECTION_LOST:
                # Not back into the pool: the retry must not be handed this connection again.
                connection.terminate()
                raise
            statement_finished(sql, perf_counter() - started, self._slow_seconds)
            return rows

    async def close(self) -> None:
        """The pool (see ``AsyncpgPool``) is closed by its owner."""


async def _keep_session(_connection: asyncpg.Connection) -> None:
    """Return a read connection to the pool as it is.

    asyncpg's default reset sends ``SELECT pg_advisory_unlock_all(); CLOSE ALL; UNLISTEN *;
    RESET ALL`` on every release: a round trip per read. Reads change no session state (no SET,
    LISTEN, locks or cursors), and asyncpg still rolls back a transaction left open.
    """


def asyncpg_dsn(database_url: str) -> str:
    """asyncpg's DSN for SQLAlchemy's URL. Several ``host=`` parameters (the nodes of a
    high-availability cluster) become asyncpg's list of hosts, which it tries in order until
    one fits ``target_session_attrs``; asyncpg would keep only the last ``host=``."""
    url = make_url(database_url).set(drivername="postgresql")
    hosts = url.query.get("host")
    if not isinstance(hosts, tuple):
        return url.render_as_string(hide_password=False)
    rest = url.difference_update_query(["host"])
    credentials = ""
    if url.username:
        credentials = quote(url.username, safe="")
        if url.password:
            credentials += ":" + quote(str(url.password), safe="")
        credentials += "@"
    query = urlencode(rest.query, doseq=True)
    database = quote(url.database or "", safe="")
    return f"postgresql://{credentials}{','.join(hosts)}/{database}" + (
        f"?{query}" if query else ""
    )


class AsyncpgPool:
    """An asyncpg pool opened on first use (or ``open``), sized like the SQLAlchemy one."""

    def __init__(self, settings: Settings) -> None:
        self._dsn = asyncpg_dsn(settings.database_url)
        self._size = settings.db_pool_size
        self._max_size = settings.db_pool_size + settings.db_max_overflow
        self._timeout = settings.db_pool_timeout_seconds
        self._connect_args = postgres_connect_args(settings)
        self._pool: asyncpg.Pool | None = None
        self._opening = asyncio.Lock()

    async def open(self) -> asyncpg.Pool:
        async with self._opening:
            if self._pool is None:
                self._pool = await asyncpg.create_pool(
                    self._dsn,
                    min_size=1,
                    max_size=self._max_size,
                    reset=_keep_session,
                    **self._connect_args,
                )
        return self._pool

    @asynccontextmanager
    async def acquire(self) -> AsyncIterator[asyncpg.Connection]:
        pool = self._pool or await self.open()
        # asyncio.timeout rather than acquire(timeout=): the latter wraps every call in a task.
        async with asyncio.timeout(self._timeout):
            connection = await pool.acquire()
        metrics.connection_checked_out()
        try:
            yield connection
        finally:
            await pool.release(connection)
            metrics.connection_checked_in()

    async def close(self) -> None:
        if self._pool is None:
            return
        pool, self._pool = self._pool, None
        # asyncpg's close waits for every acquired connection to come back and for each server
        # to acknowledge its goodbye: a connection stranded by an outage would hold a shutdown
        # for ever. Past the pool's own timeout, its connections are cut instead.
        try:
            async with asyncio.timeout(self._timeout):
                await pool.close()
        except TimeoutError:
            logger.warning(
                "read pool did not close in %s s; its connections were cut", self._timeout
            )
            pool.terminate()


class PooledAsyncpgReads(AsyncpgReads):
    """``AsyncpgReads`` over a pool it owns."""

    def __init__(self, pool: AsyncpgPool, slow_query_ms: float = 0) -> None:
        super().__init__(pool.acquire, slow_query_ms)
        self._pool = pool

    async def close(self) -> None:
        await self._pool.close()


def create_read_database(settings: Settings, engine: AsyncEngine) -> ReadDatabase:
    if engine.dialect.name == "postgresql":
        return PooledAsyncpgReads(AsyncpgPool(settings), settings.slow_query_ms)
    if engine.dialect.name == mariadb.DIALECT:
        reads = create_engine(settings, **mariadb.AUTOCOMMIT_READS)
        return EngineReads(connect=reads.connect, dialect=mariadb.DIALECT, engine=reads)
    # In autocommit a single statement needs no BEGIN and ROLLBACK round trips around it.
    autocommit = engine.execution_options(isolation_level="AUTOCOMMIT")
    return SqlAlchemyReads(connect=autocommit.connect, dialect=engine.dialect.name)
