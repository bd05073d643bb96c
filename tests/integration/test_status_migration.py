"""Migration 0010 on a database seeded before it: existing articles become published with
``published_at = created_at``; on the way back, drafts go to their author's bin."""

from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa

from alembic import command
from infrastructure.migrations import alembic_config

CREATED = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)


def _run(url: str, statement: str, **params: Any) -> list[sa.Row[Any]]:
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    try:
        with engine.begin() as connection:
            result = connection.execute(sa.text(statement), params)
            return list(result) if result.returns_rows else []
    finally:
        engine.dispose()


def _utc(value: datetime | str) -> datetime:
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _insert_article(url: str, slug: str, created_at: datetime, **extra: object) -> None:
    columns = {
        "slug": slug,
        "title": slug.title(),
        "description": "",
        "body": "Text",
        "author_id": 1,
        "created_at": created_at,
        "updated_at": created_at,
    } | extra
    names = ", ".join(columns)
    values = ", ".join(f":{name}" for name in columns)
    _run(url, f"INSERT INTO articles ({names}) VALUES ({values})", **columns)


def test_existing_articles_become_published_and_drafts_survive_a_downgrade(
    empty_database: str,
) -> None:
    url = empty_database
    config = alembic_config(url)
    command.upgrade(config, "0009")
    _run(
        url,
        "INSERT INTO users (id, username, email, password_hash, bio, image, created_at,"
        " updated_at) VALUES (1, 'jake', 'jake@example.com', 'x', '', '', :at, :at)",
        at=CREATED,
    )
    _insert_article(url, "old", CREATED)
    _insert_article(url, "binned", CREATED, deleted_at=CREATED + timedelta(days=1))

    command.upgrade(config, "0010")

    rows = _run(url, "SELECT slug, status, published_at, deleted_at FROM articles ORDER BY slug")
    assert [(r.slug, r.status, _utc(r.published_at)) for r in rows] == [
        ("binned", "published", CREATED),
        ("old", "published", CREATED),
    ]
    _insert_article(url, "plan", CREATED + timedelta(days=2), status="draft", published_at=None)

    command.downgrade(config, "0009")

    rows = _run(url, "SELECT slug, deleted_at FROM articles ORDER BY slug")
    deleted = {r.slug: r.deleted_at and _utc(r.deleted_at) for r in rows}
    assert deleted == {
        "binned": CREATED + timedelta(days=1),
        "old": None,
        "plan": CREATED + timedelta(days=2),
    }
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    columns = {column["name"] for column in sa.inspect(engine).get_columns("articles")}
    engine.dispose()
    assert {"status", "published_at"}.isdisjoint(columns)
