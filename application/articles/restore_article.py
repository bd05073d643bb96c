from datetime import timedelta

from application.articles.preconditions import write_article
from application.articles.views import article_after_write
from application.ports.clock import Clock
from application.ports.queries import ArticleQueries
from application.ports.unit_of_work import UnitOfWork
from application.read_models import ArticleView
from domain.articles.errors import ArticleNotFound


class RestoreArticle:
    """Take a deleted article out of its author's bin, within the retention window."""

    def __init__(
        self, uow: UnitOfWork, clock: Clock, articles: ArticleQueries, retention: timedelta
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._articles = articles
        self._retention = retention

    async def execute(self, slug: str, user_id: int) -> ArticleView:
        await write_article(lambda: self._apply(slug, user_id), if_match=None)
        return await article_after_write(self._articles, slug, user_id)

    async def _apply(self, slug: str, user_id: int) -> None:
        async with self._uow as uow:
            article = await uow.articles.get_deleted_by_slug(slug)
            if article is None:
                raise ArticleNotFound()
            article.restore(by=user_id, now=self._clock.now(), retention=self._retention)
            await uow.articles.update(article)
            await uow.commit()
