"""``conduit import`` on real SQLite and PostgreSQL databases: a JSON Lines file lands in
batches with a summary, a bad line is reported by number while the rest land, and re-running
the file creates nothing twice."""

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from infrastructure.migrations import upgrade_to_head
from interfaces.cli import app
from tests.databases import async_url, fresh_postgres_database


@pytest.fixture(params=["sqlite", "postgres"])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The sync URL of a migrated database with one user, jake."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'import.db'}"
        upgrade_to_head(url)
        add_jake(url)
        yield url
        return
    with fresh_postgres_database(request.getfixturevalue("postgres_server")) as url:
        upgrade_to_head(url)
        add_jake(url)
        yield url


def add_jake(url: str) -> None:
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    with engine.begin() as connection:
        connection.execute(
            sa.text(
                "INSERT INTO users (username, email, password_hash, bio, image, created_at,"
                " updated_at) VALUES ('jake', 'jake@example.com', 'hash', '', '', :at, :at)"
            ),
            {"at": "2026-01-01T00:00:00+00:00"},
        )
    engine.dispose()


def article_rows(url: str) -> list[tuple[str, str]]:
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    with engine.connect() as connection:
        rows = connection.execute(sa.text("SELECT import_key, slug FROM articles ORDER BY id"))
        result = [(row[0], row[1]) for row in rows]
    engine.dispose()
    return result


def write_jsonl(path: Path, count: int, *, broken_line: int | None = None) -> Path:
    lines = []
    for number in range(1, count + 1):
        record = {
            "id": f"post-{number}",
            "title": f"Post {number}",
            "body": f"Body of post {number}",
            "tagList": ["imported"],
        }
        lines.append("{not json" if number == broken_line else json.dumps(record))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def run_import(database: str, source: Path, *extra: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(
        app,
        ["import", str(source), "--author", "jake", "--batch-size", "4", *extra],
        env={"CONDUIT_DATABASE_URL": async_url(database), "CONDUIT_MIGRATE_ON_START": "false"},
    )
    return result.exit_code, result.stdout, result.stderr


def test_a_file_lands_in_batches_and_re_running_it_creates_nothing_twice(
    database: str, tmp_path: Path
) -> None:
    source = write_jsonl(tmp_path / "articles.jsonl", 10)

    code, out, _ = run_import(database, source)
    assert (code, out.strip()) == (0, "created 10, skipped 0 (already imported), rejected 0")

    code, out, _ = run_import(database, source)
    assert (code, out.strip()) == (0, "created 0, skipped 10 (already imported), rejected 0")
    rows = article_rows(database)
    assert [key for key, _ in rows] == [f"post-{n}" for n in range(1, 11)]


def test_a_bad_line_is_reported_by_number_and_the_others_land(
    database: str, tmp_path: Path
) -> None:
    source = write_jsonl(tmp_path / "articles.jsonl", 6, broken_line=3)

    code, out, err = run_import(database, source)

    assert code == 1
    assert "line 3: Invalid JSON" in err
    assert out.strip() == "created 5, skipped 0 (already imported), rejected 1"
    assert len(article_rows(database)) == 5


def test_an_unknown_author_stops_before_importing(database: str, tmp_path: Path) -> None:
    source = write_jsonl(tmp_path / "articles.jsonl", 2)

    result = CliRunner().invoke(
        app,
        ["import", str(source), "--author", "nobody"],
        env={"CONDUIT_DATABASE_URL": async_url(database), "CONDUIT_MIGRATE_ON_START": "false"},
    )

    assert result.exit_code == 2
    assert "author not found" in result.stderr
    assert article_rows(database) == []
