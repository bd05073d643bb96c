from application.articles.preconditions import IfMatch, write_article
from application.ports.clock import Clock
from application.ports.unit_of_work import UnitOfWork
from domain.articles.errors import ArticleNotFound


class DeleteArticle:
    """Move an article to its author's bin: it vanishes from every read, its slug stays
    reserved, and its author may restore it within the retention window. With ``if_match``,
    only the version the client saw is deleted."""

    def __init__(self, uow: UnitOfWork, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def execute(self, slug: str, user_id: int, if_match: IfMatch | None = None) -> None:
        await write_article(lambda: self._apply(slug, user_id, if_match), if_match)

    async def _apply(self, slug: str, user_id: int, if_match: IfMatch | None) -> None:
        async with self._uow as uow:
            article = await uow.articles.get_by_slug(slug)
            if article is None:
                raise ArticleNotFound()
            article.ensure_author(user_id)
            if if_match is not None:
                if_match.check(article.version)
            article.delete(by=user_id, now=self._clock.now())
            await uow.articles.update(article)
            await uow.commit()
