"""The comment entity: only its author may delete it."""

from dataclasses import dataclass
from datetime import datetime

from domain.articles.article import Article
from domain.articles.values import clean_comment_body
from domain.events import CommentAdded
from domain.shared.entity import Entity
from domain.shared.errors import PermissionDenied


class NotCommentAuthor(PermissionDenied):
    """Someone other than the author tried to delete a comment."""

    def __init__(self) -> None:
        super().__init__("only the author may delete this comment")


@dataclass(eq=False, slots=True)
class Comment(Entity):
    body: str
    article_id: int
    author_id: int
    deleted_at: datetime | None = None
    id: int | None = None

    @classmethod
    def write(cls, *, article_id: int, author_id: int, body: str) -> "Comment":
        return cls(body=clean_comment_body(body), article_id=article_id, author_id=author_id)

    @classmethod
    def on(cls, article: Article, *, by: int, body: str) -> "Comment":
        """A reader's comment on ``article`` (``CommentAdded``); to anyone but its author a
        draft does not exist, so takes no comments."""
        article.ensure_visible_to(by)
        comment = cls.write(article_id=article.stored_id(), author_id=by, body=body)
        comment._raise(
            lambda: CommentAdded(
                comment_id=comment.stored_id(),
                article_id=article.stored_id(),
                slug=article.slug.value,
                title=article.title,
                article_author_id=article.author_id,
                author_id=by,
                body=comment.body,
            )
        )
        return comment

    def ensure_author(self, user_id: int) -> None:
        if not self.is_authored_by(user_id):
            raise NotCommentAuthor()

    def is_authored_by(self, user_id: int) -> bool:
        """Ownership: a comment is its author's alone to delete."""
        return user_id == self.author_id

    def delete(self, *, by: int, now: datetime) -> None:
        """Hide the comment from every read; purging removes it for good later."""
        self.ensure_author(by)
        self.deleted_at = now
