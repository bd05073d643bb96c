"""Optimistic locking on every adapter: each write moves the version, and a write based on an
older version changes nothing."""

from datetime import timedelta

import pytest

from domain.shared.errors import VersionConflict
from infrastructure.container import Container
from tests.contract.storage import Storage
from tests.factories import EPOCH


async def test_every_write_moves_the_version(container: Container, storage: Storage) -> None:
    jake = await storage.user()
    await storage.article(jake, "Dragons")

    await storage.edit_article("dragons", jake, title="Wyverns")
    await storage.edit_article("dragons", jake, body="Larger")

    async with container.uow() as uow:
        article = await uow.articles.get_by_slug("dragons")
    view = await container.article_queries().get_article("dragons", None)
    assert article is not None
    assert view is not None
    assert article.version == view.version == 3


async def test_a_write_based_on_an_older_version_changes_nothing(
    container: Container, storage: Storage
) -> None:
    jake = await storage.user()
    await storage.article(jake, "Dragons", tags=["old"])
    async with container.uow() as uow:
        stale = await uow.articles.get_by_slug("dragons")
    assert stale is not None
    await storage.edit_article("dragons", jake, title="Winner")

    stale.edit(by=stale.author_id, now=EPOCH + timedelta(hours=1), title="Loser", tags=["new"])
    async with container.uow() as uow:
        with pytest.raises(VersionConflict):
            await uow.articles.update(stale)

    async with container.uow() as uow:
        stored = await uow.articles.get_by_slug("dragons")
    assert stored is not None
    assert (stored.title, stored.tags, stored.version) == ("Winner", ("old",), 2)
