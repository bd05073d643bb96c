from application.accounts import refuse_if_account_gone
from application.articles.views import article_after_write
from application.ports.queries import ArticleQueries
from application.ports.unit_of_work import UnitOfWork
from application.read_models import ArticleView
from domain.articles.errors import ArticleNotFound
from domain.shared.errors import InvalidValue


class FavoriteArticle:
    """Mark an article as a favorite; doing it twice counts once."""

    def __init__(self, uow: UnitOfWork, articles: ArticleQueries) -> None:
        self._uow = uow
        self._articles = articles

    async def execute(self, slug: str, user_id: int) -> ArticleView:
        try:
            async with self._uow as uow:
                article = await uow.articles.get_by_slug(slug)
                if article is None or article.id is None:
                    raise ArticleNotFound()
                article.favorite(by=user_id)
                await uow.favorites.favorite(user_id, article.id)
                await uow.commit()
        except InvalidValue:
            await refuse_if_account_gone(self._uow, user_id)
            raise
        return await article_after_write(self._articles, slug, user_id)
