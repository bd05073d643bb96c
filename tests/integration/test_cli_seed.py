"""``conduit seed`` on SQLite and PostgreSQL: demo data through the use cases, once."""

import asyncio
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from dependency_injector import providers
from typer.testing import CliRunner

from application.users.login_user import LoginUserCommand
from infrastructure.container import Container
from infrastructure.migrations import sync_url, upgrade_to_head
from interfaces.cli import app
from tests.databases import async_url, fresh_postgres_database
from tests.factories import settings_for_tests

SIZES = ["--users", "4", "--articles", "6", "--tags", "5", "--follows", "5"]
SIZES += ["--favorites", "7", "--comments", "9"]
# Cheap hashing: the test is about the data, not argon2.
CHEAP_HASH = {"CONDUIT_PASSWORD_HASH_MEMORY_KIB": "64", "CONDUIT_PASSWORD_HASH_TIME_COST": "1"}


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(
    request: pytest.FixtureRequest, sqlite_template: Path, tmp_path: Path
) -> Iterator[str]:
    """A migrated, empty database (async URL)."""
    if request.param == "sqlite":
        database = tmp_path / "conduit.db"
        shutil.copyfile(sqlite_template, database)
        yield f"sqlite+aiosqlite:///{database}"
    else:
        server = request.getfixturevalue("postgres_server")
        with fresh_postgres_database(server) as url:
            upgrade_to_head(url)
            yield async_url(url)


def seed(database_url: str, *arguments: str) -> tuple[int, str]:
    env = {"CONDUIT_DATABASE_URL": database_url, "CONDUIT_MIGRATE_ON_START": "false"}
    result = CliRunner().invoke(app, ["seed", *arguments], env=env | CHEAP_HASH)
    return result.exit_code, result.output


def counts(database_url: str) -> dict[str, int]:
    engine = sa.create_engine(sync_url(database_url))
    tables = ("users", "articles", "tags", "follows", "favorites", "comments")
    with engine.connect() as connection:
        found = {
            table: connection.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar_one()
            for table in tables
        }
        found["tagged articles"] = connection.execute(
            sa.text("SELECT count(DISTINCT article_id) FROM article_tags")
        ).scalar_one()
    engine.dispose()
    return found


def test_seed_fills_an_empty_database_with_the_sizes_asked_for(database_url: str) -> None:
    exit_code, output = seed(database_url, *SIZES)

    assert exit_code == 0, output
    assert "seeded 4 users" in output
    found = counts(database_url)
    assert found == found | {
        "users": 4,
        "articles": 6,
        "follows": 5,
        "favorites": 7,
        "comments": 9,
        "tagged articles": 6,
    }
    assert 1 <= found["tags"] <= 5


def test_seed_refuses_a_database_that_is_not_empty(database_url: str) -> None:
    assert seed(database_url, *SIZES)[0] == 0
    before = counts(database_url)

    exit_code, output = seed(database_url, *SIZES)

    assert exit_code == 1
    assert "refusing to seed" in output
    assert counts(database_url) == before


def test_seed_users_can_log_in_with_the_demo_password(database_url: str) -> None:
    assert seed(database_url, "--users", "2", "--password", "demo-secret")[0] == 0

    async def login() -> str:
        container = Container()
        container.settings.override(providers.Object(settings_for_tests(database_url)))
        try:
            user = await container.login_user().execute(
                LoginUserCommand(email="ada@example.com", password="demo-secret")
            )
        finally:
            await container.engine().dispose()
        return user.username

    assert asyncio.run(login()) == "ada"


def test_seed_refuses_the_in_memory_backend() -> None:
    exit_code, output = seed("memory")

    assert exit_code == 2
    assert "in-memory" in output
