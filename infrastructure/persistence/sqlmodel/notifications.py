"""Notifications in SQL: idempotent inserts by the relay, one-statement reads for recipients."""

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from application.ports.notifications import Addressed, NotificationQueries, NotificationRepository
from application.read_models import NotificationPage, NotificationView, ProfileView
from infrastructure.persistence.sqlmodel import mariadb
from infrastructure.persistence.sqlmodel.keys import ROW_ID_MAX
from infrastructure.persistence.sqlmodel.reads import ReadDatabase
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
    def __init__(self, session_factory: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = session_factory

    async def store(self, batch: Sequence[Addressed]) -> dict[str, tuple[int, ...]]:
        if not batch:
            return {}
        recipients = sa.union_all(*(_recipients_of(item) for item in batch)).subquery()
        # SQLite needs a WHERE before ON CONFLICT to parse an INSERT ... SELECT upsert.
        rows = sa.select(*(recipients.c[name] for name in _COLUMNS)).where(sa.true())
        event_ids = sorted({item.notice.event_id for item in batch})
        async with self._sessions() as session, session.begin():
            dialect = session.get_bind().dialect.name
            if dialect == "postgresql":
                await session.execute(
                    sa.select(sa.func.pg_advisory_xact_lock(_NOTIFICATION_WRITERS_LOCK))
                )
            elif dialect == mariadb.DIALECT:
                await session.execute(mariadb.APPEND_LOCK_ON_NOTIFICATIONS)
            await session.execute(
                dialect_insert(session, notifications)
                .from_select(_COLUMNS, rows)
                .on_conflict_do_nothing(index_elements=["event_id", "recipient_id"])
            )
            held = await session.execute(
                sa.select(notifications.c.event_id, notifications.c.recipient_id)
                .where(notifications.c.event_id.in_(event_ids))
                .order_by(notifications.c.event_id, notifications.c.recipient_id)
            )
            holders: dict[str, list[int]] = {}
            for event_id, recipient_id in held:
                holders.setdefault(event_id, []).append(recipient_id)
        return {event_id: tuple(ids) for event_id, ids in holders.items()}


def _recipients_of(item: Addressed) -> sa.Select[Any]:
    """One row per recipient of the notice: the user, or each of their followers."""
    notice = item.notice
    if item.followers:
        recipient: sa.ColumnElement[int] = follows.c.follower_id
        which: sa.ColumnElement[bool] = follows.c.followee_id == item.user_id
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
