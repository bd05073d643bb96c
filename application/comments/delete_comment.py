from application.ports.unit_of_work import UnitOfWork
from domain.articles.errors import ArticleNotFound, CommentNotFound


class DeleteComment:
    """Delete a comment; only its author may."""

    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    async def execute(self, slug: str, comment_id: int, user_id: int) -> None:
        async with self._uow as uow:
            article = await uow.articles.get_by_slug(slug)
            if article is None or article.id is None:
                raise ArticleNotFound()
            comment = await uow.comments.get(comment_id, article.id)
            if comment is None:
                raise CommentNotFound()
            comment.ensure_author(user_id)
            await uow.comments.delete(comment)
            await uow.commit()
