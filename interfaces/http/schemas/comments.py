from pydantic import Field

from application.read_models import CommentPage, CommentView
from domain.articles.values import COMMENT_MAX_LENGTH
from interfaces.http.schemas.base import ApiModel, Timestamp
from interfaces.http.schemas.profiles import Profile


class NewComment(ApiModel):
    body: str = Field(max_length=COMMENT_MAX_LENGTH, examples=["His name was my name too."])


class NewCommentRequest(ApiModel):
    comment: NewComment


class Comment(ApiModel):
    id: int
    created_at: Timestamp
    updated_at: Timestamp
    body: str
    author: Profile

    @classmethod
    def of(cls, view: CommentView) -> "Comment":
        return cls(
            id=view.id,
            created_at=view.created_at,
            updated_at=view.updated_at,
            body=view.body,
            author=Profile.of(view.author),
        )


class SingleCommentResponse(ApiModel):
    comment: Comment


class MultipleCommentsResponse(ApiModel):
    comments: list[Comment]


class CommentPageResponse(MultipleCommentsResponse):
    """A page of comments: answered when ``limit`` or ``cursor`` is given."""

    next_cursor: str | None = Field(
        description="Pass as `cursor` for the next page; `null` on the last page.",
        examples=["MjAyNi0wMS0wMVQxMjowMDowMCswMDowMHw0Mg"],
    )

    @classmethod
    def of(cls, page: CommentPage) -> "CommentPageResponse":
        return cls(
            comments=[Comment.of(view) for view in page.comments],
            next_cursor=page.next_cursor,
        )
