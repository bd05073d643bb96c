"""Keyset pages of comments on every adapter: oldest first, ties broken by id, every comment
exactly once, and an unknown slug told apart from an article with nothing left to show."""

from datetime import timedelta

import pytest

from application.pagination import Position
from application.ports.queries import CommentQueries
from application.read_models import CommentPage
from infrastructure.container import Container
from tests.contract.storage import Storage
from tests.factories import EPOCH

SLUG = "how-to-train-your-dragon"
# Six comments over three distinct moments: equal timestamps must still page deterministically.
MINUTES = [0, 0, 1, 1, 1, 2]


@pytest.fixture
async def commented(storage: Storage) -> None:
    jake = await storage.user("jake")
    article = await storage.article(jake)
    for number, minute in enumerate(MINUTES):
        await storage.comment(article, jake, f"c{number}", at=EPOCH + timedelta(minutes=minute))


async def walk(queries: CommentQueries, limit: int) -> list[CommentPage]:
    first = await queries.comment_page(SLUG, None, limit)
    assert first is not None
    pages = [first]
    while pages[-1].next is not None:
        page = await queries.comment_page(SLUG, None, limit, pages[-1].next)
        assert page is not None
        pages.append(page)
    return pages


@pytest.mark.usefixtures("commented")
@pytest.mark.parametrize("limit", [1, 4, 6, 10])
async def test_following_the_cursor_lists_every_comment_once_in_order(
    container: Container, limit: int
) -> None:
    queries = container.comment_queries()
    everything = await queries.list_comments(SLUG, None)
    assert everything is not None

    pages = await walk(queries, limit)

    assert [c.id for page in pages for c in page.comments] == [c.id for c in everything]
    assert [c.body for c in everything] == [f"c{n}" for n in range(len(MINUTES))]
    assert all(len(page.comments) <= limit for page in pages)


@pytest.mark.usefixtures("commented")
async def test_a_cursor_past_the_last_comment_is_an_empty_page(container: Container) -> None:
    after = Position(created_at=EPOCH + timedelta(days=1), id=1)

    page = await container.comment_queries().comment_page(SLUG, None, 5, after)

    assert page == CommentPage(comments=(), next=None)


async def test_an_unknown_slug_is_none(container: Container) -> None:
    assert await container.comment_queries().comment_page("nowhere", None, 5) is None
