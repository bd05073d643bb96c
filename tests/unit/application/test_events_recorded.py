"""Each write use case records its domain event, stored in the outbox with its change."""

import pytest

from application.articles.update_article import UpdateArticleCommand
from application.events import (
    ArticleDeleted,
    ArticleEdited,
    ArticleFavorited,
    ArticlePublished,
    ArticleUnfavorited,
    CommentAdded,
    DomainEvent,
    ProfileUpdated,
    UserFollowed,
)
from application.users.update_current_user import UpdateUserCommand
from domain.articles.article import NotArticleAuthor
from tests.unit.application.conduit import Conduit


def outbox(conduit: Conduit) -> list[DomainEvent]:
    entries = conduit.store.committed.outbox.values()
    return [entry.record.event for entry in sorted(entries, key=lambda e: e.record.id)]


async def test_every_write_records_what_happened_in_order(conduit: Conduit) -> None:
    jake, fan = await conduit.sign_up("jake"), await conduit.sign_up("fan")
    slug = await conduit.publish(jake, "Dragons")
    article_id = next(iter(conduit.store.committed.articles))
    await conduit.follow_user.execute("jake", fan)
    comment_id = await conduit.comment(slug, fan, "Nice")
    await conduit.favorite_article.execute(slug, fan)
    await conduit.unfavorite_article.execute(slug, fan)
    await conduit.update_article.execute(UpdateArticleCommand(slug, jake, body="More"))
    await conduit.update_current_user.execute(UpdateUserCommand(user_id=jake, username="jacob"))
    await conduit.delete_article.execute(slug, jake)

    assert outbox(conduit) == [
        ArticlePublished(article_id, slug, "Dragons", jake),
        UserFollowed(follower_id=fan, followee_id=jake),
        CommentAdded(comment_id, article_id, slug, "Dragons", jake, fan, "Nice"),
        ArticleFavorited(article_id, slug, "Dragons", jake, fan),
        ArticleUnfavorited(article_id, slug, fan),
        ArticleEdited(article_id, slug, jake),
        ProfileUpdated(jake, "jake", "jacob"),
        ArticleDeleted(article_id, slug, jake),
    ]


async def test_a_refused_write_records_nothing(conduit: Conduit) -> None:
    jake, fan = await conduit.sign_up("jake"), await conduit.sign_up("fan")
    slug = await conduit.publish(jake)
    before = outbox(conduit)

    with pytest.raises(NotArticleAuthor):
        await conduit.delete_article.execute(slug, fan)

    assert outbox(conduit) == before
