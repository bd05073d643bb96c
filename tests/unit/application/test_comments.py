"""Comments: added by anyone signed in, listed oldest first, deleted by their author only."""

import pytest

from application.comments.add_comment import AddCommentCommand
from application.errors import AuthenticationFailed
from domain.articles.comment import NotCommentAuthor
from domain.articles.errors import CommentNotFound
from domain.shared.errors import InvalidValue, NotFound, PermissionDenied
from tests.factories import EPOCH, FixedClock
from tests.unit.application.conduit import Conduit


async def test_adding_a_comment_returns_it_with_its_author(conduit: Conduit) -> None:
    jake = await conduit.sign_up("jake")
    fan = await conduit.sign_up("fan")
    slug = await conduit.publish(jake)
    view = await conduit.add_comment.execute(
        AddCommentCommand(slug=slug, author_id=fan, body="  Thank you so much!  ")
    )
    assert view.body == "Thank you so much!"
    assert view.created_at == view.updated_at == EPOCH
    assert (view.author.username, view.author.following) == ("fan", False)
    assert conduit.store.committed.comments[view.id].author_id == fan


async def test_comments_are_listed_oldest_first(conduit: Conduit, clock: FixedClock) -> None:
    jake = await conduit.sign_up("jake")
    fan = await conduit.sign_up("fan")
    slug = await conduit.publish(jake)
    other = await conduit.publish(jake, "Other article")
    await conduit.comment(slug, fan, "First")
    clock.advance(minutes=1)
    await conduit.comment(other, fan, "Elsewhere")
    await conduit.comment(slug, jake, "Second")
    await conduit.comment(slug, fan, "Third")

    comments = await conduit.list_comments.execute(slug, viewer_id=None)

    assert [c.body for c in comments] == ["First", "Second", "Third"]
    assert [c.author.username for c in comments] == ["fan", "jake", "fan"]


async def test_listed_comments_show_whether_the_viewer_follows_each_author(
    conduit: Conduit,
) -> None:
    jake = await conduit.sign_up("jake")
    fan = await conduit.sign_up("fan")
    slug = await conduit.publish(jake)
    await conduit.comment(slug, jake, "From the author")
    await conduit.follow_user.execute("jake", fan)

    (as_fan,) = await conduit.list_comments.execute(slug, viewer_id=fan)
    (anonymous,) = await conduit.list_comments.execute(slug, viewer_id=None)
    assert as_fan.author.following is True
    assert anonymous.author.following is False


async def test_an_article_without_comments_lists_none(conduit: Conduit) -> None:
    jake = await conduit.sign_up("jake")
    slug = await conduit.publish(jake)
    assert await conduit.list_comments.execute(slug, viewer_id=None) == ()


async def test_comments_of_an_unknown_article_are_not_found(conduit: Conduit) -> None:
    fan = await conduit.sign_up("fan")
    with pytest.raises(NotFound):
        await conduit.list_comments.execute("no-such-article", viewer_id=None)
    with pytest.raises(NotFound):
        await conduit.add_comment.execute(
            AddCommentCommand(slug="no-such-article", author_id=fan, body="Hello?")
        )
    assert conduit.store.committed.comments == {}


async def test_a_blank_comment_is_refused(conduit: Conduit) -> None:
    jake = await conduit.sign_up("jake")
    slug = await conduit.publish(jake)
    with pytest.raises(InvalidValue) as caught:
        await conduit.add_comment.execute(AddCommentCommand(slug=slug, author_id=jake, body=" "))
    assert caught.value.field == "body"
    assert conduit.store.committed.comments == {}


async def test_a_vanished_account_cannot_comment(conduit: Conduit) -> None:
    jake = await conduit.sign_up("jake")
    slug = await conduit.publish(jake)
    with pytest.raises(AuthenticationFailed):
        await conduit.add_comment.execute(AddCommentCommand(slug=slug, author_id=404, body="Hi"))
    assert conduit.store.committed.comments == {}


async def test_the_author_can_delete_their_comment(conduit: Conduit) -> None:
    jake = await conduit.sign_up("jake")
    fan = await conduit.sign_up("fan")
    slug = await conduit.publish(jake)
    doomed = await conduit.comment(slug, fan, "Oops")
    await conduit.comment(slug, fan, "Keep me")

    await conduit.delete_comment.execute(slug, doomed, fan)

    assert [c.body for c in await conduit.list_comments.execute(slug, None)] == ["Keep me"]


async def test_only_the_author_can_delete_a_comment(conduit: Conduit) -> None:
    jake = await conduit.sign_up("jake")
    fan = await conduit.sign_up("fan")
    slug = await conduit.publish(jake)
    comment_id = await conduit.comment(slug, fan)
    before = conduit.snapshot()

    # Not even the article's author may delete someone else's comment.
    with pytest.raises(PermissionDenied) as caught:
        await conduit.delete_comment.execute(slug, comment_id, jake)

    assert isinstance(caught.value, NotCommentAuthor)
    assert conduit.snapshot() == before


async def test_deleting_an_unknown_comment_is_not_found(conduit: Conduit) -> None:
    jake = await conduit.sign_up("jake")
    slug = await conduit.publish(jake)
    with pytest.raises(CommentNotFound) as caught:
        await conduit.delete_comment.execute(slug, 999, jake)
    assert isinstance(caught.value, NotFound)
    assert caught.value.field == "id"


async def test_a_comment_cannot_be_deleted_through_another_article(conduit: Conduit) -> None:
    jake = await conduit.sign_up("jake")
    slug = await conduit.publish(jake, "First")
    other = await conduit.publish(jake, "Second")
    comment_id = await conduit.comment(slug, jake)

    with pytest.raises(CommentNotFound):
        await conduit.delete_comment.execute(other, comment_id, jake)
    with pytest.raises(NotFound):
        await conduit.delete_comment.execute("no-such-article", comment_id, jake)
    assert list(conduit.store.committed.comments) == [comment_id]
