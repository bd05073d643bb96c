from application.articles.views import article_as_written
from application.ports.unit_of_work import UnitOfWork
from application.read_models import ArticleView
from domain.articles.errors import ArticleNotFound


class UnfavoriteArticle:
    """Remove an article from the caller's favorites; absent favorites are fine."""

    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    async def execute(self, slug: str, user_id: int) -> ArticleView:
        async with self._uow as uow:
            article = await uow.articles.get_by_slug(slug)
            if article is None or article.id is None:
                raise ArticleNotFound()
            article.unfavorite(by=user_id)
            await uow.favorites.unfavorite(user_id, article.id)
            view = await article_as_written(uow, slug, user_id)
            await uow.commit()
        return view
