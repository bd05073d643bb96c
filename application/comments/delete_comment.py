from application.ports.clock import Clock
from application.ports.unit_of_work import UnitOfWork
from domain.articles.errors import ArticleNotFound, CommentNotFound


class DeleteComment:
    """Delete a comment (it vanishes from every read until purged); only its author may."""

    def __init__(self, uow: UnitOfWork, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def execute(self, slug: str, comment_id: int, user_id: int) -> None:
        async with self._uow as uow:
            article = await uow.articles.get_by_slug(slug)
            if article is None or article.id is None:
                raise ArticleNotFound()
            article.ensure_visible_to(user_id)
            comment = await uow.comments.get(comment_id, article.id)
            if comment is None:
                raise CommentNotFound()
            comment.delete(by=user_id, now=self._clock.now())
            await uow.comments.update(comment)
            await uow.commit()
