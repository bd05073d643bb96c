"""FollowRepository and FavoriteRepository: one row per pair however often it is recorded;
removing an absent one changes nothing."""

from collections.abc import Awaitable, Callable

import pytest

from application.ports.queries import ArticleFilter
from application.ports.unit_of_work import UnitOfWork
from domain.shared.errors import InvalidValue
from infrastructure.container import Container
from tests.contract.storage import Storage, id_of


async def favorites_count(container: Container, slug: str) -> int:
    view = await container.article_queries().get_article(slug, viewer_id=None)
    assert view is not None
    return view.favorites_count


async def test_following_again_changes_nothing(container: Container, storage: Storage) -> None:
    jake, fan = await storage.users("jake", "fan")
    await storage.article(jake)
    async with container.uow() as uow:
        await uow.follows.follow(id_of(fan), id_of(jake))
        await uow.follows.follow(id_of(fan), id_of(jake))
        await uow.commit()

    await storage.follow(fan, jake)

    profile = await container.profile_queries().get_profile("jake", viewer_id=id_of(fan))
    assert profile is not None
    assert profile.following is True
    feed = await container.article_queries().feed(id_of(fan), limit=20, offset=0)
    assert (len(feed.articles), feed.total) == (1, 1)


async def test_unfollowing_removes_the_follow(container: Container, storage: Storage) -> None:
    jake, fan = await storage.users("jake", "fan")
    await storage.follow(fan, jake)

    async with container.uow() as uow:
        await uow.follows.unfollow(id_of(fan), id_of(jake))
        await uow.commit()

    profile = await container.profile_queries().get_profile("jake", viewer_id=id_of(fan))
    assert profile is not None
    assert profile.following is False


async def test_a_follow_goes_one_way(container: Container, storage: Storage) -> None:
    jake, fan = await storage.users("jake", "fan")
    await storage.follow(fan, jake)

    fan_profile = await container.profile_queries().get_profile("fan", viewer_id=id_of(jake))

    assert fan_profile is not None
    assert fan_profile.following is False


async def test_unfollowing_someone_not_followed_changes_nothing(
    container: Container, storage: Storage
) -> None:
    jake, fan, celeb = await storage.users("jake", "fan", "celeb")
    await storage.follow(fan, jake)

    async with container.uow() as uow:
        await uow.follows.unfollow(id_of(fan), id_of(celeb))
        await uow.commit()

    jake_profile = await container.profile_queries().get_profile("jake", viewer_id=id_of(fan))
    assert jake_profile is not None
    assert jake_profile.following is True


async def test_favoriting_again_records_one_favorite(
    container: Container, storage: Storage
) -> None:
    jake, fan = await storage.users("jake", "fan")
    article = await storage.article(jake, "Dragons")
    async with container.uow() as uow:
        await uow.favorites.favorite(id_of(fan), id_of(article))
        await uow.favorites.favorite(id_of(fan), id_of(article))
        await uow.commit()

    await storage.favorite(fan, article)

    assert await favorites_count(container, "dragons") == 1
    page = await container.article_queries().list_articles(
        ArticleFilter(favorited_by="fan"), viewer_id=None
    )
    assert page.total == 1


async def test_unfavoriting_removes_the_favorite(container: Container, storage: Storage) -> None:
    jake, fan = await storage.users("jake", "fan")
    article = await storage.article(jake, "Dragons")
    await storage.favorite(fan, article)

    async with container.uow() as uow:
        await uow.favorites.unfavorite(id_of(fan), id_of(article))
        await uow.commit()

    assert await favorites_count(container, "dragons") == 0


async def test_unfavoriting_an_absent_favorite_changes_nothing(
    container: Container, storage: Storage
) -> None:
    jake, fan = await storage.users("jake", "fan")
    article = await storage.article(jake, "Dragons")
    await storage.favorite(jake, article)

    async with container.uow() as uow:
        await uow.favorites.unfavorite(id_of(fan), id_of(article))
        await uow.commit()

    assert await favorites_count(container, "dragons") == 1


MISSING = 999_999


async def test_a_follow_or_favorite_of_missing_rows_is_refused_and_stores_nothing(
    container: Container, storage: Storage
) -> None:
    jake = await storage.user("jake")
    article = await storage.article(jake)
    writes = [
        lambda uow: uow.follows.follow(MISSING, id_of(jake)),
        lambda uow: uow.follows.follow(id_of(jake), MISSING),
        lambda uow: uow.favorites.favorite(MISSING, id_of(article)),
        lambda uow: uow.favorites.favorite(id_of(jake), MISSING),
    ]

    async def attempt(write: Callable[[UnitOfWork], Awaitable[None]]) -> None:
        async with container.uow() as uow:
            await write(uow)
            await uow.commit()

    for write in writes:
        with pytest.raises(InvalidValue):
            await attempt(write)

    assert await favorites_count(container, article.slug.value) == 0
    assert (await container.article_queries().feed(id_of(jake), limit=20, offset=0)).total == 0
