"""ArticleRepository: articles by slug with their tags; unique slugs; updates; soft deletes
that keep the slug reserved; purges that take comments, favorites and tag links along."""

from datetime import timedelta

import pytest

from application.ports.queries import ArticleFilter
from domain.articles.article import Article
from domain.articles.values import Slug
from domain.shared.errors import AlreadyExists
from infrastructure.container import Container
from tests.contract.storage import Storage, id_of
from tests.factories import EPOCH


async def by_slug(container: Container, slug: str) -> Article | None:
    async with container.uow() as uow:
        return await uow.articles.get_by_slug(slug)


async def test_a_stored_article_comes_back_by_slug_with_unique_sorted_tags(
    container: Container, storage: Storage
) -> None:
    jake = await storage.user("jake")
    stored = await storage.article(jake, "Dragons", tags=["training", "dragons", "training"])

    found = await by_slug(container, "dragons")

    assert isinstance(stored.id, int)
    assert found is not None
    assert (found.id, found.slug, found.author_id) == (stored.id, Slug("dragons"), jake.id)
    assert (found.title, found.description, found.body) == (
        "Dragons",
        "Ever wonder how?",
        "You have to believe",
    )
    assert found.tags == ("dragons", "training")
    assert (found.created_at, found.updated_at) == (EPOCH, EPOCH)


async def test_an_article_without_tags_comes_back_without_tags(
    container: Container, storage: Storage
) -> None:
    await storage.article(await storage.user(), "Untagged", tags=[])

    found = await by_slug(container, "untagged")

    assert found is not None
    assert found.tags == ()


async def test_articles_share_tags_without_conflict(container: Container, storage: Storage) -> None:
    jake = await storage.user()
    await storage.article(jake, "One", tags=["dragons", "fire"])
    await storage.article(jake, "Two", tags=["dragons", "ice"])

    one, two = await by_slug(container, "one"), await by_slug(container, "two")

    assert one is not None
    assert two is not None
    assert (one.tags, two.tags) == (("dragons", "fire"), ("dragons", "ice"))


async def test_an_unknown_slug_is_none(container: Container, storage: Storage) -> None:
    await storage.article(await storage.user(), "Dragons")

    async with container.uow() as uow:
        assert await uow.articles.get_by_slug("unicorns") is None
        assert await uow.articles.get_by_slug("dragons") is not None


async def test_a_taken_slug_cannot_be_added(storage: Storage) -> None:
    jake = await storage.user()
    await storage.article(jake, "Dragons")

    with pytest.raises(AlreadyExists) as refused:
        await storage.article(jake, "Dragons")

    assert refused.value.field == "slug"


async def test_an_update_persists_the_fields_and_replaces_the_tags(
    container: Container, storage: Storage
) -> None:
    jake = await storage.user()
    await storage.article(jake, "Dragons", tags=["dragons", "training"])
    later = EPOCH.replace(year=2027)

    await storage.edit_article(
        "dragons",
        jake,
        now=later,
        title="Wyverns",
        description="Smaller",
        body="Still dangerous",
        tags=["wyverns", "dragons"],
    )

    found = await by_slug(container, "dragons")
    assert found is not None
    assert (found.title, found.description, found.body) == ("Wyverns", "Smaller", "Still dangerous")
    assert found.tags == ("dragons", "wyverns")
    assert (found.created_at, found.updated_at) == (EPOCH, later)


async def test_an_update_can_remove_every_tag(container: Container, storage: Storage) -> None:
    jake = await storage.user()
    await storage.article(jake, "Dragons", tags=["dragons"])

    await storage.edit_article("dragons", jake, tags=[])

    found = await by_slug(container, "dragons")
    assert found is not None
    assert found.tags == ()


async def test_a_deleted_article_is_found_only_as_deleted_and_keeps_its_slug(
    container: Container, storage: Storage
) -> None:
    jake = await storage.user()
    doomed = await storage.article(jake, "Doomed")

    await storage.delete_article(doomed, at=EPOCH + timedelta(hours=1))

    async with container.uow() as uow:
        assert await uow.articles.get_by_slug("doomed") is None
        deleted = await uow.articles.get_deleted_by_slug("doomed")
        assert await uow.articles.get_deleted_by_slug("no-such-article") is None
    with pytest.raises(AlreadyExists):
        await storage.article(jake, "Doomed")
    assert deleted is not None
    assert (deleted.id, deleted.deleted_at) == (doomed.id, EPOCH + timedelta(hours=1))


async def test_a_restored_article_is_live_again(container: Container, storage: Storage) -> None:
    jake = await storage.user()
    doomed = await storage.article(jake, "Doomed", tags=["dragons"])
    await storage.delete_article(doomed)

    async with container.uow() as uow:
        deleted = await uow.articles.get_deleted_by_slug("doomed")
        assert deleted is not None
        deleted.restore(by=id_of(jake), now=EPOCH, retention=timedelta(days=1))
        await uow.articles.update(deleted)
        await uow.commit()

    restored = await by_slug(container, "doomed")
    assert restored is not None
    assert (restored.deleted_at, restored.tags) == (None, ("dragons",))


async def test_a_purge_removes_old_deletions_with_their_comments_favorites_and_tag_links(
    container: Container, storage: Storage
) -> None:
    jake, fan = await storage.users("jake", "fan")
    old = await storage.article(jake, "Old", tags=["old", "shared"])
    recent = await storage.article(jake, "Recent", tags=["shared"])
    kept = await storage.article(jake, "Kept", tags=["shared"])
    comment = await storage.comment(old, fan, "Farewell")
    kept_comment = await storage.comment(kept, fan, "Still here")
    await storage.favorite(fan, old)
    await storage.favorite(fan, kept)
    await storage.delete_article(old, at=EPOCH)
    await storage.delete_article(recent, at=EPOCH + timedelta(days=2))
    cutoff = EPOCH + timedelta(days=1)

    async with container.uow() as uow:
        assert await uow.articles.count_deleted(cutoff) == 1
        assert await uow.articles.purge_deleted(cutoff, limit=10) == 1
        await uow.commit()

    async with container.uow() as uow:
        assert await uow.articles.get_deleted_by_slug("old") is None
        assert await uow.articles.get_deleted_by_slug("recent") is not None
        assert await uow.articles.count_deleted(cutoff) == 0
        assert await uow.comments.get(id_of(comment), id_of(old)) is None
        assert await uow.comments.get(id_of(kept_comment), id_of(kept)) is not None
    favorites = await container.article_queries().list_articles(
        ArticleFilter(favorited_by="fan"), viewer_id=None
    )
    assert [a.slug for a in favorites.articles] == ["kept"]
    assert await container.tag_queries().list_tags() == ("shared",)
    assert (await storage.article(jake, "Old")).slug.value == "old", "a purged slug is free"


async def test_a_purge_takes_at_most_its_batch_oldest_deletions_first(
    container: Container, storage: Storage
) -> None:
    jake = await storage.user()
    for day, title in enumerate(["Second", "First", "Third"]):
        article = await storage.article(jake, title)
        await storage.delete_article(article, at=EPOCH - timedelta(days=[2, 3, 1][day]))

    async with container.uow() as uow:
        assert await uow.articles.purge_deleted(EPOCH, limit=2) == 2
        await uow.commit()

    async with container.uow() as uow:
        assert await uow.articles.count_deleted(EPOCH) == 1
        assert await uow.articles.get_deleted_by_slug("third") is not None
