"""The full-text search structures migration 0016 creates, as the queries refer to them."""

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import REGCONFIG, TSVECTOR

from infrastructure.persistence.sqlmodel.tables import articles
from infrastructure.persistence.sqlmodel.unmodelled import POSTGRES_VECTOR_COLUMN, SQLITE_FTS_TABLE

TEXT_SEARCH_CONFIG = "english"

search_vector = sa.column(POSTGRES_VECTOR_COLUMN, TSVECTOR, _selectable=articles)
articles_fts = sa.table(
    SQLITE_FTS_TABLE,
    sa.column("rowid", sa.Integer),
    sa.column("title", sa.Text),
    sa.column("description", sa.Text),
    sa.column("body", sa.Text),
)
# Literals, not bound values: PostgreSQL's reads run as SQL compiled once (see ``reads``).
text_search_config = sa.literal_column(f"'{TEXT_SEARCH_CONFIG}'::regconfig", REGCONFIG)
