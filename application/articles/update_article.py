from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from application.articles.preconditions import IfMatch, write_article
from application.articles.views import article_as_written
from application.ports.clock import Clock
from application.ports.unit_of_work import UnitOfWork
from application.read_models import ArticleView
from domain.articles.article import ArticleStatus
from domain.articles.errors import ArticleNotFound


@dataclass(frozen=True, slots=True)
class UpdateArticleCommand:
    """``None`` leaves a field unchanged; the slug never changes. With ``if_match``, the edit
    applies only to the version the client saw."""

    slug: str
    editor_id: int
    title: str | None = None
    description: str | None = None
    body: str | None = None
    tags: list[str] | None = None
    status: ArticleStatus | None = None
    if_match: IfMatch | None = None
    metadata: Mapping[str, Any] | None = None


class UpdateArticle:
    """Edit an article, or move it between draft and published; only its author may."""

    def __init__(self, uow: UnitOfWork, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def execute(self, command: UpdateArticleCommand) -> ArticleView:
        return await write_article(lambda: self._apply(command), command.if_match)

    async def _apply(self, command: UpdateArticleCommand) -> ArticleView:
        async with self._uow as uow:
            # Locked: concurrent edits queue instead of losing the race and being re-applied
            # (5 attempts did not suffice for 32 concurrent editors of 16 articles).
            article = await uow.articles.get_by_slug(command.slug, lock=True)
            if article is None:
                raise ArticleNotFound()
            article.ensure_author(command.editor_id)
            if command.if_match is not None:
                command.if_match.check(article.version)
            article.edit(
                by=command.editor_id,
                now=self._clock.now(),
                title=command.title,
                description=command.description,
                body=command.body,
                tags=command.tags,
                status=command.status,
                metadata=command.metadata,
            )
            await uow.articles.update(article)
            view = await article_as_written(uow, command.slug, command.editor_id)
            await uow.commit()
        return view
