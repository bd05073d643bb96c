from application.articles.preconditions import write_article
from application.articles.views import article_as_written
from application.ports.clock import Clock
from application.ports.unit_of_work import UnitOfWork
from application.read_models import ArticleView
from domain.articles.article import ArticleStatus
from domain.articles.errors import ArticleNotFound


class PublishArticle:
    """Make one of the caller's drafts public (idempotent); to others a draft is not found."""

    def __init__(self, uow: UnitOfWork, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def execute(self, slug: str, user_id: int) -> ArticleView:
        return await write_article(lambda: self._apply(slug, user_id), if_match=None)

    async def _apply(self, slug: str, user_id: int) -> ArticleView:
        async with self._uow as uow:
            article = await uow.articles.get_by_slug(slug)
            if article is None:
                raise ArticleNotFound()
            article.ensure_author(user_id)
            # Publishing a published article writes nothing: its version (ETag) stays.
            if article.status is ArticleStatus.DRAFT:
                article.publish(by=user_id, now=self._clock.now())
                await uow.articles.update(article)
                view = await article_as_written(uow, slug, user_id)
                await uow.commit()
                return view
            return await article_as_written(uow, slug, user_id)
