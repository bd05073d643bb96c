"""Notifications in SQL: idempotent inserts by the relay, one-statement reads for recipients."""

from collections.abc import Callable, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from application.ports.notifications import Addressed, NotificationQueries, NotificationRepository
from application.read_models import NotificationPage, NotificationView, ProfileView
from infrastructure.persistence.sqlmodel import mariadb
from infrastructure.persistence.sqlmodel.driver import Transaction, committed
from infrastructure.persistence.sqlmodel.keys import ROW_ID_MAX
from infrastructure.persistence.sqlmodel.reads import ReadDatabase, Row
from infrastructure.persistence.sqlmodel.repositories import dialect_insert
from infrastructure.persistence.sqlmodel.tables import UtcDateTime, follows, notifications, users

# Writers of notifications take this transaction-scoped lock on PostgreSQL, so ids are
# allocated and committed in the same order (SQLite has one writer at a time anyway): a
# client resuming after id n can never miss a smaller id committed later.
_NOTIFICATION_WRITERS_LOCK = 0x6E6F7469  # "noti"

_COLUMNS = (
    "event_id",
    "recipient_id",
    "actor_id",
    "kind",
    "article_slug",
    "article_title",
    "comment_body",
    "created_at",
)


class SqlModelNotificationRepository(NotificationRepository):
    def __init__(self, begin: Callable[[], Transaction]) -> None:
        self._begin = begin

    async def store(self, batch: Sequence[Addressed]) -> dict[str, tuple[int, ...]]:
        if not batch:
            return {}
        event_ids = sorted({item.notice.event_id for item in batch})
        async with committed(self._begin) as transaction:
            if transaction.dialect == "postgresql":
                await transaction.fetch(_LOCK_WRITERS, {})
                await transaction.fetch(_ADDRESSED, _addressed_arrays(batch))
                held = await transaction.fetch(_HELD, {"event_ids": event_ids})
            else:
                held = await _store_portably(transaction, batch, event_ids)
            holders: dict[str, list[int]] = {}
            for row in held:
                holders.setdefault(row["event_id"], []).append(row["recipient_id"])
        return {event_id: tuple(ids) for event_id, ids in holders.items()}


async def _store_portably(
    transaction: Transaction, batch: Sequence[Addressed], event_ids: list[str]
) -> Sequence[Row]:
    """SQLite and MariaDB: the recipients of each notice as a SELECT of its own, all in one
    INSERT (built per batch)."""
    if transaction.dialect == mariadb.DIALECT:
        await transaction.fetch_once(mariadb.APPEND_LOCK_ON_NOTIFICATIONS)
    recipients = sa.union_all(*(_recipients_of(item) for item in batch)).subquery()
    # SQLite needs a WHERE before ON CONFLICT to parse an INSERT ... SELECT upsert.
    rows = sa.select(*(recipients.c[name] for name in _COLUMNS)).where(sa.true())
    await transaction.execute_once(
        dialect_insert(transaction.dialect, notifications)
        .from_select(_COLUMNS, rows)
        .on_conflict_do_nothing(index_elements=["event_id", "recipient_id"])
    )
    return await transaction.fetch_once(
        sa.select(notifications.c.event_id, notifications.c.recipient_id)
        .where(notifications.c.event_id.in_(event_ids))
        .order_by(notifications.c.event_id, notifications.c.recipient_id)
    )


def _recipients_of(item: Addressed) -> sa.Select[Any]:
    """One row per recipient of the notice: the user, or each of their followers."""
    notice = item.notice
    if item.followers:
        recipient: sa.ColumnElement[int] = follows.c.follower_id
        which: sa.ColumnElement[bool] = (follows.c.followee_id == item.user_id) & (
            follows.c.created_at <= sa.literal(notice.created_at, UtcDateTime())
        )
    else:
        recipient, which = sa.literal(item.user_id, sa.Integer), sa.true()
    values: tuple[sa.ColumnElement[Any], ...] = (
        sa.literal(notice.event_id, sa.String),
        recipient,
        sa.literal(notice.actor_id, sa.Integer),
        sa.literal(notice.kind, sa.String),
        sa.literal(notice.article_slug, sa.String),
        sa.literal(notice.article_title, sa.String),
        sa.literal(notice.comment_body, sa.Text),
        sa.literal(notice.created_at, UtcDateTime()),
    )
    return sa.select(
        *(value.label(name) for value, name in zip(values, _COLUMNS, strict=True))
    ).where(which)


def _array(name: str, item_type: sa.types.TypeEngine[Any]) -> sa.BindParameter[Any]:
    return sa.bindparam(name, type_=postgresql.ARRAY(item_type))


