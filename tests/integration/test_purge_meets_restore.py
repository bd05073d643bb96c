"""A purge that meets a restore of the same article on PostgreSQL: the restore committed while
the purge waited for the row, so the article lives on, and stays counted exactly once."""

import asyncio
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from dependency_injector import providers
from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine
from sqlalchemy.pool import NullPool

from infrastructure.container import Container
from tests.article_counts import drifted_counts
from tests.contract.storage import Storage, id_of
from tests.factories import EPOCH, settings_for_tests

DELETED_AT = EPOCH - timedelta(days=60)


@pytest.fixture
async def container(empty_committing_postgres: str) -> AsyncIterator[Container]:
    container = Container()
    container.settings.override(providers.Object(settings_for_tests(empty_committing_postgres)))
    yield container
    await container.storage().close()


async def test_a_purge_leaves_an_article_restored_while_it_waited(
    container: Container, empty_committing_postgres: str
) -> None:
    storage = Storage(container)
    jake = await storage.user("jake")
    article = await storage.article(jake, "Second thoughts", tags=["dragons"])
    await storage.delete_article(article, at=DELETED_AT)

    async with container.uow() as uow:
        restored = await uow.articles.get_deleted_by_slug("second-thoughts")
        assert restored is not None
        restored.restore(by=id_of(jake), now=DELETED_AT, retention=timedelta(days=30))
        await uow.articles.update(restored)  # the row is now locked by this transaction
        purge = asyncio.create_task(container.purge_deleted().execute(timedelta(days=30)))
        await asyncio.sleep(0.5)
        assert not purge.done()  # waiting for the restore's row
        await uow.commit()

    assert await purge == 0
    async with container.uow() as uow:
        assert await uow.articles.get_by_slug("second-thoughts") is not None
    engine = create_async_engine(empty_committing_postgres, poolclass=NullPool)
    async with AsyncSession(engine) as session:
        assert await drifted_counts(session) == {}
    await engine.dispose()
