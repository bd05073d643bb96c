"""The unit of work: one atomic change, committed explicitly or rolled back."""

from contextlib import AbstractAsyncContextManager
from types import TracebackType
from typing import Protocol, Self

from application.events import DomainEvent
from application.ports.repositories import (
    ArticleRepository,
    CommentRepository,
    FavoriteRepository,
    FollowRepository,
    UserRepository,
    UserSettingsRepository,
)
from application.read_models import ArticleView


class UnitOfWork(Protocol):
    """Use as ``async with uow:``; anything not committed is rolled back on exit.

    Adapters translate storage errors: uniqueness -> ``AlreadyExists``; storage that is down
    or saturated -> ``ServiceUnavailable`` (raised on exit, nothing kept).

    Its repositories keep its change log (``application.change_log``): every entity they load
    or add, and every real change they store. ``commit`` writes what the log makes of them,
    audit entries and the events the entities raised, in the same transaction as the change:
    an entry or event exists if and only if its change was committed.

    The unit of work owns ``created_at`` / ``updated_at`` (``Timestamped``), with its clock: a
    repository's ``add`` stamps both (keeping a ``created_at`` the entity arrives with), its
    ``update`` moves ``updated_at`` when something changed and writes nothing when nothing did;
    both leave the stored stamps on the entity they were given.
    """

    users: UserRepository
    articles: ArticleRepository
    comments: CommentRepository
    follows: FollowRepository
    favorites: FavoriteRepository
    settings: UserSettingsRepository

    async def __aenter__(self) -> Self: ...

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    def record(self, event: DomainEvent) -> None:
        """Keep an event no entity raised for the outbox; the next ``commit`` stores it, a
        rollback drops it."""
        ...

    async def read_article(self, slug: str, viewer_id: int) -> ArticleView | None:
        """The article as ``viewer_id`` sees it inside this transaction, its uncommitted
        changes included (``None``: not visible to them); what a write answers, read before
        its commit."""
        ...

    async def commit(self) -> None:
        """Make every change since entering durable, or raise and keep none."""
        ...

    def savepoint(self) -> AbstractAsyncContextManager[None]:
        """``async with uow.savepoint():`` undoes the changes made inside it, and only those,
        when it exits with an exception (which propagates)."""
        ...

    async def rollback(self) -> None:
        """Discard every change since entering (or since the last commit)."""
        ...
