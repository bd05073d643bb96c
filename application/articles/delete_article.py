from application.ports.unit_of_work import UnitOfWork
from domain.articles.errors import ArticleNotFound


class DeleteArticle:
    """Delete an article with its comments and favorites; only its author may."""

    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    async def execute(self, slug: str, user_id: int) -> None:
        async with self._uow as uow:
            article = await uow.articles.get_by_slug(slug)
            if article is None:
                raise ArticleNotFound()
            article.ensure_author(user_id)
            await uow.articles.delete(article)
            await uow.commit()
