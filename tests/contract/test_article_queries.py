"""ArticleQueries.feed and get_article: the followed authors' articles, and one article with
its body."""

from datetime import timedelta

import pytest

from infrastructure.container import Container
from tests.contract.storage import Storage, id_of
from tests.factories import EPOCH


async def test_the_feed_lists_only_followed_authors_newest_first_without_bodies(
    container: Container, storage: Storage
) -> None:
    jake, celeb, stranger, fan = await storage.users("jake", "celeb", "stranger", "fan")
    for minutes, (author, title) in enumerate(
        [(jake, "Old"), (stranger, "Unseen"), (celeb, "Fame"), (fan, "Mine"), (jake, "New")]
    ):
        await storage.article(author, title, at=EPOCH + timedelta(minutes=minutes))
    await storage.follow(fan, jake)
    await storage.follow(fan, celeb)

    page = await container.article_queries().feed(id_of(fan), limit=20, offset=0)

    assert [a.slug for a in page.articles] == ["new", "fame", "old"]
    assert page.total == 3
    assert all(a.body is None and a.author.following for a in page.articles)


@pytest.mark.parametrize(
    ("limit", "offset", "slugs"),
    [(1, 0, ["three"]), (1, 1, ["two"]), (5, 2, ["one"]), (5, 3, []), (5, 50, [])],
)
async def test_the_feed_is_paginated_while_the_total_counts_every_match(
    container: Container, storage: Storage, limit: int, offset: int, slugs: list[str]
) -> None:
    jake, fan = await storage.users("jake", "fan")
    for minutes, title in enumerate(["One", "Two", "Three"]):
        await storage.article(jake, title, at=EPOCH + timedelta(minutes=minutes))
    await storage.follow(fan, jake)

    page = await container.article_queries().feed(id_of(fan), limit=limit, offset=offset)

    assert [a.slug for a in page.articles] == slugs
    assert page.total == 3


async def test_the_feed_of_someone_following_nobody_is_empty(
    container: Container, storage: Storage
) -> None:
    jake, fan = await storage.users("jake", "fan")
    await storage.article(jake)

    page = await container.article_queries().feed(id_of(fan), limit=20, offset=0)

    assert page.articles == ()
    assert page.total == 0


async def test_the_feed_shows_what_the_viewer_favorited(
    container: Container, storage: Storage
) -> None:
    jake, fan = await storage.users("jake", "fan")
    liked = await storage.article(jake, "Liked")
    await storage.article(jake, "Ignored", at=EPOCH + timedelta(minutes=1))
    await storage.favorite(fan, liked)
    await storage.follow(fan, jake)

    page = await container.article_queries().feed(id_of(fan), limit=20, offset=0)

    assert [(a.slug, a.favorited, a.favorites_count) for a in page.articles] == [
        ("ignored", False, 0),
        ("liked", True, 1),
    ]


async def test_one_article_comes_with_its_body_tags_and_author(
    container: Container, storage: Storage
) -> None:
    jake = await storage.user()
    await storage.article(jake, "Dragons", tags=["training", "dragons"])

    view = await container.article_queries().get_article("dragons", viewer_id=None)

    assert view is not None
    assert (view.slug, view.title, view.description, view.body) == (
        "dragons",
        "Dragons",
        "Ever wonder how?",
        "You have to believe",
    )
    assert view.tags == ("dragons", "training")
    assert (view.created_at, view.updated_at) == (EPOCH, EPOCH)
    assert (view.author.username, view.author.following) == ("jake", False)
    assert (view.favorited, view.favorites_count) == (False, 0)


async def test_one_article_shows_the_viewers_favorite_and_follow(
    container: Container, storage: Storage
) -> None:
    jake, fan, other = await storage.users("jake", "fan", "other")
    article = await storage.article(jake, "Dragons")
    await storage.favorite(fan, article)
    await storage.favorite(other, article)
    await storage.follow(fan, jake)
    queries = container.article_queries()

    as_fan = await queries.get_article("dragons", viewer_id=id_of(fan))
    anonymous = await queries.get_article("dragons", viewer_id=None)

    assert as_fan is not None
    assert anonymous is not None
    assert (as_fan.favorited, as_fan.author.following, as_fan.favorites_count) == (True, True, 2)
    assert (anonymous.favorited, anonymous.author.following) == (False, False)
    assert anonymous.favorites_count == 2


async def test_an_unknown_slug_has_no_article(container: Container, storage: Storage) -> None:
    await storage.article(await storage.user(), "Dragons")

    assert await container.article_queries().get_article("unicorns", viewer_id=None) is None
