"""``conduit create-admin``: promote an existing user, or create one with prompted details."""

import asyncio
import shutil
from pathlib import Path

import pytest
from dependency_injector import providers
from typer.testing import CliRunner

from infrastructure.container import Container
from interfaces.cli import app
from tests.contract.storage import Storage
from tests.factories import settings_for_tests


@pytest.fixture
def database(sqlite_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    path = tmp_path / "conduit.db"
    shutil.copyfile(sqlite_template, path)
    url = f"sqlite+aiosqlite:///{path}"
    monkeypatch.setenv("CONDUIT_DATABASE_URL", url)
    monkeypatch.setenv("CONDUIT_PASSWORD_HASH_MEMORY_KIB", "64")
    return url


async def _admins(url: str, *names: str) -> list[bool]:
    container = Container()
    container.settings.override(providers.Object(settings_for_tests(url)))
    async with container.uow() as uow:
        users = [await uow.users.get_by_username(name) for name in names]
    await container.engine().dispose()
    return [user is not None and user.is_admin for user in users]


async def _register(url: str, name: str) -> None:
    container = Container()
    container.settings.override(providers.Object(settings_for_tests(url)))
    await Storage(container).user(name)
    await container.engine().dispose()


def test_an_existing_user_is_promoted(database: str) -> None:
    asyncio.run(_register(database, "jake"))

    result = CliRunner().invoke(app, ["create-admin", "jake"])

    assert result.exit_code == 0, result.output
    assert "jake is now an administrator" in result.output
    assert asyncio.run(_admins(database, "jake")) == [True]


def test_a_missing_user_is_created_from_prompted_details(database: str) -> None:
    answers = "root@example.com\ncorrect horse battery\ncorrect horse battery\n"

    result = CliRunner().invoke(app, ["create-admin", "root"], input=answers)

    assert result.exit_code == 0, result.output
    assert "root was created as an administrator" in result.output
    assert asyncio.run(_admins(database, "root")) == [True]


def test_invalid_details_are_a_message_not_a_traceback(database: str) -> None:
    result = CliRunner().invoke(
        app, ["create-admin", "root", "--email", "not-an-email", "--password", "long enough pw"]
    )

    assert result.exit_code == 1
    assert "cannot create the administrator" in result.output
    assert asyncio.run(_admins(database, "root")) == [False]
