"""Databases for the integration tier: untouched ones, for migrations to run on."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.databases import fresh_mariadb_database, fresh_postgres_database


@pytest.fixture(params=["sqlite", "postgres", "mariadb"])
def empty_database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The sync URL of a database no migration has touched."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.db'}"
        return
    if request.param == "mariadb":
        with fresh_mariadb_database() as url:
            yield url
        return
    with fresh_postgres_database(request.getfixturevalue("postgres_server")) as url:
        yield url
