"""Fixtures of the fault tests."""

from collections.abc import Iterator

import pytest

from infrastructure.migrations import upgrade_to_head
from tests.databases import fresh_postgres_database


@pytest.fixture
def database(postgres_server: str) -> Iterator[str]:
    """A migrated PostgreSQL database of this test's own (sync URL), for server processes."""
    with fresh_postgres_database(postgres_server) as url:
        upgrade_to_head(url)
        yield url
