"""The comment entity: only its author may delete it."""

import pytest

from domain.articles.comment import Comment, NotCommentAuthor
from domain.shared.errors import InvalidValue, PermissionDenied


def a_comment(author_id: int = 1, body: str = "Thank you so much!") -> Comment:
    return Comment.write(article_id=10, author_id=author_id, body=body)


def test_a_comment_is_written_with_a_trimmed_body_and_no_timestamps_until_stored() -> None:
    comment = a_comment(body="  Thank you so much!  ")
    assert comment.body == "Thank you so much!"
    assert (comment.article_id, comment.author_id) == (10, 1)
    assert (comment.created_at, comment.updated_at) == (None, None)
    assert comment.id is None


def test_a_blank_comment_is_refused() -> None:
    with pytest.raises(InvalidValue) as caught:
        a_comment(body=" \n ")
    assert caught.value.field == "body"


def test_only_the_author_passes_the_authorship_check() -> None:
    comment = a_comment(author_id=1)
    comment.ensure_author(1)
    with pytest.raises(NotCommentAuthor) as caught:
        comment.ensure_author(2)
    assert isinstance(caught.value, PermissionDenied)
    assert caught.value.message == "only the author may delete this comment"
