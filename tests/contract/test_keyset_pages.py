"""Keyset pages: following ``next`` walks every match exactly once, newest first, ties broken by
id, with the full total on every page; lists and the feed alike."""

from datetime import timedelta

import pytest

from application.pagination import Position
from application.ports.queries import ArticleFilter, ArticleQueries
from application.read_models import ArticlePage
from domain.users.user import User
from infrastructure.container import Container
from tests.contract.storage import Storage, id_of
from tests.factories import EPOCH

# Seven articles over four distinct moments: equal timestamps must still page deterministically.
MINUTES = [0, 0, 1, 1, 1, 2, 3]


@pytest.fixture
async def writers(storage: Storage) -> tuple[User, User]:
    jake, reader = await storage.users("jake", "reader")
    for number, minute in enumerate(MINUTES):
        tags = ["even"] if number % 2 == 0 else ["odd"]
        await storage.article(
            jake, f"Article {number}", tags=tags, at=EPOCH + timedelta(minutes=minute)
        )
    await storage.follow(reader, jake)
    return jake, reader


async def walk(queries: ArticleQueries, limit: int, **filters: str) -> list[ArticlePage]:
    pages = [await queries.list_articles(ArticleFilter(limit=limit, **filters), None)]
    while pages[-1].next is not None:
        after = pages[-1].next
        pages.append(
            await queries.list_articles(ArticleFilter(limit=limit, after=after, **filters), None)
        )
    return pages


def slugs(pages: list[ArticlePage]) -> list[str]:
    return [article.slug for page in pages for article in page.articles]


@pytest.mark.usefixtures("writers")
@pytest.mark.parametrize("limit", [1, 3, 7])
async def test_following_the_cursor_lists_every_article_once_in_order(
    container: Container, limit: int
) -> None:
    queries = container.article_queries()
    everything = await queries.list_articles(ArticleFilter(limit=100), None)

    pages = await walk(queries, limit)

    assert slugs(pages) == [a.slug for a in everything.articles]
    assert len(slugs(pages)) == len(MINUTES)
    assert {page.total for page in pages} == {len(MINUTES)}


@pytest.mark.usefixtures("writers")
async def test_the_cursor_keeps_the_filters(container: Container) -> None:
    pages = await walk(container.article_queries(), 2, tag="even")

    assert slugs(pages) == ["article-6", "article-4", "article-2", "article-0"]
    assert {page.total for page in pages} == {4}


@pytest.mark.usefixtures("writers")
async def test_an_offset_page_that_has_more_after_it_offers_a_cursor(
    container: Container,
) -> None:
    queries = container.article_queries()
    first = await queries.list_articles(ArticleFilter(limit=3, offset=3), None)
    last = await queries.list_articles(ArticleFilter(limit=3, offset=6), None)

    assert first.next is not None
    assert last.next is None
    following = await queries.list_articles(ArticleFilter(limit=3, after=first.next), None)
    assert [a.slug for a in following.articles] == [a.slug for a in last.articles]


async def test_a_cursor_past_the_end_gives_an_empty_page_with_the_total(
    container: Container, writers: tuple[User, User]
) -> None:
    before_everything = Position(created_at=EPOCH - timedelta(days=1), id=1)

    page = await container.article_queries().list_articles(
        ArticleFilter(after=before_everything), None
    )

    assert (page.articles, page.total, page.next) == ((), len(MINUTES), None)


async def test_the_feed_pages_by_cursor_too(
    container: Container, writers: tuple[User, User]
) -> None:
    queries = container.article_queries()
    reader_id = id_of(writers[1])
    pages = [await queries.feed(reader_id, limit=4, offset=0)]
    while (after := pages[-1].next) is not None:
        pages.append(await queries.feed(reader_id, limit=4, offset=0, after=after))

    assert len(pages) == 2
    assert len(slugs(pages)) == len(set(slugs(pages))) == len(MINUTES)
    assert {page.total for page in pages} == {len(MINUTES)}
