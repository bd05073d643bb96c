"""Migrations 0021 and 0022 on a database that already holds articles (SQLite, PostgreSQL,
MariaDB): upgrading creates the article counts filled with what is stored (public articles
only), downgrading removes them; downgrading 0022 adds each count's shards up into one row."""

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from alembic import command
from infrastructure.migrations import alembic_config
from tests.databases import fresh_mariadb_database, fresh_postgres_database
from tests.factories import EPOCH

BEFORE_COUNTS = "0020"
BEFORE_SHARDS = "0021"
# (id, author, status, deleted, tags)
ARTICLES = (
    (1, 1, "published", False, ("dragons", "fame")),
    (2, 1, "draft", False, ("dragons",)),
    (3, 2, "published", False, ("dragons",)),
    (4, 2, "published", True, ("fame",)),
)


@pytest.fixture(params=["sqlite", "postgres", "mariadb"])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The sync URL of a database at the revision before the counts, with articles."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'seeded.db'}"
        command.upgrade(alembic_config(url), BEFORE_COUNTS)
        seed(url)
        yield url
        return
    with (
        fresh_mariadb_database()
        if request.param == "mariadb"
        else fresh_postgres_database(request.getfixturevalue("postgres_server"))
    ) as url:
        command.upgrade(alembic_config(url), BEFORE_COUNTS)
        seed(url)
        yield url


def seed(url: str) -> None:
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    with engine.begin() as connection:
        for user_id, name in ((1, "jake"), (2, "celeb")):
            connection.execute(
                sa.text(
                    "INSERT INTO users (id, username, email, password_hash, bio, image,"
                    " created_at, updated_at) VALUES (:id, :name, :email, 'hash', '', '', :at, :at)"
                ),
                {"id": user_id, "name": name, "email": f"{name}@example.com", "at": EPOCH},
            )
        for tag_id, name in enumerate(("dragons", "fame"), start=1):
            connection.execute(
                sa.text("INSERT INTO tags (id, name) VALUES (:id, :name)"),
                {"id": tag_id, "name": name},
            )
        for article_id, author, status, deleted, tags in ARTICLES:
            connection.execute(
                sa.text(
                    "INSERT INTO articles (id, slug, title, description, body, author_id, status,"
                    " created_at, updated_at, published_at, deleted_at) VALUES (:id, :slug,"
                    " 'Title', 'd', 'b', :author, :status, :at, :at, :published, :deleted)"
                ),
                {
                    "id": article_id,
                    "slug": f"a-{article_id}",
                    "author": author,
                    "status": status,
                    "at": EPOCH,
                    "published": EPOCH if status == "published" else None,
                    "deleted": EPOCH if deleted else None,
                },
            )
            for tag in tags:
                connection.execute(
                    sa.text(
                        "INSERT INTO article_tags (article_id, tag_id)"
                        " SELECT :article, id FROM tags WHERE name = :tag"
                    ),
                    {"article": article_id, "tag": tag},
                )
    engine.dispose()


def kept_counts(url: str) -> dict[tuple[str, int], int]:
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    with engine.connect() as connection:
        rows = connection.execute(
            sa.text(
                "SELECT tag, author_id, sum(articles) FROM article_counts GROUP BY tag, author_id"
            )
        )
        counts = {(tag, author): int(articles) for tag, author, articles in rows}
    engine.dispose()
    return counts


def test_upgrading_counts_the_public_articles_already_stored(database: str) -> None:
    command.upgrade(alembic_config(database), "head")

    assert kept_counts(database) == {
        ("", 0): 2,
        ("", 1): 1,
        ("", 2): 1,
        ("dragons", 0): 2,
        ("fame", 0): 1,
    }


def test_downgrading_removes_the_counts_and_keeps_the_articles(database: str) -> None:
    command.upgrade(alembic_config(database), "head")
    command.downgrade(alembic_config(database), BEFORE_COUNTS)

    engine = sa.create_engine(database, poolclass=sa.pool.NullPool)
    try:
        assert "article_counts" not in sa.inspect(engine).get_table_names()
        with engine.connect() as connection:
            assert connection.scalar(sa.text("SELECT count(*) FROM articles")) == len(ARTICLES)
    finally:
        engine.dispose()


def test_downgrading_the_shards_adds_each_count_up_into_one_row(database: str) -> None:
    command.upgrade(alembic_config(database), "head")
    engine = sa.create_engine(database, poolclass=sa.pool.NullPool)
    try:
        with engine.begin() as connection:
            # Moves that landed on other shards: +3 and -1 on the overall count, +1 on an author.
            connection.execute(
                sa.text(
                    "INSERT INTO article_counts (tag, author_id, shard, articles)"
                    " VALUES ('', 0, 3, 3), ('', 0, 5, -1), ('', 2, 7, 1)"
                )
            )
    finally:
        engine.dispose()

    command.downgrade(alembic_config(database), BEFORE_SHARDS)

    assert kept_counts(database) == {
        ("", 0): 4,
        ("", 1): 1,
        ("", 2): 2,
        ("dragons", 0): 2,
        ("fame", 0): 1,
    }
