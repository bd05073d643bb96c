"""UnitOfWork: what is committed stays, everything else is rolled back."""

import pytest

from application.ports.unit_of_work import UnitOfWork
from domain.shared.errors import AlreadyExists
from infrastructure.container import Container
from tests.contract.storage import Storage, id_of
from tests.factories import a_user, an_article


class Boom(Exception):
    """Something unrelated to storage went wrong inside the block."""


async def add_then_fail(container: Container) -> None:
    async with container.uow() as uow:
        await uow.users.add(a_user("jake"))
        raise Boom


async def add_two_users(container: Container, first: str, second: str) -> None:
    async with container.uow() as uow:
        await uow.users.add(a_user(first))
        await uow.users.add(a_user(second))
        await uow.commit()


async def usernames(container: Container, *names: str) -> set[str]:
    """Which of ``names`` a fresh unit of work can see."""
    async with container.uow() as uow:
        return {name for name in names if await uow.users.get_by_username(name)}


async def test_a_commit_makes_changes_visible_to_a_new_unit_of_work(container: Container) -> None:
    async with container.uow() as uow:
        await uow.users.add(a_user("jake"))
        await uow.commit()

    assert await usernames(container, "jake") == {"jake"}


async def test_leaving_without_commit_rolls_back(container: Container) -> None:
    async with container.uow() as uow:
        await uow.users.add(a_user("jake"))

    assert await usernames(container, "jake") == set()


async def test_an_exception_inside_the_block_rolls_back_and_propagates(
    container: Container,
) -> None:
    with pytest.raises(Boom):
        await add_then_fail(container)

    assert await usernames(container, "jake") == set()


async def test_rollback_discards_changes_since_the_last_commit_and_the_unit_goes_on(
    container: Container,
) -> None:
    async with container.uow() as uow:
        await uow.users.add(a_user("kept"))
        await uow.commit()
        await uow.users.add(a_user("discarded"))
        await uow.rollback()
        assert await uow.users.get_by_username("discarded") is None
        await uow.users.add(a_user("later"))
        await uow.commit()

    assert await usernames(container, "kept", "discarded", "later") == {"kept", "later"}


async def test_nothing_of_a_unit_is_kept_when_it_fails_on_a_duplicate(
    container: Container, storage: Storage
) -> None:
    await storage.user("jake")

    with pytest.raises(AlreadyExists):
        await add_two_users(container, "newcomer", "jake")

    assert await usernames(container, "jake", "newcomer") == {"jake"}


async def test_a_new_unit_of_work_commits_normally_after_a_failed_one(
    container: Container, storage: Storage
) -> None:
    await storage.user("jake")
    with pytest.raises(AlreadyExists):
        await storage.user("jake")

    await storage.user("newcomer")

    assert await usernames(container, "jake", "newcomer") == {"jake", "newcomer"}


async def test_a_savepoint_undoes_only_what_happened_inside_it(
    storage: Storage, container: Container
) -> None:
    jake = await storage.user("jake")
    await storage.article(jake, "Taken")

    async def add_two_in_a_savepoint(uow: UnitOfWork) -> None:
        async with uow.savepoint():
            await uow.articles.add(an_article(id_of(jake), "Undone"))
            await uow.articles.add(an_article(id_of(jake), "Taken"))

    async with container.uow() as uow:
        await uow.articles.add(an_article(id_of(jake), "Kept"))
        with pytest.raises(AlreadyExists):
            await add_two_in_a_savepoint(uow)
        async with uow.savepoint():
            await uow.articles.add(an_article(id_of(jake), "Also kept"))
        await uow.commit()

    async with container.uow() as uow:
        assert await uow.articles.get_by_slug("kept") is not None
        assert await uow.articles.get_by_slug("also-kept") is not None
        assert await uow.articles.get_by_slug("undone") is None


async def test_a_unit_of_work_reads_an_article_with_its_own_uncommitted_changes(
    container: Container,
) -> None:
    async with container.uow() as uow:
        author = await uow.users.add(a_user("jake"))
        fan = await uow.users.add(a_user("fan"))
        article = await uow.articles.add(an_article(id_of(author), "Fresh", tags=["new"]))
        await uow.favorites.favorite(id_of(fan), id_of(article))

        seen_by_fan = await uow.read_article(article.slug.value, id_of(fan))
        assert seen_by_fan is not None
        assert (seen_by_fan.title, seen_by_fan.tags) == ("Fresh", ("new",))
        assert (seen_by_fan.favorited, seen_by_fan.favorites_count) == (True, 1)
        assert seen_by_fan.author.username == "jake"
        assert await uow.read_article("no-such-article", id_of(fan)) is None

    assert await usernames(container, "jake") == set()
