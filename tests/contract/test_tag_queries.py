"""TagQueries.list_tags: every tag used by at least one article, once, sorted."""

from infrastructure.container import Container
from tests.contract.storage import Storage


async def test_there_are_no_tags_without_articles(container: Container) -> None:
    assert await container.tag_queries().list_tags() == ()


async def test_tags_in_use_are_listed_once_and_sorted(
    container: Container, storage: Storage
) -> None:
    jake = await storage.user()
    await storage.article(jake, "One", tags=["zebra", "dragons"])
    await storage.article(jake, "Two", tags=["dragons", "angular", "Dragons"])
    await storage.article(jake, "Three", tags=[])

    # Code-point order, as the domain sorts tags (``tag_set``), whatever the database collation.
    assert await container.tag_queries().list_tags() == ("Dragons", "angular", "dragons", "zebra")


async def test_a_tag_no_longer_used_by_any_article_is_not_listed(
    container: Container, storage: Storage
) -> None:
    jake = await storage.user()
    await storage.article(jake, "One", tags=["dragons", "fleeting"])
    doomed = await storage.article(jake, "Two", tags=["dragons", "doomed"])

    await storage.edit_article("one", jake, tags=["dragons"])
    await storage.delete_article(doomed)

    assert await container.tag_queries().list_tags() == ("dragons",)
