"""MariaDB (10.10 or later: ``SKIP LOCKED``, the ``uca1400`` collations), reached through
asyncmy (PyMySQL for Alembic): what differs from the portable SQL the adapter writes.

SQLAlchemy calls the dialect ``mysql`` (``DIALECT``). Text compares as on PostgreSQL and SQLite:
the migrations make the database's default collation ``utf8mb4_nopad_bin`` (byte order is
code-point order), and only emails are case-insensitive (``tables.CASE_INSENSITIVE``).
"""

import logging
import re
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

import asyncmy.errors
import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.dialects import mysql
from sqlalchemy.engine import ExceptionContext
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.ext.compiler import compiles

from application.search import MATCH_END, MATCH_START, Phrase, SearchTerms
from infrastructure.persistence.sqlmodel.tables import notifications, outbox
from infrastructure.settings import Settings

if TYPE_CHECKING:  # the driver imports this module
    from infrastructure.persistence.sqlmodel.driver import Transaction

DIALECT = "mysql"
# innodb_ft_min_token_size's default: shorter words are not indexed.
_SHORTEST_INDEXED_WORD = 3
_EXCERPT_WORDS = 24
_TITLE_WEIGHT = 2
_WORD = re.compile(r"\w+")
# MariaDB's "CONSTRAINT `ck_...` failed": a CHECK, which the drivers report as operational.
_CHECK_FAILED = 4025
# Too many connections, shutdown in progress, connection killed, statement timeout, no
# connection to the server (socket, TCP), server gone away, lost during a query, idle timeout.
_OUTAGES = {(code,) for code in (1040, 1053, 1927, 1969, 2002, 2003, 2006, 2013, 4031)}


@compiles(sa.DateTime, DIALECT)
def _microsecond_datetime(_type: sa.DateTime, _compiler: Any, **_options: Any) -> str:
    """``DATETIME(6)``, not whole seconds: keyset cursors and the outbox order by timestamps
    taken microseconds apart. DATETIME holds no offset; ``UtcDateTime`` stores UTC."""
    return "DATETIME(6)"


def connect_args(settings: Settings) -> dict[str, Any]:
    """asyncmy's options: UTC sessions (``NOW()``), and the statement timeout in seconds."""
    session = ["SET time_zone = '+00:00'"]
    if settings.db_statement_timeout_ms:
        session.append(f"SET max_statement_time = {settings.db_statement_timeout_ms / 1000}")
    return {
        "connect_timeout": settings.db_connect_timeout_seconds,
        "init_command": "; ".join(session),
        "charset": "utf8mb4",
    }


# The read pool's connections: autocommit once, when opened, and nothing sent when they are
# borrowed or returned. Through the write engine's autocommit option, a read was six commands
# (switching to autocommit and back, rollbacks); it is one.
AUTOCOMMIT_READS: dict[str, Any] = {
    "isolation_level": "AUTOCOMMIT",
    "pool_reset_on_return": None,
    "skip_autocommit_rollback": True,
}


def is_outage(error: BaseException) -> bool:
    """The server is down, restarting, out of connections, dropped ours, or stopped a
    statement at ``max_statement_time``: a 503 to retry, as on PostgreSQL."""
    return isinstance(error, asyncmy.errors.Error) and error.args[:1] in _OUTAGES


def configure(engine: AsyncEngine) -> None:
    """A failed CHECK reaches the unit of work as an ``IntegrityError``, as on the others.

    asyncmy logs every warning the server reports; under strict SQL mode the only ones left are
    the duplicates ``INSERT IGNORE`` skips on purpose, so its logger reports errors only.
    """
    logging.getLogger("asyncmy").setLevel(logging.ERROR)

    def translate(context: ExceptionContext) -> BaseException | None:
        error = context.original_exception
        if getattr(error, "args", (None,))[0] != _CHECK_FAILED:
            return None
        return IntegrityError(context.statement, context.parameters, error)

    event.listen(engine.sync_engine, "handle_error", translate)


