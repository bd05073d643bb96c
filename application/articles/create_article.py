import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from application.accounts import AccountGone, refuse_if_account_gone
from application.articles.views import article_as_written
from application.ports.clock import Clock
from application.ports.unit_of_work import UnitOfWork
from application.read_models import ArticleView
from domain.articles.article import Article, ArticleStatus
from domain.articles.values import Slug
from domain.shared.errors import AlreadyExists, InvalidValue

# A random suffix makes a second collision unlikely; a few attempts absorb concurrent creators.
_SLUG_ATTEMPTS = 5


@dataclass(frozen=True, slots=True)
class CreateArticleCommand:
    author_id: int
    title: str
    description: str
    body: str
    tags: list[str] = field(default_factory=list)
    status: ArticleStatus = ArticleStatus.PUBLISHED
    metadata: Mapping[str, Any] | None = None


class CreateArticle:
    """Write an article (published, or a draft) under a unique slug derived from its title."""

    def __init__(self, uow: UnitOfWork, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def execute(self, command: CreateArticleCommand) -> ArticleView:
        base = Slug.from_title(command.title)
        for attempt in range(_SLUG_ATTEMPTS):
            slug = base if attempt == 0 else base.with_suffix(secrets.token_hex(3))
            if slug.is_reserved:
                continue
            try:
                # The unique slug constraint (deleted articles' slugs included) refuses a taken
                # slug: cheaper than asking first, and right under concurrent creators too.
                async with self._uow as uow:
                    article = Article.write(
                        author_id=command.author_id,
                        title=command.title,
                        description=command.description,
                        body=command.body,
                        tags=command.tags,
                        slug=slug,
                        now=self._clock.now(),
                        status=command.status,
                        metadata=await _with_default_language(uow, command),
                    )
                    await uow.articles.add(article)
                    view = await article_as_written(uow, slug.value, command.author_id)
                    await uow.commit()
            except AlreadyExists as error:
                if error.field != "slug":
                    raise
                continue
            except InvalidValue:
                await refuse_if_account_gone(self._uow, command.author_id)
                raise
            return view
        raise AlreadyExists("could not find a free slug for this title", field="title")


async def _with_default_language(
    uow: UnitOfWork, command: CreateArticleCommand
) -> Mapping[str, Any]:
    """The metadata, with the author's default language unless it names one (read in the
    writing transaction: no round trips of its own)."""
    metadata = dict(command.metadata or {})
    if "language" not in metadata:
        settings = await uow.settings.get(command.author_id)
        if settings is None:
            raise AccountGone()
        if settings.default_language is not None:
            metadata["language"] = settings.default_language
    return metadata
