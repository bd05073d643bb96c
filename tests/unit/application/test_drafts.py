"""Drafts: an article created as a draft is its author's alone until published; to anyone
else it does not exist. Articles created without a status are published (RealWorld)."""

import pytest

from application.articles.create_article import CreateArticleCommand
from application.articles.update_article import UpdateArticleCommand
from application.comments.add_comment import AddCommentCommand
from application.ports.queries import ArticleFilter, Shelf
from domain.articles.article import ArticleStatus
from domain.shared.errors import NotFound, PermissionDenied
from tests.factories import EPOCH
from tests.unit.application.conduit import Conduit


async def draft(conduit: Conduit, author_id: int, title: str = "Draft") -> str:
    view = await conduit.create_article.execute(
        CreateArticleCommand(
            author_id=author_id,
            title=title,
            description="Soon",
            body="Not yet",
            tags=["secret"],
            status=ArticleStatus.DRAFT,
        )
    )
    return view.slug


async def test_an_article_without_a_status_is_published(conduit: Conduit) -> None:
    jake = await conduit.sign_up("jake")

    slug = await conduit.publish(jake)

    stored = next(iter(conduit.store.committed.articles.values()))
    assert (stored.status, stored.published_at) == (ArticleStatus.PUBLISHED, EPOCH)
    assert (await conduit.get_article.execute(slug, None)).status is ArticleStatus.PUBLISHED


async def test_a_draft_is_visible_to_its_author_only(conduit: Conduit) -> None:
    jake = await conduit.sign_up("jake")
    fan = await conduit.sign_up("fan")
    await conduit.follow_user.execute("jake", fan)
    slug = await draft(conduit, jake)

    own = await conduit.get_article.execute(slug, jake)

    assert own.status is ArticleStatus.DRAFT
    for viewer in (fan, None):
        with pytest.raises(NotFound):
            await conduit.get_article.execute(slug, viewer)
        with pytest.raises(NotFound):
            await conduit.list_comments.execute(slug, viewer)
    assert (await conduit.list_articles.execute(ArticleFilter(), jake)).total == 0
    assert (await conduit.list_articles.execute(ArticleFilter(author="jake"), jake)).total == 0
    assert (await conduit.feed_articles.execute(fan, limit=20, offset=0)).total == 0
    assert await conduit.list_tags.execute() == ()
    drafts = await conduit.list_own_articles.execute(jake, Shelf.DRAFTS, limit=20, offset=0)
    assert [a.slug for a in drafts.articles] == [slug]
    others = await conduit.list_own_articles.execute(fan, Shelf.DRAFTS, limit=20, offset=0)
    assert others.total == 0


async def test_nobody_else_can_touch_a_draft(conduit: Conduit) -> None:
    jake = await conduit.sign_up("jake")
    fan = await conduit.sign_up("fan")
    slug = await draft(conduit, jake)
    before = conduit.snapshot()

    attempts = [
        conduit.favorite_article.execute(slug, fan),
        conduit.unfavorite_article.execute(slug, fan),
        conduit.add_comment.execute(AddCommentCommand(slug=slug, author_id=fan, body="Hi")),
        conduit.update_article.execute(UpdateArticleCommand(slug=slug, editor_id=fan, body="X")),
        conduit.delete_article.execute(slug, fan),
        conduit.publish_article.execute(slug, fan),
    ]
    for attempt in attempts:
        with pytest.raises(NotFound):
            await attempt

    assert conduit.snapshot() == before


async def test_publishing_a_draft_makes_it_public(conduit: Conduit) -> None:
    jake = await conduit.sign_up("jake")
    slug = await draft(conduit, jake)
    conduit.clock.advance(hours=1)

    published = await conduit.publish_article.execute(slug, jake)
    again = await conduit.publish_article.execute(slug, jake)

    assert published.status is again.status is ArticleStatus.PUBLISHED
    stored = next(iter(conduit.store.committed.articles.values()))
    assert stored.published_at == conduit.clock.now()
    assert (await conduit.get_article.execute(slug, None)).slug == slug
    assert await conduit.list_tags.execute() == ("secret",)
    drafts = await conduit.list_own_articles.execute(jake, Shelf.DRAFTS, limit=20, offset=0)
    assert drafts.total == 0


async def test_the_author_can_move_an_article_back_to_draft(conduit: Conduit) -> None:
    jake = await conduit.sign_up("jake")
    fan = await conduit.sign_up("fan")
    slug = await conduit.publish(jake)

    view = await conduit.update_article.execute(
        UpdateArticleCommand(slug=slug, editor_id=jake, status=ArticleStatus.DRAFT)
    )

    assert view.status is ArticleStatus.DRAFT
    with pytest.raises(NotFound):
        await conduit.get_article.execute(slug, fan)
    stored = next(iter(conduit.store.committed.articles.values()))
    assert stored.published_at is None


async def test_someone_elses_published_article_cannot_be_published_again(
    conduit: Conduit,
) -> None:
    jake = await conduit.sign_up("jake")
    fan = await conduit.sign_up("fan")
    slug = await conduit.publish(jake)

    with pytest.raises(PermissionDenied):
        await conduit.publish_article.execute(slug, fan)
