"""ArticleQueries.list_articles: newest first, filtered, paginated, without bodies, with a
total of every match and the viewer's ``favorited`` and ``following``."""

from dataclasses import dataclass
from datetime import timedelta

import pytest

from application.ports.queries import ArticleFilter, ArticleQueries
from domain.users.user import User
from infrastructure.container import Container
from tests.contract.storage import Storage, id_of
from tests.factories import EPOCH


@dataclass(frozen=True)
class Library:
    queries: ArticleQueries
    jake: User
    fan: User


@pytest.fixture
async def library(container: Container, storage: Storage) -> Library:
    """jake writes 'Dragons' then 'Ponies', celeb 'Celebrity' in between; fan favors 'Dragons'
    and follows jake."""
    jake, celeb, fan = await storage.users("jake", "celeb", "fan")
    dragons = await storage.article(jake, "Dragons", tags=["training", "dragons"])
    await storage.article(celeb, "Celebrity", tags=["fame"], at=EPOCH + timedelta(minutes=1))
    await storage.article(jake, "Ponies", tags=["training"], at=EPOCH + timedelta(minutes=2))
    await storage.favorite(fan, dragons)
    await storage.follow(fan, jake)
    return Library(container.article_queries(), jake, fan)


async def test_every_article_is_listed_newest_first_without_bodies(library: Library) -> None:
    page = await library.queries.list_articles(ArticleFilter(), viewer_id=None)

    assert [a.slug for a in page.articles] == ["ponies", "celebrity", "dragons"]
    assert page.total == 3
    assert all(a.body is None for a in page.articles)


async def test_a_listed_article_carries_its_fields_tags_and_author(library: Library) -> None:
    page = await library.queries.list_articles(ArticleFilter(), viewer_id=None)
    dragons = page.articles[-1]

    assert (dragons.title, dragons.description) == ("Dragons", "Ever wonder how?")
    assert dragons.tags == ("dragons", "training")
    assert (dragons.created_at, dragons.updated_at) == (EPOCH, EPOCH)
    assert (dragons.author.username, dragons.author.bio, dragons.author.image) == ("jake", "", "")


async def test_articles_written_at_the_same_instant_are_listed_latest_stored_first(
    container: Container, storage: Storage
) -> None:
    jake = await storage.user()
    for title in ["One", "Two", "Three"]:
        await storage.article(jake, title)

    page = await container.article_queries().list_articles(ArticleFilter(), viewer_id=None)

    assert [a.slug for a in page.articles] == ["three", "two", "one"]


@pytest.mark.parametrize(
    ("filters", "slugs"),
    [
        (ArticleFilter(tag="training"), ["ponies", "dragons"]),
        (ArticleFilter(tag="fame"), ["celebrity"]),
        (ArticleFilter(tag="unknown"), []),
        (ArticleFilter(author="jake"), ["ponies", "dragons"]),
        (ArticleFilter(author="nobody"), []),
        (ArticleFilter(favorited_by="fan"), ["dragons"]),
        (ArticleFilter(favorited_by="jake"), []),
        (ArticleFilter(favorited_by="nobody"), []),
        (ArticleFilter(tag="training", author="jake", favorited_by="fan"), ["dragons"]),
        (ArticleFilter(tag="fame", author="jake"), []),
    ],
)
async def test_filters_narrow_the_list_and_the_total(
    library: Library, filters: ArticleFilter, slugs: list[str]
) -> None:
    page = await library.queries.list_articles(filters, viewer_id=None)

    assert [a.slug for a in page.articles] == slugs
    assert page.total == len(slugs)


@pytest.mark.parametrize(
    ("filters", "slugs", "total"),
    [
        (ArticleFilter(limit=1), ["ponies"], 3),
        (ArticleFilter(limit=2, offset=1), ["celebrity", "dragons"], 3),
        (ArticleFilter(offset=2), ["dragons"], 3),
        (ArticleFilter(offset=3), [], 3),
        (ArticleFilter(limit=5, offset=100), [], 3),
        (ArticleFilter(tag="training", limit=1, offset=1), ["dragons"], 2),
        (ArticleFilter(author="jake", offset=5), [], 2),
        (ArticleFilter(favorited_by="fan", offset=1), [], 1),
    ],
)
async def test_limit_and_offset_cut_a_page_while_the_total_counts_every_match(
    library: Library, filters: ArticleFilter, slugs: list[str], total: int
) -> None:
    page = await library.queries.list_articles(filters, viewer_id=None)

    assert [a.slug for a in page.articles] == slugs
    assert page.total == total


async def test_an_empty_store_lists_nothing(container: Container) -> None:
    page = await container.article_queries().list_articles(ArticleFilter(), viewer_id=None)

    assert page.articles == ()
    assert page.total == 0


async def test_favorited_and_following_reflect_the_viewer(library: Library) -> None:
    queries, fan, jake = library.queries, library.fan, library.jake

    as_fan = await queries.list_articles(ArticleFilter(), viewer_id=id_of(fan))
    anonymous = await queries.list_articles(ArticleFilter(), viewer_id=None)
    as_jake = await queries.list_articles(ArticleFilter(), viewer_id=id_of(jake))

    assert [(a.slug, a.favorited, a.author.following) for a in as_fan.articles] == [
        ("ponies", False, True),
        ("celebrity", False, False),
        ("dragons", True, True),
    ]
    assert [(a.favorited, a.author.following) for a in anonymous.articles] == [(False, False)] * 3
    assert [(a.favorited, a.author.following) for a in as_jake.articles] == [(False, False)] * 3
    for page in (as_fan, anonymous, as_jake):
        assert [a.favorites_count for a in page.articles] == [0, 0, 1]
