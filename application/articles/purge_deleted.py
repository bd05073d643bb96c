from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

from application.ports.clock import Clock
from application.ports.unit_of_work import UnitOfWork

# Small batches keep each transaction (and its locks) short on a busy database.
PURGE_BATCH_SIZE = 500

Progress = Callable[[int], None]
_Purge = Callable[[UnitOfWork, datetime], Awaitable[int]]


def _articles(uow: UnitOfWork, before: datetime) -> Awaitable[int]:
    return uow.articles.purge_deleted(before, PURGE_BATCH_SIZE)


def _comments(uow: UnitOfWork, before: datetime) -> Awaitable[int]:
    return uow.comments.purge_deleted(before, PURGE_BATCH_SIZE)


class PurgeDeleted:
    """Remove for good the articles and comments deleted longer ago than ``older_than``;
    purged slugs become free again."""

    def __init__(self, uow: UnitOfWork, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def count(self, older_than: timedelta) -> int:
        """How many articles and comments a purge would remove now."""
        before = self._clock.now() - older_than
        async with self._uow as uow:
            articles = await uow.articles.count_deleted(before)
            return articles + await uow.comments.count_deleted(before)

    async def execute(self, older_than: timedelta, on_progress: Progress | None = None) -> int:
        """Purge in batches of one transaction each, reporting each batch's size; returns the
        total removed (a deleted article's comments go with it, uncounted)."""
        before = self._clock.now() - older_than
        removed = 0
        for purge in (_articles, _comments):
            while batch := await self._batch(purge, before):
                removed += batch
                if on_progress is not None:
                    on_progress(batch)
        return removed

    async def _batch(self, purge: _Purge, before: datetime) -> int:
        async with self._uow as uow:
            removed = await purge(uow, before)
            await uow.commit()
        return removed