class Insert(mysql.Insert):
    """MySQL's INSERT with the two ``ON CONFLICT`` forms the adapter uses elsewhere."""

    inherit_cache = True

    def on_conflict_do_nothing(
        self,
        index_elements: Any = None,  # noqa: ARG002 (the others' signature; MariaDB checks every unique key)
    ) -> mysql.Insert:
        """A row whose key is taken is skipped, and CHECK and foreign-key failures stay errors.

        One row into a table without foreign keys: ``INSERT IGNORE``, whose ``RETURNING`` lists
        only the rows inserted (only duplicates are ignored there). One row into a table with
        foreign keys (which IGNORE would skip too): inserted from a ``SELECT`` that finds no
        row with its primary key (a concurrent twin then fails as a duplicate). Several rows,
        or rows from a ``SELECT``: a no-op ``ON DUPLICATE KEY UPDATE`` (its row count includes
        the duplicates). Neither of the last two makes the server warn, and asyncmy asks for
        the text of every warning: one round trip more.
        """
        table = self.table
        assert isinstance(table, sa.Table)
        values = self._values
        if self._multi_values or self.select is not None or not values:
            key = next(iter(table.primary_key.columns))
            return self.on_duplicate_key_update({key.name: key})
        if not table.foreign_keys or not all(
            isinstance(value, sa.BindParameter) for value in values.values()
        ):
            return self.prefix_with("IGNORE")
        row = {
            column: sa.literal(value.value, column.type)
            for key, value in values.items()
            if isinstance(value, sa.BindParameter)  # always: checked above
            for column in (table.c[getattr(key, "key", key)],)
        }
        taken = sa.exists().where(*(key == row[key] for key in table.primary_key.columns))
        return mysql.insert(table).from_select(list(row), sa.select(*row.values()).where(~taken))

    def on_conflict_do_update(
        self,
        index_elements: Any = None,  # noqa: ARG002 (as above)
        set_: Any = None,
    ) -> "Insert":
        return self.on_duplicate_key_update(set_)


def same_server_default(
    context: Any,
    _inspected_column: Any,
    _metadata_column: Any,
    inspected_default: str | None,
    _metadata_default: Any,
    rendered_metadata_default: str | None,
) -> bool | None:
    """Alembic's ``compare_server_default`` hook: MariaDB reflects a boolean's ``false`` and
    ``true`` defaults as ``0`` and ``1``. ``None`` leaves every other comparison to Alembic."""
    if context.dialect.name != DIALECT or rendered_metadata_default is None:
        return None
    booleans = {"false": "'0'", "true": "'1'"}
    rendered = booleans.get(rendered_metadata_default.strip("'").lower())
    if rendered is None:
        return None
    return inspected_default not in {rendered, rendered.strip("'")}


def insert(table: sa.Table) -> Insert:
    return Insert(table)


# Locks the notifications index's end (the last entry and the gap after it) until commit,
# as PostgreSQL's advisory lock does: ids are allocated and committed in the same order.
APPEND_LOCK_ON_NOTIFICATIONS = sa.select(sa.func.max(notifications.c.id)).with_for_update()


async def lease(
    transaction: "Transaction", due: sa.Select[Any], available_at: datetime
) -> Sequence[Mapping[str, Any]]:
    """The outbox's lease: lock the due rows (skipping those another relay holds), move them,
    read them back. MariaDB has no ``UPDATE ... RETURNING`` and no subquery on the table an
    UPDATE changes. The rows stay locked until the caller commits."""
    locked = await transaction.fetch_once(due.with_for_update(skip_locked=True))
    ids = [row["id"] for row in locked]
    if not ids:
        return ()
    columns = (outbox.c.id, outbox.c.name, outbox.c.payload, outbox.c.occurred_at)
    await transaction.execute_once(
        sa.update(outbox).where(outbox.c.id.in_(ids)).values(available_at=available_at)
    )
    return await transaction.fetch_once(sa.select(*columns).where(outbox.c.id.in_(ids)))


def tag_list(name: sa.ColumnElement[str]) -> sa.ColumnElement[Any]:
    return sa.func.json_arrayagg(name)


def json_text(document: sa.ColumnElement[Any], path: str) -> sa.ColumnElement[str]:
    """A JSON document's text at ``path`` (unquoted), as PostgreSQL's ``->>``."""
    return sa.func.json_value(document, sa.literal_column(f"'{path}'"), type_=sa.Text)


