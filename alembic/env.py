"""Alembic environment: SQLModel metadata, synchronous drivers, batch mode on SQLite."""

from logging.config import fileConfig

import sqlalchemy as sa
from sqlmodel import SQLModel

from alembic import context
from infrastructure.migrations import sync_url
from infrastructure.persistence.sqlmodel import (
    mariadb,
    tables,  # noqa: F401  (registers the tables)
)
from infrastructure.persistence.sqlmodel.unmodelled import is_modelled
from infrastructure.settings import Settings

config = context.config
if config.config_file_name is not None and config.attributes.get("configure_logger", True):
    fileConfig(config.config_file_name, disable_existing_loggers=False)

target_metadata = SQLModel.metadata


def _database_url() -> str:
    return sync_url(config.get_main_option("sqlalchemy.url") or Settings().database_url)


def _configure(**options: object) -> None:
    url = _database_url()
    context.configure(
        target_metadata=target_metadata,
        render_as_batch=url.startswith("sqlite"),
        compare_type=True,
        compare_server_default=mariadb.same_server_default,
        include_name=is_modelled,
        **options,  # type: ignore[arg-type]
    )


def run_migrations_offline() -> None:
    _configure(url=_database_url(), literal_binds=True, dialect_opts={"paramstyle": "named"})
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connectable = config.attributes.get("connection")
    if connectable is None:
        engine = sa.create_engine(_database_url(), poolclass=sa.pool.NullPool)
        with engine.connect() as connection:
            _configure(connection=connection)
            with context.begin_transaction():
                context.run_migrations()
        engine.dispose()
    else:
        _configure(connection=connectable)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
