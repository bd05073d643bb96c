"""The email column compares without case in the database itself (citext on PostgreSQL,
NOCASE on SQLite, a ``_ci`` collation on MariaDB): rows written by anything, not only through
the domain's lower-casing, cannot hold one address twice, and are found by any casing."""

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from dependency_injector import providers

from domain.users.values import Email
from infrastructure.container import Container
from infrastructure.migrations import upgrade_to_head
from tests.databases import async_url, fresh_mariadb_database, fresh_postgres_database
from tests.factories import EPOCH, settings_for_tests

INSERT_USER = sa.text(
    "INSERT INTO users (username, email, password_hash, bio, image, created_at, updated_at)"
    " VALUES (:name, :email, 'hash', '', '', :at, :at)"
)


@pytest.fixture(params=["sqlite", "postgres", "mariadb"])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A migrated database holding a user whose email was written in mixed case."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'emails.db'}"
        upgrade_to_head(url)
        insert(url, "jake", "Jake@Example.com")
        yield url
        return
    if request.param == "mariadb":
        with fresh_mariadb_database() as url:
            upgrade_to_head(url)
            insert(url, "jake", "Jake@Example.com")
            yield url
        return
    with fresh_postgres_database(request.getfixturevalue("postgres_server")) as url:
        upgrade_to_head(url)
        insert(url, "jake", "Jake@Example.com")
        yield url


def insert(url: str, name: str, email: str) -> None:
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    try:
        with engine.begin() as connection:
            connection.execute(INSERT_USER, {"name": name, "email": email, "at": EPOCH})
    finally:
        engine.dispose()


@pytest.fixture
async def container(database: str) -> AsyncIterator[Container]:
    container = Container()
    container.settings.override(providers.Object(settings_for_tests(async_url(database))))
    yield container
    await container.read_database().close()
    await container.engine().dispose()


def test_the_same_address_in_another_case_is_refused_by_the_database(database: str) -> None:
    with pytest.raises(sa.exc.IntegrityError):
        insert(database, "impostor", "jake@example.COM")


async def test_a_mixed_case_row_is_found_by_the_lower_case_address(container: Container) -> None:
    async with container.uow() as uow:
        user = await uow.users.get_by_email(Email("JAKE@example.com"))

    assert user is not None
    assert user.username.value == "jake"
