"""UserRepository: users by id, email (any case) and exact username; unique names and emails."""

import pytest

from domain.shared.errors import AlreadyExists
from domain.users.user import User
from domain.users.values import Email, Username
from infrastructure.container import Container
from tests.contract.storage import Storage, id_of
from tests.factories import EPOCH, a_user


async def fetch(container: Container, user_id: int) -> User | None:
    async with container.uow() as uow:
        return await uow.users.get(user_id)


async def test_adding_users_gives_each_its_own_id(container: Container) -> None:
    async with container.uow() as uow:
        jake = await uow.users.add(a_user("jake"))
        celeb = await uow.users.add(a_user("celeb"))
        await uow.commit()

    assert isinstance(jake.id, int)
    assert isinstance(celeb.id, int)
    assert jake.id != celeb.id


async def test_a_stored_user_comes_back_with_every_field(
    container: Container, storage: Storage
) -> None:
    jake = await storage.user("jake")

    found = await fetch(container, id_of(jake))

    assert found is not None
    assert (found.id, found.username, found.email, found.password_hash) == (
        jake.id,
        Username("jake"),
        Email("jake@example.com"),
        "hash",
    )
    assert (found.bio, found.image, found.created_at, found.updated_at) == ("", "", EPOCH, EPOCH)


async def test_a_user_is_found_by_email_whatever_its_case(
    container: Container, storage: Storage
) -> None:
    jake = await storage.user("jake")

    async with container.uow() as uow:
        found = await uow.users.get_by_email(Email("JAKE@Example.COM"))

    assert found is not None
    assert found.id == jake.id


async def test_a_user_is_found_by_exactly_its_username(
    container: Container, storage: Storage
) -> None:
    jake = await storage.user("jake")

    async with container.uow() as uow:
        found = await uow.users.get_by_username("jake")
        other_case = await uow.users.get_by_username("Jake")

    assert found is not None
    assert found.id == jake.id
    assert other_case is None


async def test_unknown_users_are_none(container: Container, storage: Storage) -> None:
    jake = await storage.user("jake")

    async with container.uow() as uow:
        assert await uow.users.get(id_of(jake) + 1000) is None
        assert await uow.users.get_by_email(Email("nobody@example.com")) is None
        assert await uow.users.get_by_username("nobody") is None


@pytest.mark.parametrize(
    ("username", "email", "field"),
    [
        ("jake", "other@example.com", "username"),
        ("other", "JAKE@example.com", "email"),
    ],
)
async def test_a_taken_username_or_email_cannot_be_added(
    storage: Storage, username: str, email: str, field: str
) -> None:
    await storage.user("jake")
    duplicate = User.register(username=Username(username), email=Email(email), password_hash="hash")

    with pytest.raises(AlreadyExists) as refused:
        await storage.add_user(duplicate)

    assert refused.value.field == field


async def test_an_update_persists_every_changed_field(
    container: Container, storage: Storage
) -> None:
    jake = await storage.user("jake")
    later = EPOCH.replace(year=2027)

    await storage.edit_user(
        jake,
        now=later,
        username=Username("jacob"),
        email=Email("jacob@example.com"),
        password_hash="new hash",
        bio="I work at statefarm",
        image="https://example.com/jacob.png",
    )

    found = await fetch(container, id_of(jake))
    assert found is not None
    assert (found.username, found.email, found.password_hash) == (
        Username("jacob"),
        Email("jacob@example.com"),
        "new hash",
    )
    assert (found.bio, found.image) == ("I work at statefarm", "https://example.com/jacob.png")
    assert (found.created_at, found.updated_at) == (EPOCH, later)


async def test_an_update_that_keeps_its_own_username_and_email_is_no_conflict(
    container: Container, storage: Storage
) -> None:
    jake = await storage.user("jake")

    await storage.edit_user(
        jake, username=Username("jake"), email=Email("jake@example.com"), bio="Still me"
    )

    found = await fetch(container, id_of(jake))
    assert found is not None
    assert found.bio == "Still me"


@pytest.mark.parametrize(
    ("username", "email", "field"),
    [
        (Username("celeb"), None, "username"),
        (None, Email("Celeb@Example.com"), "email"),
    ],
)
async def test_an_update_to_a_taken_username_or_email_is_refused_and_kept_out(
    container: Container,
    storage: Storage,
    username: Username | None,
    email: Email | None,
    field: str,
) -> None:
    jake = await storage.user("jake")
    await storage.user("celeb")

    with pytest.raises(AlreadyExists) as refused:
        await storage.edit_user(jake, username=username, email=email, bio="changed")

    assert refused.value.field == field
    found = await fetch(container, id_of(jake))
    assert found is not None
    assert (found.username, found.email, found.bio) == (
        Username("jake"),
        Email("jake@example.com"),
        "",
    )
