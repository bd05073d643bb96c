"""Deleting: the author alone; the article goes to the author's bin, invisible to every read,
its slug reserved, restorable within the retention window, and removed for good by a purge."""

import pytest

from application.ports.queries import ArticleFilter, Shelf
from domain.shared.errors import InvalidValue, NotFound, PermissionDenied
from tests.factories import EPOCH
from tests.unit.application.conduit import RETENTION, Conduit


async def test_a_deleted_article_vanishes_with_its_comments_and_favorites(
    conduit: Conduit,
) -> None:
    jake = await conduit.sign_up("jake")
    fan = await conduit.sign_up("fan")
    doomed = await conduit.publish(jake, "Doomed", tags=["doomed"])
    kept = await conduit.publish(jake, "Kept", tags=["kept"])
    await conduit.comment(doomed, fan, "Bye")
    await conduit.favorite_article.execute(doomed, fan)
    await conduit.favorite_article.execute(kept, fan)

    await conduit.delete_article.execute(doomed, jake)

    with pytest.raises(NotFound):
        await conduit.get_article.execute(doomed, jake)
    with pytest.raises(NotFound):
        await conduit.list_comments.execute(doomed, None)
    with pytest.raises(NotFound):
        await conduit.favorite_article.execute(doomed, fan)
    assert await conduit.list_tags.execute() == ("kept",)
    favorites = await conduit.list_articles.execute(ArticleFilter(favorited_by="fan"), fan)
    assert ([a.slug for a in favorites.articles], favorites.total) == ([kept], 1)
    bin_ = await conduit.list_own_articles.execute(jake, Shelf.DELETED, limit=20, offset=0)
    assert [(a.slug, a.deleted_at) for a in bin_.articles] == [(doomed, EPOCH)]


async def test_only_the_author_can_delete_an_article(conduit: Conduit) -> None:
    jake = await conduit.sign_up("jake")
    stranger = await conduit.sign_up("stranger")
    slug = await conduit.publish(jake)
    await conduit.comment(slug, stranger)
    before = conduit.snapshot()

    with pytest.raises(PermissionDenied):
        await conduit.delete_article.execute(slug, stranger)

    assert conduit.snapshot() == before
    assert (await conduit.get_article.execute(slug, None)).slug == slug


async def test_deleting_an_unknown_or_deleted_article_is_not_found(conduit: Conduit) -> None:
    jake = await conduit.sign_up("jake")
    slug = await conduit.publish(jake)
    await conduit.delete_article.execute(slug, jake)

    for missing in ("no-such-article", slug):
        with pytest.raises(NotFound):
            await conduit.delete_article.execute(missing, jake)


async def test_a_deleted_slug_stays_reserved_until_purged(conduit: Conduit) -> None:
    jake = await conduit.sign_up("jake")
    slug = await conduit.publish(jake)
    await conduit.delete_article.execute(slug, jake)

    assert await conduit.publish(jake) != slug

    conduit.clock.advance(days=31)
    assert await conduit.purge_deleted.execute(RETENTION) == 1
    assert await conduit.publish(jake) == slug


async def test_the_author_restores_a_deleted_article_within_the_window(conduit: Conduit) -> None:
    jake = await conduit.sign_up("jake")
    fan = await conduit.sign_up("fan")
    slug = await conduit.publish(jake, tags=["dragons"])
    await conduit.comment(slug, fan, "Welcome back")
    await conduit.delete_article.execute(slug, jake)
    conduit.clock.advance(days=30)

    restored = await conduit.restore_article.execute(slug, jake)

    assert (restored.slug, restored.tags, restored.deleted_at) == (slug, ("dragons",), None)
    assert [c.body for c in await conduit.list_comments.execute(slug, None)] == ["Welcome back"]
    bin_ = await conduit.list_own_articles.execute(jake, Shelf.DELETED, limit=20, offset=0)
    assert bin_.total == 0


async def test_restoring_is_not_found_for_others_and_for_live_articles(conduit: Conduit) -> None:
    jake = await conduit.sign_up("jake")
    stranger = await conduit.sign_up("stranger")
    deleted = await conduit.publish(jake, "Deleted")
    live = await conduit.publish(jake, "Live")
    await conduit.delete_article.execute(deleted, jake)
    before = conduit.snapshot()

    for slug, user in ((deleted, stranger), (live, jake), ("no-such-article", jake)):
        with pytest.raises(NotFound):
            await conduit.restore_article.execute(slug, user)

    assert conduit.snapshot() == before


async def test_restoring_past_the_retention_window_is_refused(conduit: Conduit) -> None:
    jake = await conduit.sign_up("jake")
    slug = await conduit.publish(jake)
    await conduit.delete_article.execute(slug, jake)
    conduit.clock.advance(days=30, seconds=1)

    with pytest.raises(InvalidValue) as refused:
        await conduit.restore_article.execute(slug, jake)

    assert refused.value.field == "slug"


async def test_a_purge_reports_progress_and_keeps_recent_deletions(conduit: Conduit) -> None:
    jake = await conduit.sign_up("jake")
    old = [await conduit.publish(jake, f"Old {n}") for n in range(3)]
    keeper = await conduit.publish(jake, "Keeper")
    comment = await conduit.comment(keeper, jake)
    for slug in old:
        await conduit.delete_article.execute(slug, jake)
    await conduit.delete_comment.execute(keeper, comment, jake)
    conduit.clock.advance(days=10)
    recent = await conduit.publish(jake, "Recent")
    await conduit.delete_article.execute(recent, jake)
    conduit.clock.advance(days=25)
    batches: list[int] = []

    assert await conduit.purge_deleted.count(RETENTION) == 4
    assert await conduit.purge_deleted.execute(RETENTION, on_progress=batches.append) == 4

    assert sum(batches) == 4
    bin_ = await conduit.list_own_articles.execute(jake, Shelf.DELETED, limit=20, offset=0)
    assert [a.slug for a in bin_.articles] == [recent]
    assert conduit.store.committed.comments == {}
