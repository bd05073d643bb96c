from datetime import timedelta

from application.articles.preconditions import write_article
from application.articles.views import article_as_written
from application.ports.clock import Clock
from application.ports.unit_of_work import UnitOfWork
from application.read_models import ArticleView
from domain.articles.errors import ArticleNotFound


class RestoreArticle:
    """Take a deleted article out of its author's bin, within the retention window."""

    def __init__(self, uow: UnitOfWork, clock: Clock, retention: timedelta) -> None:
        self._uow = uow
        self._clock = clock
        self._retention = retention

    async def execute(self, slug: str, user_id: int) -> ArticleView:
        return await write_article(lambda: self._apply(slug, user_id), if_match=None)

    async def _apply(self, slug: str, user_id: int) -> ArticleView:
        async with self._uow as uow:
            article = await uow.articles.get_deleted_by_slug(slug)
            if article is None:
                raise ArticleNotFound()
            article.restore(by=user_id, now=self._clock.now(), retention=self._retention)
            await uow.articles.update(article)
            view = await article_as_written(uow, slug, user_id)
            await uow.commit()
        return view
