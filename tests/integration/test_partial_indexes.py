"""The public list reads stay on their partial index (``WHERE deleted_at IS NULL AND status =
'published'``): the planners of SQLite and PostgreSQL match the statement's predicate."""

from typing import Any

import pytest
import sqlalchemy as sa

from alembic import command
from infrastructure.migrations import alembic_config
from infrastructure.persistence.sqlmodel import statements

INDEX = "ix_articles_public_created_at_id"


def _plan(url: str, statement: sa.Select[Any], params: dict[str, Any]) -> str:
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    dialect = engine.dialect.name
    compiled = statement.compile(dialect=engine.dialect)
    values = compiled.construct_params(params)
    arguments = tuple(values[name] for name in compiled.positiontup or ()) or values
    explain = "EXPLAIN QUERY PLAN " if dialect == "sqlite" else "EXPLAIN "
    try:
        with engine.connect() as connection:
            if dialect == "postgresql":
                # An empty table is cheaper to scan: ask the planner whether the index fits.
                connection.exec_driver_sql("SET enable_seqscan = off")
            return "\n".join(
                str(row) for row in connection.exec_driver_sql(explain + str(compiled), arguments)
            )
    finally:
        engine.dispose()


# MariaDB has no partial indexes: there the index is a plain one over every article.
@pytest.mark.parametrize("empty_database", ["sqlite", "postgres"], indirect=True)
@pytest.mark.parametrize(
    "shape",
    [statements.ListShape(), statements.ListShape(after=True)],
    ids=["first page", "keyed page"],
)
def test_the_newest_first_page_reads_the_public_partial_index(
    empty_database: str, shape: statements.ListShape
) -> None:
    command.upgrade(alembic_config(empty_database), "head")
    dialect = "postgresql" if empty_database.startswith("postgresql") else "sqlite"
    params: dict[str, Any] = {"viewer_id": None, "limit": 21, "offset": 0}
    if shape.after:
        params |= {"after_created_at": "2026-01-01 00:00:00+00:00", "after_id": 10}

    plan = _plan(empty_database, statements.article_page(dialect, shape), params)

    assert INDEX in plan, plan
