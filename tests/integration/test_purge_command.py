"""``conduit purge --older-than``: the command line removes old deletions for good."""

import asyncio
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from dependency_injector import providers
from typer.testing import CliRunner

from infrastructure.container import Container
from interfaces.cli import app
from tests.contract.storage import Storage
from tests.factories import settings_for_tests


async def _seed(url: str) -> None:
    """jake's "Old" was deleted 40 days ago, "Recent" 10 days ago; "Live" was not."""
    container = Container()
    container.settings.override(providers.Object(settings_for_tests(url)))
    storage = Storage(container)
    now = datetime.now(UTC)
    jake = await storage.user("jake")
    for title, deleted_days_ago in (("Old", 40), ("Recent", 10), ("Live", None)):
        article = await storage.article(jake, title)
        if deleted_days_ago is not None:
            await storage.delete_article(article, at=now - timedelta(days=deleted_days_ago))
    await container.engine().dispose()


async def _slugs(url: str) -> tuple[bool, bool, bool]:
    container = Container()
    container.settings.override(providers.Object(settings_for_tests(url)))
    async with container.uow() as uow:
        found = (
            await uow.articles.get_deleted_by_slug("old") is not None,
            await uow.articles.get_deleted_by_slug("recent") is not None,
            await uow.articles.get_by_slug("live") is not None,
        )
    await container.engine().dispose()
    return found


def test_purge_removes_only_what_was_deleted_before_the_cutoff(
    sqlite_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    database = tmp_path / "conduit.db"
    shutil.copyfile(sqlite_template, database)
    url = f"sqlite+aiosqlite:///{database}"
    asyncio.run(_seed(url))
    monkeypatch.setenv("CONDUIT_DATABASE_URL", url)

    result = CliRunner().invoke(app, ["purge", "--older-than", "30d"])

    assert result.exit_code == 0, result.output
    assert "purged 1 deleted articles and comments" in result.output
    assert asyncio.run(_slugs(url)) == (False, True, True)


def test_purge_refuses_a_duration_without_a_unit() -> None:
    result = CliRunner().invoke(app, ["purge", "--older-than", "30"], env={"COLUMNS": "200"})

    assert result.exit_code == 2
    assert "30d, 12h, 90m or 45s" in result.output