# PostgreSQL: one INSERT of fixed shape for any batch, the notices passed as arrays (a batch
# built as a UNION of one SELECT per notice was a new statement to compile for every batch).
_NOTICE_FIELDS = (
    ("event_id", sa.String()),
    ("user_id", sa.Integer()),
    ("followers", sa.Boolean()),
    ("actor_id", sa.Integer()),
    ("kind", sa.String()),
    ("article_slug", sa.String()),
    ("article_title", sa.String()),
    ("comment_body", sa.Text()),
    ("created_at", UtcDateTime()),
)
_NOTICES = (
    sa.func.unnest(*(_array(name, kind) for name, kind in _NOTICE_FIELDS))
    .table_valued(*(name for name, _ in _NOTICE_FIELDS), with_ordinality="position")
    .render_derived()
)
_ADDRESSED = (
    postgresql.insert(notifications)
    .from_select(
        _COLUMNS,
        sa.select(
            _NOTICES.c.event_id,
            sa.func.coalesce(follows.c.follower_id, _NOTICES.c.user_id),
            *(_NOTICES.c[name] for name in _COLUMNS[2:]),
        )
        .select_from(
            _NOTICES.outerjoin(
                follows,
                _NOTICES.c.followers
                & (follows.c.followee_id == _NOTICES.c.user_id)
                & (follows.c.created_at <= _NOTICES.c.created_at),
            )
        )
        .where(~_NOTICES.c.followers | follows.c.follower_id.is_not(None))
        # Ids in the batch's order, as one statement per notice would have them.
        .order_by(_NOTICES.c.position, follows.c.follower_id),
    )
    .on_conflict_do_nothing(index_elements=["event_id", "recipient_id"])
)
_LOCK_WRITERS = sa.select(
    sa.func.pg_advisory_xact_lock(sa.literal_column(str(_NOTIFICATION_WRITERS_LOCK)))
)
_HELD = (
    sa.select(notifications.c.event_id, notifications.c.recipient_id)
    .where(notifications.c.event_id == sa.any_(_array("event_ids", sa.String())))
    .order_by(notifications.c.event_id, notifications.c.recipient_id)
)


def _addressed_arrays(batch: Sequence[Addressed]) -> dict[str, list[Any]]:
    fields = {
        "user_id": lambda item: item.user_id,
        "followers": lambda item: item.followers,
    }
    return {
        name: [
            fields[name](item) if name in fields else getattr(item.notice, name) for item in batch
        ]
        for name, _ in _NOTICE_FIELDS
    }


_RECIPIENT = sa.bindparam("recipient_id", type_=sa.Integer)
_FEED = (
    sa.select(
        notifications.c.id,
        notifications.c.kind,
        notifications.c.created_at,
        notifications.c.article_slug,
        notifications.c.article_title,
        notifications.c.comment_body,
        users.c.username,
        users.c.bio,
        users.c.image,
        sa.exists()
        .where(follows.c.follower_id == _RECIPIENT, follows.c.followee_id == users.c.id)
        .label("following"),
    )
    .select_from(notifications.join(users, users.c.id == notifications.c.actor_id))
    .where(notifications.c.recipient_id == _RECIPIENT)
    .limit(sa.bindparam("limit"))
)
NEWEST = _FEED.order_by(notifications.c.id.desc())
OLDER = NEWEST.where(notifications.c.id < sa.bindparam("before"))
SINCE = _FEED.where(notifications.c.id > sa.bindparam("after")).order_by(notifications.c.id)


class SqlModelNotificationQueries(NotificationQueries):
    def __init__(self, database: ReadDatabase) -> None:
        self._fetch = database.fetch

    async def newest(self, recipient_id: int, limit: int, before: int | None) -> NotificationPage:
        params: dict[str, Any] = {"recipient_id": recipient_id, "limit": limit + 1}
        if before is not None and before > ROW_ID_MAX:
            before = None  # every id is smaller
        if before is not None:
            params["before"] = before
        views = await self._views(NEWEST if before is None else OLDER, params)
        more = len(views) > limit
        return NotificationPage(views[:limit], next=views[limit - 1].id if more else None)

    async def since(
        self, recipient_id: int, after: int, limit: int
    ) -> tuple[NotificationView, ...]:
        if after >= ROW_ID_MAX:
            return ()
        return await self._views(
            SINCE, {"recipient_id": recipient_id, "after": after, "limit": limit}
        )

    async def _views(
        self, statement: sa.Select[Any], params: dict[str, Any]
    ) -> tuple[NotificationView, ...]:
        rows = await self._fetch(statement, params)
        return tuple(
            NotificationView(
                id=row["id"],
                kind=row["kind"],
                created_at=row["created_at"],
                actor=ProfileView(
                    username=row["username"],
                    bio=row["bio"],
                    image=row["image"],
                    following=bool(row["following"]),
                ),
                article_slug=row["article_slug"],
                article_title=row["article_title"],
                comment_body=row["comment_body"],
            )
            for row in rows
        )
