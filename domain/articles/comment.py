"""The comment entity: only its author may delete it."""

from dataclasses import dataclass
from datetime import datetime

from domain.articles.values import clean_comment_body
from domain.shared.errors import PermissionDenied
from domain.shared.timestamps import Timestamped


class NotCommentAuthor(PermissionDenied):
    """Someone other than the author tried to delete a comment."""

    def __init__(self) -> None:
        super().__init__("only the author may delete this comment")


@dataclass(eq=False, slots=True)
class Comment(Timestamped):
    body: str
    article_id: int
    author_id: int
    deleted_at: datetime | None = None
    id: int | None = None

    @classmethod
    def write(cls, *, article_id: int, author_id: int, body: str) -> "Comment":
        return cls(body=clean_comment_body(body), article_id=article_id, author_id=author_id)

    def ensure_author(self, user_id: int) -> None:
        if user_id != self.author_id:
            raise NotCommentAuthor()

    def delete(self, *, by: int, now: datetime) -> None:
        """Hide the comment from every read; purging removes it for good later."""
        self.ensure_author(by)
        self.deleted_at = now
