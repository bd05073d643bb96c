"""Dialect-specific structures the migrations create and SQLModel cannot describe.

A PostgreSQL-only generated ``tsvector`` column and its GIN index, SQLite's FTS5 table (with
its shadow tables and triggers), a PostgreSQL expression index on a JSON path, and MariaDB's
``FULLTEXT`` indexes. Alembic's
autogenerate comparisons leave them out by name (``alembic/env.py``, the drift test);
``tests/integration`` checks that they exist.
"""

from collections.abc import Mapping
from typing import Any

POSTGRES_VECTOR_COLUMN = "search_vector"
POSTGRES_VECTOR_INDEX = "ix_articles_search_vector"
POSTGRES_LANGUAGE_INDEX = "ix_articles_meta_language"
SQLITE_FTS_TABLE = "articles_fts"
MARIADB_FULLTEXT_INDEXES = {"ix_articles_fulltext", "ix_articles_fulltext_title"}


def is_modelled(name: str | None, type_: str, parent_names: Mapping[str, Any]) -> bool:
    """Alembic's ``include_name`` hook: False for the structures listed above."""
    if type_ == "table":
        return not (name or "").startswith(SQLITE_FTS_TABLE)
    if type_ == "column" and parent_names.get("table_name") == "articles":
        return name != POSTGRES_VECTOR_COLUMN
    if type_ == "index":
        return name not in {
            POSTGRES_VECTOR_INDEX,
            POSTGRES_LANGUAGE_INDEX,
            *MARIADB_FULLTEXT_INDEXES,
        }
    return True
