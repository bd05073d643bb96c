"""Bulk import: many articles for one author, in batches, one bad record never stopping the
rest, and re-running the same input creating nothing twice."""

import secrets
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from itertools import islice
from typing import Any

from application.accounts import AccountGone
from application.ports.clock import Clock
from application.ports.unit_of_work import UnitOfWork
from domain.articles.article import Article, ArticleStatus
from domain.articles.values import Slug
from domain.shared.errors import AlreadyExists, DomainError, NotFound

DEFAULT_BATCH_SIZE = 500
_SLUG_ATTEMPTS = 5


@dataclass(frozen=True, slots=True)
class ImportRecord:
    """One article to import. ``position`` is where it stood in the input (a file's line
    number, a request's 1-based index); ``key`` is its id in the source: with the author, the
    idempotency key. ``created_at`` defaults to the import's time; a record may be a draft."""

    position: int
    key: str
    title: str
    description: str
    body: str
    tags: list[str] = field(default_factory=list)
    metadata: Mapping[str, Any] | None = None
    created_at: datetime | None = None
    status: ArticleStatus = ArticleStatus.PUBLISHED


@dataclass(frozen=True, slots=True)
class RejectedRecord:
    """A record that could not be imported, and why."""

    position: int
    reason: str


@dataclass(slots=True)
class ImportReport:
    created: int = 0
    skipped: int = 0
    rejected: list[RejectedRecord] = field(default_factory=list)


def _batches(records: Iterable[ImportRecord | RejectedRecord], size: int) -> Iterator[list[Any]]:
    iterator = iter(records)
    while batch := list(islice(iterator, size)):
        yield batch


class ImportArticles:
    """Each batch is one transaction; each record a savepoint inside it, so a record the
    database refuses is undone alone. A record whose key the author already imported is
    skipped. Records that failed to parse arrive as ``RejectedRecord`` and are reported."""

    def __init__(self, uow: UnitOfWork, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def execute(
        self,
        author: int | str,
        records: Iterable[ImportRecord | RejectedRecord],
        *,
        batch_size: int = DEFAULT_BATCH_SIZE,
        progress: Callable[[int], None] | None = None,
    ) -> ImportReport:
        """``author`` is the caller's user id (``AccountGone`` if the account is
        gone) or a username (``NotFound`` if unknown); ``progress`` is told how many records
        each finished batch held."""
        report = ImportReport()
        async with self._uow as uow:
            if isinstance(author, int):
                user = await uow.users.get(author)
            else:
                user = await uow.users.get_by_username(author)
        if user is None or user.id is None:
            if isinstance(author, int):
                raise AccountGone()
            raise NotFound("author not found", field="author")
        for batch in _batches(records, batch_size):
            await self._import_batch(user.id, batch, report)
            if progress is not None:
                progress(len(batch))
        return report

    async def _import_batch(
        self, author_id: int, batch: list[ImportRecord | RejectedRecord], report: ImportReport
    ) -> None:
        async with self._uow as uow:
            keys = {r.key for r in batch if isinstance(r, ImportRecord)}
            seen = await uow.articles.imported_keys(author_id, keys)
            for record in batch:
                if isinstance(record, RejectedRecord):
                    report.rejected.append(record)
                elif record.key in seen:
                    report.skipped += 1
                else:
                    outcome = await self._import_one(uow, author_id, record)
                    if isinstance(outcome, RejectedRecord):
                        report.rejected.append(outcome)
                    else:
                        report.created += 1
                        seen.add(record.key)
            await uow.commit()

    async def _import_one(
        self, uow: UnitOfWork, author_id: int, record: ImportRecord
    ) -> Article | RejectedRecord:
        base = Slug.from_title(record.title)
        for attempt in range(_SLUG_ATTEMPTS):
            slug = base if attempt == 0 else base.with_suffix(secrets.token_hex(3))
            if slug.is_reserved:
                continue
            try:
                article = Article.write(
                    author_id=author_id,
                    title=record.title,
                    description=record.description,
                    body=record.body,
                    tags=record.tags,
                    slug=slug,
                    now=record.created_at or self._clock.now(),
                    created_at=record.created_at,
                    metadata=record.metadata,
                    import_key=record.key,
                    status=record.status,
                )
                async with uow.savepoint():
                    return await uow.articles.add(article)
            except AlreadyExists as error:
                if error.field != "slug":
                    return RejectedRecord(record.position, error.message)
            except DomainError as error:
                return RejectedRecord(record.position, error.message)
        return RejectedRecord(record.position, "could not find a free slug for this title")
