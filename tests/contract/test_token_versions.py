"""TokenVersions: each user's current token version, which a password change raises."""

from infrastructure.container import Container
from tests.contract.storage import Storage, id_of


async def test_a_new_user_is_at_version_zero(container: Container, storage: Storage) -> None:
    jake = await storage.user("jake")

    assert await container.token_versions().current(id_of(jake)) == 0


async def test_an_unknown_user_has_no_version(container: Container) -> None:
    assert await container.token_versions().current(999_999) is None


async def test_a_password_change_raises_the_version_and_nothing_else_does(
    container: Container, storage: Storage
) -> None:
    jake = await storage.user("jake")
    versions = container.token_versions()

    await storage.edit_user(jake, bio="Hi", image="https://example.com/jake.png")
    after_profile = await versions.current(id_of(jake), fresh=True)
    await storage.edit_user(jake, password_hash="another hash")
    after_password = await versions.current(id_of(jake), fresh=True)

    assert (after_profile, after_password) == (0, 1)
