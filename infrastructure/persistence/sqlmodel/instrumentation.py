"""What the database access tells logs and metrics: statements per request, slow statements,
connections in use. SQLAlchemy's engine reports through its events; the asyncpg read path
(``reads``) calls ``statement_sent`` and ``statement_finished`` itself."""

import logging
from time import perf_counter
from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine

from infrastructure.observability import metrics
from infrastructure.observability.context import count_statement

logger = logging.getLogger("conduit.sql")
_STARTED = "_conduit_started"
# Enough to recognise the statement; its parameters are never logged.
_STATEMENT_CHARACTERS = 1_000


def instrument(engine: AsyncEngine, slow_query_ms: float) -> None:
    """Count statements and pool check-outs; log statements slower than ``slow_query_ms``
    (0 logs none)."""
    sync_engine = engine.sync_engine
    event.listen(sync_engine.pool, "checkout", _checked_out)
    event.listen(sync_engine.pool, "checkin", _checked_in)
    if slow_query_ms <= 0:
        event.listen(sync_engine, "before_cursor_execute", _counted)
        return
    threshold = slow_query_ms / 1000

    def finished(
        _conn: Any, _cursor: Any, statement: str, _parameters: Any, context: Any, _many: bool
    ) -> None:
        statement_finished(statement, perf_counter() - getattr(context, _STARTED), threshold)

    event.listen(sync_engine, "before_cursor_execute", _counted_and_timed)
    event.listen(sync_engine, "after_cursor_execute", finished)


def statement_sent() -> None:
    """One more statement for the current request's count."""
    count_statement()


def statement_finished(statement: str, seconds: float, threshold_seconds: float) -> None:
    """Log ``statement`` (never its parameters) when it took ``threshold_seconds`` or more;
    a threshold of 0 logs nothing."""
    if threshold_seconds and seconds >= threshold_seconds:
        logger.warning(
            "slow sql statement",
            extra={
                "duration_ms": round(seconds * 1000, 1),
                "statement": statement[:_STATEMENT_CHARACTERS],
            },
        )


def _counted(*_args: Any) -> None:
    count_statement()


def _counted_and_timed(
    _conn: Any, _cursor: Any, _statement: str, _parameters: Any, context: Any, _many: bool
) -> None:
    count_statement()
    setattr(context, _STARTED, perf_counter())


def _checked_out(*_args: Any) -> None:
    metrics.connection_checked_out()


def _checked_in(*_args: Any) -> None:
    metrics.connection_checked_in()
