"""Statements asyncpg runs itself on the connection under a unit of work's transaction.

On PostgreSQL the hottest statements of a write (its change log, its tag links, the answer read
back) are built once from the tables, compiled once to asyncpg's SQL (``compile_for_asyncpg``)
and sent by asyncpg on the session's own connection, inside its transaction, after and before
what the ORM flushes there. Through SQLAlchemy's session a cached Core INSERT costs about 185 us
of the server's CPU, through asyncpg 80 (``docs/performance.md``, "Fourth step").

Parameters go as asyncpg's own types, as on the read path; JSON goes as text (``json_text``).
"""

from collections.abc import Mapping, Sequence
from typing import Any

import asyncpg
import orjson
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from infrastructure.persistence.sqlmodel.errors import translate_integrity_error
from infrastructure.persistence.sqlmodel.instrumentation import statement_sent
from infrastructure.persistence.sqlmodel.reads import (
    ReadDatabase,
    Row,
    SessionReads,
    compile_for_asyncpg,
)


def on_postgresql(session: AsyncSession) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def json_text(value: object) -> str:
    """A JSON column's value as asyncpg sends it (text); ``None`` is JSON's ``null``, as
    SQLAlchemy stores it."""
    return orjson.dumps(value).decode()


async def _connection(session: AsyncSession) -> asyncpg.Connection:
    """The session's asyncpg connection, its transaction begun."""
    proxied = await (await session.connection()).get_raw_connection()
    adapted: Any = proxied.dbapi_connection
    # SQLAlchemy's asyncpg adapter sends BEGIN lazily, with the first statement it runs itself;
    # a statement sent past it begins the transaction first, the way the adapter would, so the
    # adapter's COMMIT or ROLLBACK then ends it. (Private to the adapter: the pinned SQLAlchemy
    # is exercised by every write of the PostgreSQL test suites.)
    if adapted._transaction is None:
        await adapted._start_transaction()
    connection: asyncpg.Connection = proxied.driver_connection
    return connection


async def fetch(
    session: AsyncSession, statement: sa.Executable, params: Mapping[str, Any]
) -> Sequence[Row]:
    """The rows ``statement`` (built once: a module constant) returns, run by asyncpg in the
    session's transaction; a broken constraint becomes the domain's error, as through the
    session."""
    compiled = compile_for_asyncpg(statement)
    connection = await _connection(session)
    statement_sent()
    try:
        rows: Sequence[Row] = await connection.fetch(
            compiled.sql, *[params[name] for name in compiled.parameter_names]
        )
    except asyncpg.IntegrityConstraintViolationError as error:
        raise translate_integrity_error(error) from error
    return rows


class DriverReads(ReadDatabase):
    """Reads inside a unit of work's transaction on PostgreSQL: they see its uncommitted
    changes (``SessionReads`` elsewhere)."""

    dialect = "postgresql"

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def fetch(self, statement: sa.Executable, params: Mapping[str, Any]) -> Sequence[Row]:
        return await fetch(self._session, statement, params)

    async def close(self) -> None:
        """The unit of work owns the session."""


def transaction_reads(session: AsyncSession) -> ReadDatabase:
    """Reads that see the session's uncommitted changes."""
    return DriverReads(session) if on_postgresql(session) else SessionReads(session)


def insert_returning_id(table: sa.Table, columns: tuple[str, ...]) -> sa.Insert:
    """An INSERT of one row of ``columns`` (parameters named after them), returning its id."""
    return (
        sa.insert(table)
        .values({name: sa.bindparam(name, type_=table.c[name].type) for name in columns})
        .returning(table.c.id)
    )
