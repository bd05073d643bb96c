"""Entities raise their own domain events; each is built when the unit of work pulls it, so a
new entity's event carries the id storage gave it."""

from datetime import timedelta

import pytest

from domain.articles.article import Article, ArticleStatus, NotArticleAuthor
from domain.articles.comment import Comment
from domain.events import (
    ArticleDeleted,
    ArticleEdited,
    ArticleFavorited,
    ArticlePublished,
    ArticleRestored,
    CommentAdded,
    ProfileUpdated,
    UserFollowed,
)
from domain.profiles.follow import SelfFollow
from domain.users.values import Username
from tests.factories import EPOCH, a_user, an_article

AUTHOR, READER = 1, 2
LATER = EPOCH + timedelta(minutes=5)


def stored(article: Article, article_id: int = 10) -> Article:
    article.id = article_id
    return article


def test_a_new_published_article_announces_itself_with_the_id_storage_gave_it() -> None:
    article = an_article(AUTHOR, "Dragons")
    article.id = 10

    assert article.pull_events() == [ArticlePublished(10, "dragons", "Dragons", AUTHOR)]
    assert article.pull_events() == []


def test_a_new_draft_and_an_imported_article_announce_nothing() -> None:
    draft = an_article(AUTHOR, "Draft", status=ArticleStatus.DRAFT)
    imported = Article.write(
        author_id=AUTHOR,
        title="Old",
        description="d",
        body="b",
        tags=[],
        slug=an_article(AUTHOR, "Old").slug,
        now=EPOCH,
        import_key="source-1",
    )

    assert (draft.pull_events(), imported.pull_events()) == ([], [])


def test_an_edit_that_takes_a_draft_public_raises_edited_then_published() -> None:
    article = stored(an_article(AUTHOR, "Draft", status=ArticleStatus.DRAFT))

    article.edit(by=AUTHOR, now=LATER, title="Public", status=ArticleStatus.PUBLISHED)

    assert article.pull_events() == [
        ArticleEdited(10, "draft", AUTHOR),
        ArticlePublished(10, "draft", "Public", AUTHOR),
    ]


def test_publishing_raises_published_once_and_a_refused_change_raises_nothing() -> None:
    article = stored(an_article(AUTHOR, "Draft", status=ArticleStatus.DRAFT))

    article.publish(by=AUTHOR, now=LATER)
    article.publish(by=AUTHOR, now=LATER)
    with pytest.raises(NotArticleAuthor):
        article.delete(by=READER, now=LATER)

    assert article.pull_events() == [ArticlePublished(10, "draft", "Draft", AUTHOR)]


def test_deleting_restoring_and_favoriting_raise_their_events() -> None:
    article = stored(an_article(AUTHOR, "Dragons"))
    article.pull_events()

    article.delete(by=AUTHOR, now=LATER)
    article.restore(by=AUTHOR, now=LATER, retention=timedelta(days=30))
    article.favorite(by=READER)

    assert article.pull_events() == [
        ArticleDeleted(10, "dragons", AUTHOR),
        ArticleRestored(10, "dragons", AUTHOR),
        ArticleFavorited(10, "dragons", "Dragons", AUTHOR, READER),
    ]


def test_a_comment_announces_itself_once_stored() -> None:
    article = stored(an_article(AUTHOR, "Dragons"))
    comment = Comment.on(article, by=READER, body="Nice")
    comment.id = 20

    assert comment.pull_events() == [
        CommentAdded(20, 10, "dragons", "Dragons", AUTHOR, READER, "Nice")
    ]


def test_a_user_raises_profile_updates_and_follows_but_never_follows_themselves() -> None:
    user = a_user("jake")
    user.id = AUTHOR

    user.update_profile(username=Username("jacob"))
    user.followed_by(READER)
    with pytest.raises(SelfFollow):
        user.followed_by(AUTHOR)

    assert user.pull_events() == [
        ProfileUpdated(AUTHOR, "jake", "jacob"),
        UserFollowed(follower_id=READER, followee_id=AUTHOR),
    ]
