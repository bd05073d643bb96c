"""Listing articles: newest first, filtered, paginated, with a total of every match."""

import pytest

from application.ports.queries import ArticleFilter
from tests.factories import FixedClock
from tests.unit.application.wiring import Conduit


@pytest.fixture
async def library(conduit: Conduit, clock: FixedClock) -> Conduit:
    """jake writes 'Dragons' and 'Ponies', celeb writes 'Celebrity'; fan favors 'Dragons'."""
    jake = await conduit.sign_up("jake")
    celeb = await conduit.sign_up("celeb")
    fan = await conduit.sign_up("fan")
    await conduit.publish(jake, "Dragons", tags=["dragons", "training"])
    clock.advance(minutes=1)
    await conduit.publish(celeb, "Celebrity", tags=["fame"])
    clock.advance(minutes=1)
    await conduit.publish(jake, "Ponies", tags=["training"])
    await conduit.favorite_article.execute("dragons", fan)
    return conduit


async def test_every_article_is_listed_newest_first_without_bodies(library: Conduit) -> None:
    page = await library.list_articles.execute(ArticleFilter(), viewer_id=None)
    assert [a.slug for a in page.articles] == ["ponies", "celebrity", "dragons"]
    assert page.total == 3
    assert all(a.body is None for a in page.articles)


async def test_articles_written_at_the_same_instant_are_listed_latest_first(
    conduit: Conduit,
) -> None:
    jake = await conduit.sign_up("jake")
    for title in ["One", "Two", "Three"]:
        await conduit.publish(jake, title)
    page = await conduit.list_articles.execute(ArticleFilter(), viewer_id=None)
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
    library: Conduit, filters: ArticleFilter, slugs: list[str]
) -> None:
    page = await library.list_articles.execute(filters, viewer_id=None)
    assert [a.slug for a in page.articles] == slugs
    assert page.total == len(slugs)


@pytest.mark.parametrize(
    ("limit", "offset", "slugs"),
    [
        (1, 0, ["ponies"]),
        (2, 1, ["celebrity", "dragons"]),
        (20, 2, ["dragons"]),
        (20, 3, []),
        (5, 100, []),
    ],
)
async def test_limit_and_offset_cut_a_page_while_the_total_counts_every_match(
    library: Conduit, limit: int, offset: int, slugs: list[str]
) -> None:
    page = await library.list_articles.execute(
        ArticleFilter(limit=limit, offset=offset), viewer_id=None
    )
    assert [a.slug for a in page.articles] == slugs
    assert page.total == 3


async def test_favorited_and_following_reflect_the_viewer(library: Conduit) -> None:
    fan = library.user_id("fan")
    await library.follow_user.execute("jake", follower_id=fan)

    as_fan = await library.list_articles.execute(ArticleFilter(author="jake"), viewer_id=fan)
    assert [(a.slug, a.favorited, a.author.following) for a in as_fan.articles] == [
        ("ponies", False, True),
        ("dragons", True, True),
    ]
    anonymous = await library.list_articles.execute(ArticleFilter(author="jake"), viewer_id=None)
    assert [(a.favorited, a.author.following) for a in anonymous.articles] == [
        (False, False),
        (False, False),
    ]
    assert [a.favorites_count for a in anonymous.articles] == [0, 1]
