"""After a fault: every write acknowledged with a 2xx is in the database, whole, and nothing
is there in part (a write is in the database with everything its transaction wrote, or not at
all). Read with a connection of its own, straight from PostgreSQL."""

from collections.abc import Iterable
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.pool import NullPool

from infrastructure.migrations import sync_url as synchronous
from tests.load import WRITE_KINDS, Outcome, article_tags

# Rows a write's transaction leaves beside its own: each (table, audit entity) has an audit
# entry per row; articles created through the API have their tags and an outbox event; each
# comment has its outbox event.
_PARTIAL_RECORDS = (
    {
        "articles without tags": """
        SELECT count(*) FROM articles a
        WHERE NOT EXISTS (SELECT 1 FROM article_tags t WHERE t.article_id = a.id)""",
        "article tags pointing nowhere": """
        SELECT count(*) FROM article_tags t
        WHERE NOT EXISTS (SELECT 1 FROM tags WHERE tags.id = t.tag_id)""",
        "API articles without their ArticlePublished event": """
        SELECT count(*) FROM articles a
        WHERE a.import_key IS NULL AND NOT EXISTS (
            SELECT 1 FROM outbox o
            WHERE o.name = 'ArticlePublished' AND o.payload->>'article_id' = a.id::text)""",
        "ArticlePublished events without their article": """
        SELECT count(*) FROM outbox o
        WHERE o.name = 'ArticlePublished' AND NOT EXISTS (
            SELECT 1 FROM articles a WHERE a.id::text = o.payload->>'article_id')""",
        "comments without their CommentAdded event": """
        SELECT count(*) FROM comments c
        WHERE NOT EXISTS (
            SELECT 1 FROM outbox o
            WHERE o.name = 'CommentAdded' AND o.payload->>'comment_id' = c.id::text)""",
        "CommentAdded events without their comment": """
        SELECT count(*) FROM outbox o
        WHERE o.name = 'CommentAdded' AND NOT EXISTS (
            SELECT 1 FROM comments c WHERE c.id::text = o.payload->>'comment_id')""",
    }
    | {
        f"{table} without their audit entry": f"""
        SELECT count(*) FROM {table} r
        WHERE NOT EXISTS (
            SELECT 1 FROM audit_entries e
            WHERE e.entity = '{entity}' AND e.action = 'create' AND e.entity_id = r.id::text)"""
        for table, entity in (("users", "user"), ("articles", "article"), ("comments", "comment"))
    }
    | {
        f"audit entries of {entity} creations without their row": f"""
        SELECT count(*) FROM audit_entries e
        WHERE e.entity = '{entity}' AND e.action = 'create' AND NOT EXISTS (
            SELECT 1 FROM {table} r WHERE e.entity_id = r.id::text)"""
        for table, entity in (("users", "user"), ("articles", "article"), ("comments", "comment"))
    }
)


@dataclass(frozen=True, slots=True)
class Verified:
    """``acknowledged``: 2xx writes, each found whole. ``failed_absent``: failed writes that
    left nothing. ``failed_landed``: failed writes whose commit landed though their answer was
    lost (the connection dropped after the commit), found whole too."""

    acknowledged: int
    failed_absent: int
    failed_landed: int


def partial_records(database_url: str) -> dict[str, int]:
    """Each kind of partial record, with how many there are (all zero when none)."""
    engine = sa.create_engine(synchronous(database_url), poolclass=NullPool)
    try:
        with engine.connect() as connection:
            return {
                name: int(connection.execute(sa.text(query)).scalar_one())
                for name, query in _PARTIAL_RECORDS.items()
            }
    finally:
        engine.dispose()


def verify_writes(database_url: str, outcomes: Iterable[Outcome]) -> Verified:
    """Assert that every acknowledged write is present, whole, and that no record is partial."""
    found = _written(database_url)
    acknowledged = failed_absent = failed_landed = 0
    for outcome in outcomes:
        if outcome.kind not in WRITE_KINDS:
            continue
        present = outcome.key in found[outcome.kind]
        if present and outcome.kind == "article":
            tags = found["article"][outcome.key]
            assert tags == article_tags(outcome.key), f"article {outcome.key} has tags {tags}"
        if outcome.acknowledged:
            assert present, f"acknowledged {outcome.kind} {outcome.key} is missing"
            acknowledged += 1
        elif present:
            failed_landed += 1
        else:
            failed_absent += 1
    partial = {name: count for name, count in partial_records(database_url).items() if count}
    assert not partial, f"partial records: {partial}"
    return Verified(acknowledged, failed_absent, failed_landed)


def _written(database_url: str) -> dict[str, dict[str, list[str]]]:
    """Usernames, article titles (with their sorted tags) and comment bodies in the database."""
    engine = sa.create_engine(synchronous(database_url), poolclass=NullPool)
    try:
        with engine.connect() as connection:
            users = connection.execute(sa.text("SELECT username FROM users")).scalars()
            articles = connection.execute(
                sa.text(
                    "SELECT a.title, array_remove(array_agg(t.name ORDER BY t.name), NULL)"
                    " FROM articles a LEFT JOIN article_tags at ON at.article_id = a.id"
                    " LEFT JOIN tags t ON t.id = at.tag_id GROUP BY a.id, a.title"
                )
            ).all()
            comments = connection.execute(sa.text("SELECT body FROM comments")).scalars()
            return {
                "user": {name: [] for name in users},
                "article": {title: list(tags) for title, tags in articles},
                "comment": {body: [] for body in comments},
            }
    finally:
        engine.dispose()
