"""Inventory.is_empty: nothing stored until a user (or an article) is."""

from infrastructure.container import Container
from tests.contract.storage import Storage


async def test_a_new_store_is_empty(container: Container) -> None:
    assert await container.inventory().is_empty() is True


async def test_a_store_with_a_user_is_not_empty(container: Container, storage: Storage) -> None:
    await storage.user()

    assert await container.inventory().is_empty() is False


async def test_a_store_with_articles_is_not_empty(container: Container, storage: Storage) -> None:
    await storage.article(await storage.user())

    assert await container.inventory().is_empty() is False
