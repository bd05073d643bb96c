"""The SQL change writer: a unit of work's audit entries, outbox events and public-article
counts, in the change's own transaction, so a write that rolls back leaves none of them and a
committed one always has them.

On PostgreSQL the three are one statement (``CHANGES``: an INSERT per table, two of them in
data-modifying CTEs, the rows passed as arrays), sent by asyncpg itself (``driver``); elsewhere,
one statement per table through SQLAlchemy Core. The counts' rows go in key order: concurrent
writers lock the counts they share in the same order, the overall count first, and so never
deadlock.
"""

from collections.abc import Mapping, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from uuid6 import uuid7

from application.article_counts import CountKey
from application.audit import AuditEntry
from application.events import DomainEvent, event_fields, event_name
from application.ports.change_log import ChangeWriter
from infrastructure.events.records import new_record
from infrastructure.persistence.sqlmodel.counts import any_shard, stored_key, upsert
from infrastructure.persistence.sqlmodel.driver import Transaction
from infrastructure.persistence.sqlmodel.repositories import execute_many
from infrastructure.persistence.sqlmodel.tables import article_counts, audit_entries, outbox


def _arrays(table: sa.Table, prefix: str, names: Sequence[str]) -> sa.TableValuedAlias:
    """``unnest`` of one array parameter per column ``names`` of ``table``, as rows."""
    arrays = [
        sa.bindparam(f"{prefix}_{name}", type_=postgresql.ARRAY(_unbounded(table.c[name].type)))
        for name in names
    ]
    return sa.func.unnest(*arrays).table_valued(*names).render_derived()


def _unbounded(column_type: sa.types.TypeEngine[Any]) -> sa.types.TypeEngine[Any]:
    """A cast to ``varchar(n)`` would cut a longer value short; the column refuses it."""
    base = column_type.impl_instance if isinstance(column_type, sa.TypeDecorator) else column_type
    return sa.String() if isinstance(base, sa.String) else column_type


_AUDIT_COLUMNS = (
    "id",
    "occurred_at",
    "actor_id",
    "entity",
    "entity_id",
    "action",
    "before",
    "after",
)
_EVENT_COLUMNS = ("id", "name", "payload", "occurred_at")
_COUNT_COLUMNS = ("tag", "author_id", "shard", "articles")


def _audit() -> sa.CTE:
    rows = _arrays(audit_entries, "audit", _AUDIT_COLUMNS)
    return (
        sa.insert(audit_entries)
        .from_select(_AUDIT_COLUMNS, sa.select(*(rows.c[name] for name in _AUDIT_COLUMNS)))
        .cte("audit")
    )


def _events() -> sa.Insert:
    rows = _arrays(outbox, "event", _EVENT_COLUMNS)
    due = rows.c.occurred_at
    return sa.insert(outbox).from_select(
        (*_EVENT_COLUMNS, "available_at", "attempts"),
        sa.select(*(rows.c[name] for name in _EVENT_COLUMNS), due, sa.literal_column("0")),
    )


def _counts() -> sa.Insert:
    rows = _arrays(article_counts, "count", _COUNT_COLUMNS)
    insert = postgresql.insert(article_counts).from_select(
        _COUNT_COLUMNS, sa.select(*(rows.c[name] for name in _COUNT_COLUMNS))
    )
    return insert.on_conflict_do_update(
        index_elements=list(article_counts.primary_key.columns),
        set_={"articles": article_counts.c.articles + insert.excluded.articles},
    )


# A change that moves no public count (a draft, an edit of the text) writes no count.
CHANGES = _counts().add_cte(_audit(), _events().cte("events"))
UNCOUNTED_CHANGES = _events().add_cte(_audit())


def _audit_rows(entries: Sequence[AuditEntry]) -> list[dict[str, Any]]:
    # Field by field, not ``asdict``: that deep-copies the summaries (3.7% of a create's CPU),
    # which are the entry's own and encoded right away.
    return [
        {
            "id": uuid7(),
            "occurred_at": entry.occurred_at,
            "actor_id": entry.actor_id,
            "entity": entry.entity,
            "entity_id": entry.entity_id,
            "action": entry.action,
            "before": entry.before,
            "after": entry.after,
        }
        for entry in entries
    ]


def _event_rows(events: Sequence[DomainEvent]) -> list[dict[str, Any]]:
    rows = []
    for event in events:
        record = new_record(event)
        rows.append(
            {
                "id": record.id,
                "name": event_name(event),
                "payload": event_fields(event),
                "occurred_at": record.occurred_at,
            }
        )
    return rows


def _count_rows(counts: Mapping[CountKey, int]) -> list[dict[str, Any]]:
    moved = sorted((stored_key(key), delta) for key, delta in counts.items() if delta)
    shard = any_shard()
    return [
        {"tag": tag, "author_id": author, "shard": shard, "articles": n}
        for (tag, author), n in moved
    ]


def _columns(prefix: str, names: Sequence[str], rows: list[dict[str, Any]]) -> dict[str, list[Any]]:
    """The rows as ``CHANGES`` takes them: one array per column."""
    return {f"{prefix}_{name}": [row[name] for row in rows] for name in names}


class SqlChangeWriter(ChangeWriter):
    def __init__(self, transaction: Transaction) -> None:
        self._transaction = transaction

    async def write(
        self,
        entries: Sequence[AuditEntry],
        events: Sequence[DomainEvent],
        counts: Mapping[CountKey, int],
    ) -> None:
        audit_rows, event_rows, count_rows = (
            _audit_rows(entries),
            _event_rows(events),
            _count_rows(counts),
        )
        if self._transaction.dialect == "postgresql":
            params = _columns("audit", _AUDIT_COLUMNS, audit_rows)
            params |= _columns("event", _EVENT_COLUMNS, event_rows)
            if count_rows:
                params |= _columns("count", _COUNT_COLUMNS, count_rows)
            statement = CHANGES if count_rows else UNCOUNTED_CHANGES
            await self._transaction.fetch(statement, params)
            return
        if audit_rows:
            await self._transaction.execute_many(sa.insert(audit_entries), audit_rows)
        if event_rows:
            rows = [row | {"available_at": row["occurred_at"], "attempts": 0} for row in event_rows]
            await self._transaction.execute_many(sa.insert(outbox), rows)
        # Last before the commit: the counts' rows are the hottest a write locks.
        if count_rows:
            dialect = self._transaction.dialect
            await execute_many(self._transaction, upsert(dialect), count_rows)
