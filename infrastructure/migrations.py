"""Apply the Alembic migrations programmatically (used by ``conduit migrate`` and ``serve``)."""

from pathlib import Path

from alembic.config import Config
from sqlalchemy.engine import make_url

from alembic import command

PROJECT_ROOT = Path(__file__).resolve().parents[1]


def alembic_config(database_url: str) -> Config:
    config = Config(str(PROJECT_ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(PROJECT_ROOT / "alembic"))
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    # Logging is Conduit's (``observability.logs``), not alembic.ini's.
    config.attributes["configure_logger"] = False
    return config


def upgrade_to_head(database_url: str) -> None:
    command.upgrade(alembic_config(database_url), "head")


def sync_url(database_url: str) -> str:
    """Alembic runs on the synchronous drivers: psycopg2 for PostgreSQL, sqlite3 for SQLite,
    PyMySQL for MariaDB."""
    url = make_url(database_url)
    driver = {"postgresql": "postgresql+psycopg2", "sqlite": "sqlite", "mysql": "mysql+pymysql"}[
        url.get_backend_name()
    ]
    return url.set(drivername=driver).render_as_string(hide_password=False)
