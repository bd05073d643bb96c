"""Page-size rules: 1 <= limit <= 100 and 0 <= offset <= MAX_OFFSET, for lists and the feed."""

import pytest

from application.pagination import MAX_OFFSET, MAX_PAGE_SIZE, check_page
from application.ports.queries import ArticleFilter
from domain.shared.errors import InvalidValue
from tests.factories import an_article
from tests.unit.application.conduit import Conduit

BAD_PAGES = [
    pytest.param(0, 0, "limit", id="limit-0"),
    pytest.param(-1, 0, "limit", id="negative-limit"),
    pytest.param(MAX_PAGE_SIZE + 1, 0, "limit", id="limit-over-100"),
    pytest.param(20, -1, "offset", id="negative-offset"),
    pytest.param(20, MAX_OFFSET + 1, "offset", id="offset-too-deep"),
]


@pytest.mark.parametrize(
    ("limit", "offset"), [(1, 0), (MAX_PAGE_SIZE, 0), (20, MAX_OFFSET), (20, 40)]
)
async def test_pages_within_the_bounds_are_accepted(
    conduit: Conduit, limit: int, offset: int
) -> None:
    check_page(limit, offset)
    reader = await conduit.sign_up("reader")
    page = await conduit.list_articles.execute(ArticleFilter(limit=limit, offset=offset), None)
    feed = await conduit.feed_articles.execute(reader, limit=limit, offset=offset)
    assert (page.total, feed.total) == (0, 0)


@pytest.mark.parametrize(("limit", "offset", "field"), BAD_PAGES)
async def test_listing_articles_refuses_a_page_outside_the_bounds(
    conduit: Conduit, limit: int, offset: int, field: str
) -> None:
    with pytest.raises(InvalidValue) as caught:
        await conduit.list_articles.execute(ArticleFilter(limit=limit, offset=offset), None)
    assert caught.value.field == field


@pytest.mark.parametrize(("limit", "offset", "field"), BAD_PAGES)
async def test_the_feed_refuses_a_page_outside_the_bounds(
    conduit: Conduit, limit: int, offset: int, field: str
) -> None:
    reader = await conduit.sign_up("reader")
    with pytest.raises(InvalidValue) as caught:
        await conduit.feed_articles.execute(reader, limit=limit, offset=offset)
    assert caught.value.field == field


async def test_a_full_page_of_one_hundred_articles_is_allowed(conduit: Conduit) -> None:
    jake = await conduit.sign_up("jake")
    # Stored in one unit of work: publishing them one by one copies the store 101 times.
    async with conduit.uow as uow:
        for n in range(MAX_PAGE_SIZE + 1):
            await uow.articles.add(an_article(jake, f"Article {n}"))
        await uow.commit()
    page = await conduit.list_articles.execute(ArticleFilter(limit=MAX_PAGE_SIZE), None)
    assert len(page.articles) == MAX_PAGE_SIZE
    assert page.total == MAX_PAGE_SIZE + 1
