"""``conduit recount``: counts that drifted (rows written by hand, say) are rebuilt from the
articles, with a progress bar, on SQLite, PostgreSQL and MariaDB."""

import asyncio
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from dependency_injector import providers
from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine
from sqlalchemy.pool import NullPool
from typer.testing import CliRunner

from domain.articles.article import ArticleStatus
from infrastructure.container import Container
from interfaces.cli import app
from tests.article_counts import drifted_counts
from tests.contract.storage import Storage
from tests.databases import async_url, migrated_mariadb_database
from tests.factories import settings_for_tests

DRIFT = (
    "UPDATE article_counts SET articles = articles + 7 WHERE tag = ''",
    "DELETE FROM article_counts WHERE tag = 'dragons'",
    "INSERT INTO article_counts (tag, author_id, articles) VALUES ('ghosts', 0, 3)",
)


@pytest.fixture(params=["sqlite", "postgres", "mariadb"])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The async URL of a migrated database of the test's own."""
    if request.param == "sqlite":
        database = tmp_path / "conduit.db"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), database)
        yield f"sqlite+aiosqlite:///{database}"
        return
    if request.param == "mariadb":
        with migrated_mariadb_database() as url:
            yield url
        return
    yield async_url(request.getfixturevalue("fresh_database"))


async def _seed_and_drift(url: str) -> None:
    container = Container()
    container.settings.override(providers.Object(settings_for_tests(url)))
    storage = Storage(container)
    jake, celeb = await storage.users("jake", "celeb")
    await storage.article(jake, "One", tags=["dragons", "training"])
    await storage.article(celeb, "Two", tags=["dragons"])
    await storage.article(jake, "Plan", tags=["dragons"], status=ArticleStatus.DRAFT)
    await container.engine().dispose()
    await _execute(url, *DRIFT)


async def _execute(url: str, *statements: str) -> None:
    engine = create_async_engine(url, poolclass=NullPool)
    async with engine.begin() as connection:
        for statement in statements:
            await connection.execute(sa.text(statement))
    await engine.dispose()


async def _drifted(url: str) -> dict[tuple[str, int], tuple[int, int]]:
    engine = create_async_engine(url, poolclass=NullPool)
    async with AsyncSession(engine) as session:
        drifted = await drifted_counts(session)
    await engine.dispose()
    return drifted


def test_recount_rebuilds_counts_that_drifted_from_the_articles(
    url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    asyncio.run(_seed_and_drift(url))
    assert asyncio.run(_drifted(url)) != {}
    monkeypatch.setenv("CONDUIT_DATABASE_URL", url)

    result = CliRunner().invoke(app, ["recount"])

    assert result.exit_code == 0, result.output
    # The overall count, two authors, two tags.
    assert "recounted: 5 article counts stored" in result.output
    assert asyncio.run(_drifted(url)) == {}