def top_tags(
    per_author: sa.Subquery, author_id: sa.ColumnElement[int], limit: int
) -> sa.ScalarSelect[Any]:
    """The author's most used tags as a JSON array of [name, uses], most used first, ties by
    code point. MariaDB's derived tables cannot see the outer query, so ``per_author`` counts
    for every author (``author_id``, ``name``, ``uses``) and the author's condition is pushed
    into it by the optimizer; ``JSON_ARRAYAGG ... ORDER BY ... LIMIT`` keeps the first."""
    name, uses = per_author.c.name, per_author.c.uses
    aggregate: sa.ColumnElement[Any] = sa.literal_column(
        f"JSON_ARRAYAGG(JSON_ARRAY({name}, {uses}) ORDER BY {uses} DESC, {name} LIMIT {limit})"
    )
    return (
        sa.select(aggregate)
        .select_from(per_author)
        .where(per_author.c.author_id == author_id)
        .scalar_subquery()
    )


def matches(table: sa.Table, query: sa.BindParameter[str]) -> sa.ColumnElement[Any]:
    """``MATCH ... AGAINST`` in boolean mode over the ``FULLTEXT`` index's columns. Alone in a
    WHERE clause, it is answered from the index; inside an expression, by reading every row."""
    columns = (table.c.title, table.c.description, table.c.body)
    return mysql.match(*columns, against=query).in_boolean_mode()


def relevance(table: sa.Table, query: sa.BindParameter[str]) -> sa.ColumnElement[float]:
    """Higher for a better match, a match in the title counting ``_TITLE_WEIGHT`` times more
    (PostgreSQL's weight A)."""
    in_title = mysql.match(table.c.title, against=query).in_boolean_mode()
    weight: sa.ColumnElement[int] = sa.literal_column(str(_TITLE_WEIGHT))
    return sa.type_coerce(matches(table, query) + weight * in_title, sa.Float)


def boolean_query(terms: SearchTerms) -> str:
    """The terms in InnoDB's boolean full-text syntax, every word quoted so no input is syntax:
    each clause required (``+(...)``), any phrase of it enough, excluded phrases ``-"..."``.
    A lone word shorter than InnoDB's shortest indexed word is left out, as PostgreSQL leaves
    out its stop words: no index entry could hold it."""

    def phrase(words: Phrase) -> str:
        return '"' + " ".join(words) + '"'

    def findable(words: Phrase) -> bool:
        return len(words) > 1 or len(words[0]) >= _SHORTEST_INDEXED_WORD

    clauses = [[p for p in clause if findable(p)] for clause in terms.clauses]
    required = ["+(" + " ".join(phrase(p) for p in clause) + ")" for clause in clauses if clause]
    if not required:
        return '+""'
    return " ".join(required + ["-" + phrase(p) for p in terms.excluded if findable(p)])


def snippet_source(table: sa.Table) -> sa.ColumnElement[str]:
    """What an excerpt is cut from (``excerpt``): MariaDB has no ``ts_headline``."""
    return sa.func.concat_ws(
        sa.literal_column("' — '"), table.c.title, table.c.description, table.c.body
    )


def excerpt(text: str, terms: SearchTerms) -> str:
    """About ``_EXCERPT_WORDS`` words of ``text`` around its first match, each word of a wanted
    phrase marked (``MATCH_START``/``MATCH_END``), "…" where text was cut."""
    wanted = {word for clause in terms.clauses for words in clause for word in words}
    spans = [m.span() for m in _WORD.finditer(text)]
    marked = [i for i, (start, end) in enumerate(spans) if text[start:end].casefold() in wanted]
    if not spans:
        return text
    first = max(0, (marked[0] if marked else 0) - _EXCERPT_WORDS // 3)
    last = min(len(spans), first + _EXCERPT_WORDS) - 1
    parts, position = [], spans[first][0]
    for index in (i for i in marked if first <= i <= last):
        start, end = spans[index]
        parts += [text[position:start], MATCH_START, text[start:end], MATCH_END]
        position = end
    parts.append(text[position : spans[last][1]])
    return ("…" if first else "") + "".join(parts) + ("…" if last < len(spans) - 1 else "")
