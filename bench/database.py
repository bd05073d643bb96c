"""The benchmark database: created when missing, migrated by Conduit, restored between runs."""

from collections.abc import Sequence

import asyncpg  # type: ignore[import-untyped]
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine
from sqlalchemy.pool import NullPool

from alembic import command
from bench.config import Sizes, asyncpg_url
from bench.data import READER_ID
from infrastructure.migrations import alembic_config, sync_url
from infrastructure.persistence.sqlmodel.counts import SqlArticleCountRepair

# Tables whose ids the seed assigns from 1; benchmark writes only ever add rows after them.
SEQUENCED = ("users", "tags", "articles", "comments")

_SEED_TABLE = """
CREATE TABLE IF NOT EXISTS bench_seed (
    id integer PRIMARY KEY CHECK (id = 1),
    fingerprint jsonb NOT NULL,
    seeded_at timestamptz NOT NULL DEFAULT now()
)
"""


async def create_if_missing(url: str) -> bool:
    """Create the database of ``url`` on its server; ``True`` when it had to be created."""
    parsed = make_url(url)
    name = parsed.database or "conduit_bench"
    maintenance_url = parsed.set(database="postgres").render_as_string(hide_password=False)
    maintenance = await asyncpg.connect(asyncpg_url(maintenance_url))
    try:
        if await maintenance.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name):
            return False
        quoted = '"' + name.replace('"', '""') + '"'
        await maintenance.execute(f"CREATE DATABASE {quoted}")
        return True
    finally:
        await maintenance.close()


def migrate(url: str) -> None:
    """Bring the schema to Conduit's latest migration, as ``conduit migrate`` does."""
    config = alembic_config(sync_url(url))
    # Alembic's logging set-up would print two INFO lines on every run, even with nothing to do.
    config.attributes["configure_logger"] = False
    command.upgrade(config, "head")


async def stored_fingerprint(connection: asyncpg.Connection) -> str | None:
    await connection.execute(_SEED_TABLE)
    value = await connection.fetchval("SELECT fingerprint::text FROM bench_seed WHERE id = 1")
    return str(value) if value is not None else None


async def store_fingerprint(connection: asyncpg.Connection, fingerprint: str) -> None:
    await connection.execute(
        "INSERT INTO bench_seed (id, fingerprint) VALUES (1, $1::jsonb) "
        "ON CONFLICT (id) DO UPDATE SET fingerprint = excluded.fingerprint, seeded_at = now()",
        fingerprint,
    )


async def counts_match(connection: asyncpg.Connection, sizes: Sizes) -> bool:
    """The tables hold exactly the seeded sizes (a cheap guard against edits by hand)."""
    row = await connection.fetchrow(
        "SELECT (SELECT count(*) FROM users) AS users, (SELECT count(*) FROM tags) AS tags,"
        " (SELECT count(*) FROM articles) AS articles,"
        " (SELECT count(*) FROM follows) AS follows,"
        " (SELECT count(*) FROM favorites) AS favorites,"
        " (SELECT count(*) FROM comments) AS comments"
    )
    return dict(row) == sizes.as_dict()


async def discard_writes(url: str, sizes: Sizes, favorite_pool: Sequence[str] = ()) -> None:
    """Delete what benchmarked writes added, so every server reads the same data set.

    Seeded rows have ids 1..size; a created article and its tag links cascade away, and the
    sequences go back so the next server's writes get the same ids.
    """
    connection = await asyncpg.connect(asyncpg_url(url))
    try:
        limits = {"users": sizes.users, "tags": sizes.tags, "articles": sizes.articles}
        limits["comments"] = sizes.comments
        for table in ("articles", "comments", "tags", "users"):
            await connection.execute(f"DELETE FROM {table} WHERE id > $1", limits[table])  # noqa: S608 (table names are constants)
        # The data set seeds none of these: what is there came from benchmarked writes. DELETE,
        # one table at a time, not TRUNCATE: the server's relay may still be at work on them.
        for table in ("outbox", "notifications", "audit_entries", "idempotency_keys"):
            await connection.execute(f"DELETE FROM {table}")  # noqa: S608 (constant table names)
        # The favorite endpoint's pool holds articles the reader had not favorited.
        await connection.execute(
            "DELETE FROM favorites f USING articles a WHERE f.article_id = a.id"
            " AND f.user_id = $1 AND a.slug = ANY($2::text[])",
            READER_ID,
            list(favorite_pool),
        )
        for table in SEQUENCED:
            await reset_sequence(connection, table)
        await recount_articles(url)
        # Dead rows left by thousands of deletes would slow the next server's scans.
        await connection.execute("VACUUM ANALYZE articles, article_tags, tags, comments")
    finally:
        await connection.close()


async def recount_articles(url: str) -> None:
    """Rebuild the article counts as ``conduit recount`` does: COPY and the DELETEs here go
    around the writes that keep them."""
    engine = create_async_engine(
        make_url(url).set(drivername="postgresql+asyncpg"), poolclass=NullPool
    )
    try:
        await SqlArticleCountRepair(async_sessionmaker(engine)).rebuild()
    finally:
        await engine.dispose()


async def reset_sequence(connection: asyncpg.Connection, table: str) -> None:
    """Point ``table``'s id sequence past its largest id (COPY bypasses the sequence)."""
    await connection.execute(
        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"  # noqa: S608 (constant table names)
        f" coalesce((SELECT max(id) FROM {table}), 0) + 1, false)"
    )
