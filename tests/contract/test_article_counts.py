"""The totals of the lists (``articlesCount``) after every kind of change that moves them: the
memory adapter counts on each read, the SQL ones read the counts they keep; both agree, and the
kept counts equal ``count(*)`` of what they count."""

from datetime import timedelta

import pytest

from application.articles.import_articles import ImportRecord
from application.ports.queries import ArticleFilter
from domain.articles.article import ArticleStatus
from infrastructure.container import Container
from tests.article_counts import drifted_counts
from tests.conftest import SQL_BACKENDS
from tests.contract.storage import Storage, id_of
from tests.factories import EPOCH


@pytest.fixture
async def changed(container: Container, storage: Storage) -> Storage:
    """jake publishes three, retags one, deletes one and restores it, deletes and purges
    another, drafts one and publishes it, drafts one more and unpublishes one; celeb publishes
    one; fan follows jake."""
    jake, celeb, fan = await storage.users("jake", "celeb", "fan")
    await storage.article(jake, "One", tags=["dragons", "training"])
    two = await storage.article(jake, "Two", tags=["dragons"])
    three = await storage.article(jake, "Three", tags=["training"])
    await storage.article(celeb, "Fame", tags=["fame", "dragons"])
    await storage.edit_article("one", jake, tags=["dragons", "fame"])
    await storage.delete_article(two)
    async with storage.writing() as uow:
        restored = await uow.articles.get_deleted_by_slug("two")
        assert restored is not None
        restored.restore(by=id_of(jake), now=EPOCH, retention=timedelta(days=30))
        await uow.articles.update(restored)
        await uow.commit()
    await storage.delete_article(three, at=EPOCH - timedelta(days=60))
    await container.purge_deleted().execute(timedelta(days=30))
    await storage.article(jake, "Later", tags=["dragons"], status=ArticleStatus.DRAFT)
    await storage.edit_article("later", jake, status=ArticleStatus.PUBLISHED)
    await storage.article(jake, "Plan", tags=["dragons"], status=ArticleStatus.DRAFT)
    await storage.edit_article("two", jake, status=ArticleStatus.DRAFT)
    await storage.follow(fan, jake)
    return storage


@pytest.mark.parametrize(
    ("filters", "total"),
    [
        (ArticleFilter(), 3),
        (ArticleFilter(tag="dragons"), 3),
        (ArticleFilter(tag="fame"), 2),
        (ArticleFilter(tag="training"), 0),
        (ArticleFilter(tag="unknown"), 0),
        (ArticleFilter(author="jake"), 2),
        (ArticleFilter(author="celeb"), 1),
        (ArticleFilter(author="nobody"), 0),
        (ArticleFilter(tag="fame", author="jake"), 1),
    ],
)
async def test_every_list_total_counts_exactly_the_public_articles_after_each_kind_of_change(
    container: Container, changed: Storage, filters: ArticleFilter, total: int
) -> None:
    page = await container.article_queries().list_articles(filters, viewer_id=None)
    assert page.total == total


async def test_the_feed_total_is_the_sum_over_the_followed_authors(
    container: Container, changed: Storage
) -> None:
    async with container.uow() as uow:
        fan = await uow.users.get_by_username("fan")
    assert fan is not None
    assert (await container.article_queries().feed(id_of(fan), limit=1, offset=0)).total == 2
    # Past the end, no row carries the total: it is read alone.
    assert (await container.article_queries().feed(id_of(fan), limit=1, offset=5)).total == 2


@pytest.mark.parametrize("backend", SQL_BACKENDS)  # memory counts on every read
async def test_the_kept_counts_equal_a_count_of_the_articles(
    container: Container, changed: Storage
) -> None:
    async with container.storage().session_factory()() as session:
        assert await drifted_counts(session) == {}


@pytest.mark.parametrize("backend", SQL_BACKENDS)
async def test_an_import_counts_what_landed_and_nothing_a_savepoint_undid(
    container: Container, storage: Storage
) -> None:
    """A taken slug is undone in its savepoint and retried; a draft is not public."""
    await storage.user("jake")
    anne = await storage.user("anne")
    await storage.article(anne, "Imported 1", tags=["old"])
    landed = [
        ImportRecord(
            position=number,
            key=f"post-{number}",
            title=f"Imported {number}",
            description="From the old blog",
            body="Body",
            tags=["imported"],
            status=ArticleStatus.DRAFT if number == 3 else ArticleStatus.PUBLISHED,
        )
        for number in (1, 2, 3)
    ]

    report = await container.import_articles().execute("jake", landed, batch_size=3)

    assert (report.created, report.rejected) == (3, [])
    tagged = await container.article_queries().list_articles(ArticleFilter(tag="imported"), None)
    assert tagged.total == 2
    async with container.storage().session_factory()() as session:
        assert await drifted_counts(session) == {}
