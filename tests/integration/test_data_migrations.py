"""Migrations 0016 (search) and 0017 (metadata, word counts) on a database that already holds
articles: upgrading indexes them for search and counts their words (the backfills), and
downgrading removes every new structure cleanly, keeping the articles."""

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from dependency_injector import providers

from alembic import command
from application.ports.search import SearchRequest
from application.search import SearchTerms
from infrastructure.container import Container
from infrastructure.migrations import alembic_config
from infrastructure.persistence.sqlmodel.unmodelled import (
    POSTGRES_LANGUAGE_INDEX,
    POSTGRES_VECTOR_COLUMN,
    POSTGRES_VECTOR_INDEX,
    SQLITE_FTS_TABLE,
)
from tests.databases import async_url, fresh_postgres_database
from tests.factories import EPOCH, settings_for_tests

BEFORE_SEARCH = "0015"


@pytest.fixture(params=["sqlite", "postgres"])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The sync URL of a database migrated up to the revision before search, with articles."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'seeded.db'}"
        command.upgrade(alembic_config(url), BEFORE_SEARCH)
        seed(url)
        yield url
        return
    with fresh_postgres_database(request.getfixturevalue("postgres_server")) as url:
        command.upgrade(alembic_config(url), BEFORE_SEARCH)
        seed(url)
        yield url


def seed(url: str) -> None:
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    with engine.begin() as connection:
        connection.execute(
            sa.text(
                "INSERT INTO users (id, username, email, password_hash, bio, image, created_at,"
                " updated_at) VALUES (1, 'jake', 'jake@example.com', 'hash', '', '', :at, :at)"
            ),
            {"at": EPOCH},
        )
        for number, title in enumerate(["Old wyvern tales", "Older griffin tales"], start=1):
            connection.execute(
                sa.text(
                    "INSERT INTO articles (id, slug, title, description, body, author_id,"
                    " created_at, updated_at, published_at)"
                    " VALUES (:id, :slug, :title, 'Legacy', 'Stored before search', 1, :at, :at,"
                    " :at)"
                ),
                {"id": number, "slug": f"old-{number}", "title": title, "at": EPOCH},
            )
    engine.dispose()


@pytest.fixture
async def searcher(database: str) -> AsyncIterator[Container]:
    command.upgrade(alembic_config(database), "head")
    container = Container()
    container.settings.override(providers.Object(settings_for_tests(async_url(database))))
    yield container
    await container.read_database().close()
    await container.engine().dispose()


def search_structures(url: str) -> set[str]:
    """Names of the search and metadata columns, indexes, FTS5 tables and triggers present."""
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    inspector = sa.inspect(engine)
    try:
        names = set(inspector.get_table_names())
        names |= {column["name"] for column in inspector.get_columns("articles")}
        names |= {str(index["name"]) for index in inspector.get_indexes("articles")}
        if engine.dialect.name == "sqlite":
            with engine.connect() as connection:
                triggers = "SELECT name FROM sqlite_master WHERE type = 'trigger'"
                names |= set(connection.scalars(sa.text(triggers)))
    finally:
        engine.dispose()
    return {
        name
        for name in names
        if name.startswith(SQLITE_FTS_TABLE)
        or name
        in {
            POSTGRES_VECTOR_COLUMN,
            POSTGRES_VECTOR_INDEX,
            POSTGRES_LANGUAGE_INDEX,
            "meta",
            "word_count",
        }
    }


async def test_upgrading_indexes_the_articles_already_stored(searcher: Container) -> None:
    page = await searcher.article_search().search(SearchRequest(SearchTerms.parse("tales")), None)

    assert {hit.article.slug for hit in page.hits} == {"old-1", "old-2"}
    wyvern = await searcher.article_search().search(
        SearchRequest(SearchTerms.parse("wyvern")), None
    )
    assert [hit.article.slug for hit in wyvern.hits] == ["old-1"]


@pytest.mark.usefixtures("searcher")
def test_upgrading_counts_the_words_of_the_articles_already_stored(database: str) -> None:
    engine = sa.create_engine(database, poolclass=sa.pool.NullPool)
    with engine.connect() as connection:
        counts = connection.execute(sa.text("SELECT id, word_count FROM articles ORDER BY id"))
        assert counts.all() == [(1, 3), (2, 3)]  # "Stored before search"
    engine.dispose()


@pytest.mark.usefixtures("searcher")
@pytest.mark.parametrize("database", ["postgres"], indirect=True)
def test_the_language_filter_can_use_its_expression_index_on_postgresql(database: str) -> None:
    engine = sa.create_engine(database, poolclass=sa.pool.NullPool)
    with engine.connect() as connection:
        definition = connection.scalar(
            sa.text("SELECT indexdef FROM pg_indexes WHERE indexname = :name"),
            {"name": POSTGRES_LANGUAGE_INDEX},
        )
        assert definition is not None, "the expression index is missing"
        assert "(meta ->> 'language'::text)" in definition
        # Two rows make a sequential scan cheapest; forbid it to see whether the index fits.
        connection.execute(sa.text("SET enable_seqscan = off"))
        plan = connection.scalars(
            sa.text("EXPLAIN SELECT id FROM articles WHERE (meta ->> 'language') = 'en'")
        ).all()
    engine.dispose()
    assert any(POSTGRES_LANGUAGE_INDEX in line for line in plan), plan


@pytest.mark.usefixtures("searcher")
def test_downgrading_removes_every_new_structure_and_keeps_the_articles(
    database: str,
) -> None:
    assert search_structures(database)

    command.downgrade(alembic_config(database), BEFORE_SEARCH)

    assert search_structures(database) == set()
    engine = sa.create_engine(database, poolclass=sa.pool.NullPool)
    with engine.connect() as connection:
        assert connection.scalar(sa.text("SELECT count(*) FROM articles")) == 2
    engine.dispose()
