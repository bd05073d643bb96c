from dataclasses import dataclass

from application.accounts import AccountGone
from application.ports.unit_of_work import UnitOfWork
from application.read_models import CommentView, ProfileView
from domain.articles.comment import Comment
from domain.articles.errors import ArticleNotFound


@dataclass(frozen=True, slots=True)
class AddCommentCommand:
    slug: str
    author_id: int
    body: str


class AddComment:
    """Comment on an article."""

    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    async def execute(self, command: AddCommentCommand) -> CommentView:
        async with self._uow as uow:
            article = await uow.articles.get_by_slug(command.slug)
            if article is None or article.id is None:
                raise ArticleNotFound()
            comment = Comment.on(article, by=command.author_id, body=command.body)
            author = await uow.users.get(command.author_id)
            if author is None:
                raise AccountGone()
            await uow.comments.add(comment)
            await uow.commit()
        created_at, updated_at = comment.stored_times()
        return CommentView(
            id=comment.stored_id(),
            body=comment.body,
            created_at=created_at,
            updated_at=updated_at,
            author=ProfileView(
                username=author.username.value, bio=author.bio, image=author.image, following=False
            ),
        )
