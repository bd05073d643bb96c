"""The kept article counts (``article_counts``, each the sum of its shards) against ``count(*)``
of the articles they count, each read in one session: every count that differs, as
``{(tag, author_id): (kept, counted)}``."""

from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

_PUBLIC = "articles.deleted_at IS NULL AND articles.status = 'published'"
_COUNTED = (
    f"SELECT '', 0, count(*) FROM articles WHERE {_PUBLIC}",
    f"SELECT '', author_id, count(*) FROM articles WHERE {_PUBLIC} GROUP BY author_id",
    "SELECT tags.name, 0, count(*) FROM article_tags"
    " JOIN tags ON tags.id = article_tags.tag_id"
    f" JOIN articles ON articles.id = article_tags.article_id WHERE {_PUBLIC} GROUP BY tags.name",
)


async def _counts(session: AsyncSession, sql: str) -> dict[tuple[str, int], int]:
    rows: Any = await session.execute(sa.text(sql))
    return {(tag, author): int(n) for tag, author, n in rows}


async def drifted_counts(session: AsyncSession) -> dict[tuple[str, int], tuple[int, int]]:
    kept = await _counts(
        session, "SELECT tag, author_id, sum(articles) FROM article_counts GROUP BY tag, author_id"
    )
    counted: dict[tuple[str, int], int] = {}
    for sql in _COUNTED:
        counted |= await _counts(session, sql)
    return {
        key: (kept.get(key, 0), counted.get(key, 0))
        for key in kept.keys() | counted.keys()
        if kept.get(key, 0) != counted.get(key, 0)
    }
