"""Seed the benchmark database with COPY, only when its data set differs from the one asked for."""

import json
import time
from collections.abc import Iterable, Iterator
from itertools import chain, islice
from typing import Any

import asyncpg  # type: ignore[import-untyped]
import sqlalchemy as sa
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from sqlalchemy.engine import make_url

from bench import database
from bench.config import PASSWORD, Sizes, asyncpg_url
from bench.data import DataSet, Row
from infrastructure.persistence.sqlmodel import tables
from infrastructure.security.passwords import Argon2PasswordHasher
from infrastructure.settings import Settings

# Bump when the generated data changes shape, so existing databases get re-seeded.
DATA_FORMAT = 1
_CHUNK = 5_000


def password_hasher(settings: Settings) -> Argon2PasswordHasher:
    """Conduit's own hasher with Conduit's configured parameters."""
    return Argon2PasswordHasher(
        memory_kib=settings.password_hash_memory_kib,
        time_cost=settings.password_hash_time_cost,
        parallelism=settings.password_hash_parallelism,
    )


async def prepare(url: str, sizes: Sizes, settings: Settings) -> None:
    """Create, migrate and (re-)seed the database at ``url`` as needed, saying what it does."""
    if await database.create_if_missing(url):
        print(f"created database {make_url(url).render_as_string(hide_password=True)}")
    database.migrate(url)
    print("schema at Conduit's latest migration")
    hasher = password_hasher(settings)
    fingerprint = {"format": DATA_FORMAT, "sizes": sizes.as_dict(), "hash": hasher.parameters}
    connection = await asyncpg.connect(asyncpg_url(url))
    # COPY sends binary rows; citext's binary form is its UTF-8 text (asyncpg has no codec).
    await connection.set_type_codec(
        "citext", schema="public", encoder=str.encode, decoder=bytes.decode, format="binary"
    )
    try:
        stored = await database.stored_fingerprint(connection)
        if stored and json.loads(stored) == fingerprint:
            # Leftovers of an interrupted run go first; then the counts must be the seeded ones.
            await database.discard_writes(url, sizes)
            if await database.counts_match(connection, sizes):
                print(f"data set already seeded: {_describe(sizes)}")
                return
        print(f"seeding {_describe(sizes)} ({hasher.parameters})")
        started = time.perf_counter()
        # One known password, hashed once: seeding stays fast and login does real argon2 work.
        password_hash = await hasher.hash(PASSWORD)
        await _seed(connection, DataSet(sizes, password_hash))
        await database.recount_articles(url)
        await database.store_fingerprint(connection, json.dumps(fingerprint))
        await connection.execute("VACUUM ANALYZE")
        print(f"seeded in {time.perf_counter() - started:.1f} s")
    finally:
        await connection.close()


def _describe(sizes: Sizes) -> str:
    return ", ".join(f"{count} {name}" for name, count in sizes.as_dict().items())


async def _seed(connection: asyncpg.Connection, data: DataSet) -> None:
    sizes = data.sizes
    plan: list[tuple[sa.Table, int, Iterable[Row]]] = [
        (tables.users, sizes.users, data.users()),
        (tables.tags, sizes.tags, data.tags()),
        (tables.articles, sizes.articles, data.articles()),
        (tables.article_tags, sizes.articles * 3, data.article_tags()),
        (tables.follows, sizes.follows, data.follows()),
        (tables.favorites, sizes.favorites, data.favorites()),
        (tables.comments, sizes.comments, data.comments()),
    ]
    columns = TextColumn("{task.description:>13}"), BarColumn(), MofNCompleteColumn()
    with Progress(*columns, TimeElapsedColumn()) as progress:
        async with connection.transaction():
            names = ", ".join(table.name for table, _, _ in plan)
            await connection.execute(f"TRUNCATE {names} RESTART IDENTITY CASCADE")
            for table, total, rows in plan:
                task = progress.add_task(table.name, total=total)
                iterator = iter(rows)
                first = next(iterator, None)
                if first is None:
                    continue
                # The generator's columns, checked against Conduit's table: a renamed column
                # fails here, a new one without a default fails in COPY; the others take the
                # database's defaults (status, version...).
                names_in_order = [table.columns[name].name for name in first]
                for chunk in _chunks(chain([first], iterator), names_in_order):
                    await connection.copy_records_to_table(
                        table.name, records=chunk, columns=names_in_order
                    )
                    progress.advance(task, len(chunk))
            for table_name in database.SEQUENCED:
                await database.reset_sequence(connection, table_name)


def _chunks(rows: Iterable[Row], columns: list[str]) -> Iterator[list[tuple[Any, ...]]]:
    iterator = iter(rows)
    while chunk := [tuple(row[name] for name in columns) for row in islice(iterator, _CHUNK)]:
        yield chunk
