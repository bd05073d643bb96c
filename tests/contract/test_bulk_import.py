"""Bulk import on every adapter: batches land, a bad record is reported by position while the
rest land, re-running creates nothing twice, and tags are shared, not duplicated."""

from datetime import timedelta

import pytest

from application.articles.import_articles import (
    ImportArticles,
    ImportRecord,
    RejectedRecord,
)
from application.ports.queries import ArticleFilter
from domain.articles.article import ArticleStatus
from domain.shared.errors import NotFound
from infrastructure.container import Container
from tests.contract.storage import Storage
from tests.factories import EPOCH


def records(count: int, *, start: int = 1) -> list[ImportRecord | RejectedRecord]:
    return [
        ImportRecord(
            position=number,
            key=f"post-{number}",
            title=f"Imported {number}",
            description="From the old blog",
            body=f"Body {number}",
            tags=["imported", f"n{number % 3}"],
            metadata={"language": "en"},
            created_at=EPOCH + timedelta(minutes=number),
        )
        for number in range(start, start + count)
    ]


async def total(container: Container) -> int:
    return (await container.article_queries().list_articles(ArticleFilter(), None)).total


@pytest.fixture
async def importer(storage: Storage, container: Container) -> ImportArticles:
    await storage.user("jake")
    return container.import_articles()


async def test_every_record_lands_across_batches(
    importer: ImportArticles, container: Container
) -> None:
    batches: list[int] = []

    report = await importer.execute("jake", records(7), batch_size=3, progress=batches.append)

    assert (report.created, report.skipped, report.rejected) == (7, 0, [])
    assert batches == [3, 3, 1]
    page = await container.article_queries().list_articles(ArticleFilter(limit=100), None)
    assert page.total == 7
    assert page.articles[0].title == "Imported 7"
    assert page.articles[0].created_at == EPOCH + timedelta(minutes=7)
    assert dict(page.articles[0].metadata) == {"language": "en"}
    assert await container.tag_queries().list_tags() == ("imported", "n0", "n1", "n2")


async def test_re_running_the_same_records_creates_nothing_twice(
    importer: ImportArticles, container: Container
) -> None:
    await importer.execute("jake", records(5), batch_size=2)

    again = await importer.execute("jake", records(6), batch_size=2)

    assert (again.created, again.skipped, again.rejected) == (1, 5, [])
    assert await total(container) == 6


async def test_a_bad_record_is_reported_by_position_and_the_rest_land(
    importer: ImportArticles, container: Container
) -> None:
    bad_title = ImportRecord(position=3, key="bad", title="  ", description="", body="B")
    too_many_tags = ImportRecord(
        position=4,
        key="tags",
        title="Tags",
        description="",
        body="B",
        tags=[str(n) for n in range(30)],
    )
    unparsable = RejectedRecord(position=5, reason="line is not valid JSON")
    batch = [*records(2), bad_title, too_many_tags, unparsable, *records(2, start=6)]

    report = await importer.execute("jake", batch, batch_size=3)

    assert report.created == 4
    assert [(r.position, r.reason) for r in report.rejected] == [
        (3, "title can't be blank"),
        (4, "tagList may hold at most 20 tags"),
        (5, "line is not valid JSON"),
    ]
    assert await total(container) == 4


async def test_the_same_key_twice_in_one_input_is_imported_once(
    importer: ImportArticles, container: Container
) -> None:
    first, second = records(2)
    twin = ImportRecord(position=3, key="post-1", title="Another title", description="", body="B")
    report = await importer.execute("jake", [first, twin, second], batch_size=10)

    assert (report.created, report.skipped) == (2, 1)
    assert await total(container) == 2


async def test_a_taken_slug_is_undone_in_its_savepoint_and_retried_with_a_suffix(
    importer: ImportArticles, storage: Storage, container: Container
) -> None:
    anne = await storage.user("anne")
    await storage.article(anne, "Imported 1")

    report = await importer.execute("jake", records(2))

    assert (report.created, report.rejected) == (2, [])
    page = await container.article_queries().list_articles(ArticleFilter(author="jake"), None)
    assert sorted(a.slug[:11] for a in page.articles) == ["imported-1-", "imported-2"]


async def test_an_unknown_author_is_not_found(importer: ImportArticles) -> None:
    with pytest.raises(NotFound):
        await importer.execute("nobody", records(1))


async def test_drafts_stay_drafts_and_a_deleted_import_is_not_created_again(
    importer: ImportArticles, storage: Storage, container: Container
) -> None:
    draft = ImportRecord(
        position=1, key="d", title="Draft", description="", body="B", status=ArticleStatus.DRAFT
    )
    [published] = records(1, start=2)
    await importer.execute("jake", [draft, published])
    async with container.uow() as uow:
        stored = await uow.articles.get_by_slug("imported-2")
    assert stored is not None
    await storage.delete_article(stored)

    again = await importer.execute("jake", [draft, published])

    assert (again.created, again.skipped) == (0, 2)
    assert await total(container) == 0
