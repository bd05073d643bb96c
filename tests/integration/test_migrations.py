"""The Alembic history on real SQLite, PostgreSQL and MariaDB databases: one head, a clean
round trip, and migrations that match the SQLModel tables exactly."""

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlmodel import SQLModel

from alembic import command
from infrastructure.migrations import alembic_config
from infrastructure.persistence.sqlmodel import tables  # noqa: F401  (registers the tables)
from infrastructure.persistence.sqlmodel.mariadb import same_server_default
from infrastructure.persistence.sqlmodel.unmodelled import is_modelled

TABLES = {
    "idempotency_keys",
    "users",
    "user_settings",
    "follows",
    "articles",
    "tags",
    "article_tags",
    "favorites",
    "comments",
    "audit_entries",
    "outbox",
    "notifications",
}


def table_names(url: str) -> set[str]:
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    try:
        names = set(sa.inspect(engine).get_table_names()) - {"alembic_version"}
        return {name for name in names if is_modelled(name, "table", {})}
    finally:
        engine.dispose()


def schema_differences(url: str) -> list[object]:
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(
                connection,
                opts={
                    "compare_type": True,
                    # As alembic/env.py compares them.
                    "compare_server_default": same_server_default,
                    "include_name": is_modelled,
                },
            )
            return list(compare_metadata(context, SQLModel.metadata))
    finally:
        engine.dispose()


def test_the_migration_history_has_a_single_head() -> None:
    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    assert len(script.get_heads()) == 1


def test_upgrade_downgrade_upgrade_round_trips(empty_database: str) -> None:
    config = alembic_config(empty_database)

    command.upgrade(config, "head")
    assert table_names(empty_database) == TABLES

    command.downgrade(config, "base")
    assert table_names(empty_database) == set()

    command.upgrade(config, "head")
    assert table_names(empty_database) == TABLES


def test_autogenerate_finds_no_difference_between_migrations_and_tables(
    empty_database: str,
) -> None:
    command.upgrade(alembic_config(empty_database), "head")

    assert schema_differences(empty_database) == []
