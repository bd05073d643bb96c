"""Comments in SQL: Core statements built once (``driver``)."""

from dataclasses import replace
from datetime import datetime

import sqlalchemy as sa

from application.change_log import ChangeLog
from application.ports import repositories as ports
from application.ports.clock import Clock
from domain.articles.comment import Comment
from infrastructure.persistence.sqlmodel import driver, mappers
from infrastructure.persistence.sqlmodel.driver import Transaction
from infrastructure.persistence.sqlmodel.keys import storable_id
from infrastructure.persistence.sqlmodel.repositories import (
    count_deleted,
    purge_deleted,
)
from infrastructure.persistence.sqlmodel.tables import (
    comments,
)

_INSERT_COMMENT = driver.insert_returning_id(
    comments, ("article_id", "author_id", "body", "created_at", "updated_at")
)
_COMMENT_ID = sa.bindparam("comment_id", type_=sa.Integer)
_COMMENT_BY_ID = sa.select(comments).where(comments.c.id == _COMMENT_ID)
_UPDATE_COMMENT = (
    sa.update(comments)
    .where(comments.c.id == _COMMENT_ID)
    .values(driver.parameters(comments, ("body", "deleted_at", "updated_at")))
)


class SqlModelCommentRepository(ports.CommentRepository):
    """Comments through Core statements built once (``driver``), as articles are."""

    def __init__(self, transaction: Transaction, changes: ChangeLog, clock: Clock) -> None:
        self._transaction = transaction
        self._changes = changes
        self._clock = clock
        # What each loaded comment was: a save compares with it.
        self._loaded: dict[int, Comment] = {}

    async def add(self, comment: Comment) -> Comment:
        now = self._clock.now()
        fields = {
            "article_id": comment.article_id,
            "author_id": comment.author_id,
            "body": comment.body,
            "created_at": now,
            "updated_at": now,
        }
        [row] = await self._transaction.fetch(_INSERT_COMMENT, fields)
        comment.id, comment.created_at, comment.updated_at = row["id"], now, now
        self._changes.added(comment)
        return comment

    async def get(self, comment_id: int, article_id: int) -> Comment | None:
        if not storable_id(comment_id):
            return None
        rows = await self._transaction.fetch(_COMMENT_BY_ID, {"comment_id": comment_id})
        if not rows or rows[0]["article_id"] != article_id or rows[0]["deleted_at"] is not None:
            return None
        comment = mappers.comment_to_domain(rows[0])
        self._loaded[comment.stored_id()] = replace(comment)
        self._changes.seen(comment)
        return comment

    async def update(self, comment: Comment) -> None:
        comment_id = comment.stored_id()
        before = self._loaded.get(comment_id)
        if before is None:
            rows = await self._transaction.fetch(_COMMENT_BY_ID, {"comment_id": comment_id})
            if not rows:
                return
            before = mappers.comment_to_domain(rows[0])
        # Only storage sets timestamps: the entity gets back those stored.
        comment.created_at, comment.updated_at = before.created_at, before.updated_at
        fields = {"body": comment.body, "deleted_at": comment.deleted_at}
        if fields == {"body": before.body, "deleted_at": before.deleted_at}:
            return  # the same values again: nothing written, nothing audited
        now = self._clock.now()
        stored = fields | {"updated_at": now, "comment_id": comment_id}
        await self._transaction.execute(_UPDATE_COMMENT, stored)
        comment.updated_at = now
        self._loaded[comment_id] = replace(comment)
        self._changes.changed(before, comment)

    async def count_deleted(self, before: datetime) -> int:
        return await count_deleted(self._transaction, comments, before)

    async def purge_deleted(self, before: datetime, limit: int) -> int:
        return await purge_deleted(
            self._transaction,
            self._changes,
            comments,
            mappers.comment_to_domain,
            before,
            limit,
        )
