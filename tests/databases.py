"""Real databases for the test session: a migrated SQLite template, a PostgreSQL database and
a MariaDB database.

PostgreSQL comes from ``CONDUIT_TEST_POSTGRES_URL`` (CI sets it to the machine's server) or,
where none is configured, from a throwaway cluster started for the session from the machine's
PostgreSQL binaries (``tests.replication.postgres_binaries``). MariaDB comes from
``CONDUIT_TEST_MARIADB_URL``, by default the machine's server: tests fail, never skip, when
it does not answer.
"""

import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool
from sqlmodel import SQLModel

from infrastructure.migrations import sync_url, upgrade_to_head
from tests.replication import throwaway_server

POSTGRES_URL_VARIABLE = "CONDUIT_TEST_POSTGRES_URL"
MARIADB_SERVER_URL = os.environ.get("CONDUIT_TEST_MARIADB_URL", "mysql://root@127.0.0.1:3306/test")
# Redis tests use a real server: this machine's by default.
REDIS_URL = os.environ.get("CONDUIT_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


_ASYNC_DRIVERS = {
    "postgresql": "postgresql+asyncpg",
    "mysql": "mysql+asyncmy",
    "sqlite": "sqlite+aiosqlite",
}


def async_url(url: str) -> str:
    parsed = make_url(url)
    driver = _ASYNC_DRIVERS[parsed.get_backend_name()]
    return parsed.set(drivername=driver).render_as_string(hide_password=False)


@contextmanager
def postgres_server_url() -> Iterator[str]:
    """The configured server's URL, or a throwaway cluster's for the duration."""
    configured = os.environ.get(POSTGRES_URL_VARIABLE)
    if configured:
        yield configured
        return
    with throwaway_server() as server:
        yield server.url


@contextmanager
def fresh_postgres_database(server_url: str) -> Iterator[str]:
    """A new, empty database on the server, dropped afterwards; yields its sync URL."""
    # FORCE: a test that failed may have left a connection open.
    with _fresh_database(server_url, drop_suffix=" WITH (FORCE)") as url:
        yield url


@contextmanager
def fresh_mariadb_database(server_url: str = MARIADB_SERVER_URL) -> Iterator[str]:
    """A new, empty database on the MariaDB server, dropped afterwards; yields its sync URL."""
    with _fresh_database(server_url) as url:
        yield url


@contextmanager
def _fresh_database(server_url: str, drop_suffix: str = "") -> Iterator[str]:
    admin = sa.create_engine(
        sync_url(server_url), isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool
    )
    # Lower-case letters, digits and underscores: a name no dialect needs to quote.
    name = f"conduit_test_{uuid.uuid4().hex[:12]}"
    with admin.connect() as connection:
        connection.execute(sa.text(f"CREATE DATABASE {name}"))
    url = make_url(sync_url(server_url)).set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        with admin.connect() as connection:
            connection.execute(sa.text(f"DROP DATABASE IF EXISTS {name}{drop_suffix}"))
        admin.dispose()


@contextmanager
def migrated_mariadb_database() -> Iterator[str]:
    """A new MariaDB database, migrated to head, dropped afterwards; yields its async URL."""
    with fresh_mariadb_database() as url:
        upgrade_to_head(url)
        yield async_url(url)


async def empty_mariadb(url: str) -> None:
    """Delete every row (cheaper than TRUNCATE's table rebuilds) and restart the ids."""
    engine = create_async_engine(url, poolclass=NullPool)
    async with engine.begin() as connection:
        await connection.execute(sa.text("SET foreign_key_checks = 0"))
        for table in SQLModel.metadata.tables:
            await connection.execute(sa.text(f"DELETE FROM `{table}`"))
            await connection.execute(sa.text(f"ALTER TABLE `{table}` AUTO_INCREMENT = 1"))
    await engine.dispose()


@contextmanager
def migrated_sqlite_template() -> Iterator[Path]:
    folder = Path(tempfile.mkdtemp(prefix="conduit-sqlite-"))
    template = folder / "template.db"
    upgrade_to_head(f"sqlite:///{template}")
    try:
        yield template
    finally:
        shutil.rmtree(folder, ignore_errors=True)
