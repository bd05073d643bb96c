from application.accounts import refuse_if_account_gone
from application.articles.views import article_as_written
from application.ports.unit_of_work import UnitOfWork
from application.read_models import ArticleView
from domain.articles.errors import ArticleNotFound
from domain.shared.errors import InvalidValue


class FavoriteArticle:
    """Mark an article as a favorite; doing it twice counts once."""

    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    async def execute(self, slug: str, user_id: int) -> ArticleView:
        try:
            async with self._uow as uow:
                article = await uow.articles.get_by_slug(slug)
                if article is None or article.id is None:
                    raise ArticleNotFound()
                article.favorite(by=user_id)
                await uow.favorites.favorite(user_id, article.id)
                view = await article_as_written(uow, slug, user_id)
                await uow.commit()
        except InvalidValue:
            await refuse_if_account_gone(self._uow, user_id)
            raise
        return view
