from application.articles.preconditions import write_article
from application.articles.views import article_after_write
from application.ports.clock import Clock
from application.ports.queries import ArticleQueries
from application.ports.unit_of_work import UnitOfWork
from application.read_models import ArticleView
from domain.articles.article import ArticleStatus
from domain.articles.errors import ArticleNotFound


class PublishArticle:
    """Make one of the caller's drafts public (idempotent); to others a draft is not found."""

    def __init__(self, uow: UnitOfWork, clock: Clock, articles: ArticleQueries) -> None:
        self._uow = uow
        self._clock = clock
        self._articles = articles

    async def execute(self, slug: str, user_id: int) -> ArticleView:
        await write_article(lambda: self._apply(slug, user_id), if_match=None)
        return await article_after_write(self._articles, slug, user_id)

    async def _apply(self, slug: str, user_id: int) -> None:
        async with self._uow as uow:
            article = await uow.articles.get_by_slug(slug)
            if article is None:
                raise ArticleNotFound()
            article.ensure_author(user_id)
            # Publishing a published article writes nothing: its version (ETag) stays.
            if article.status is ArticleStatus.DRAFT:
                article.publish(by=user_id, now=self._clock.now())
                await uow.articles.update(article)
                await uow.commit()
