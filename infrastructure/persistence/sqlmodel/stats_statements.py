"""A user's statistics in one statement: counts as scalar subqueries, the rank by favorites
received from ``RANK() OVER`` across every user, the top tags from a ``GROUP BY``. Only
public articles count (live and published), and only live comments on them.

Constants are literals, not bound values: PostgreSQL's reads run as SQL compiled once, with
only the named parameters (see ``reads``)."""

from functools import cache
from typing import Any

import sqlalchemy as sa

from application.ports.queries import TOP_TAGS
from infrastructure.persistence.sqlmodel import mariadb
from infrastructure.persistence.sqlmodel.statements import PUBLIC
from infrastructure.persistence.sqlmodel.tables import (
    article_tags,
    articles,
    comments,
    favorites,
    follows,
    tags,
    users,
)


def _count(table: sa.Table, condition: sa.ColumnElement[bool]) -> sa.ScalarSelect[int]:
    return sa.select(sa.func.count()).select_from(table).where(condition).scalar_subquery()


def _live_comments_by(author_id: sa.ColumnElement[int]) -> sa.ScalarSelect[int]:
    """Comments the user wrote and did not delete, on public articles."""
    return (
        sa.select(sa.func.count())
        .select_from(comments.join(articles, articles.c.id == comments.c.article_id))
        .where(comments.c.author_id == author_id, comments.c.deleted_at.is_(None), PUBLIC)
        .scalar_subquery()
    )


def _ranking() -> sa.Subquery:
    """Every user with the favorites their articles received and their rank by that."""
    received = (
        sa.select(articles.c.author_id, sa.func.count().label("favorites"))
        .select_from(favorites.join(articles, articles.c.id == favorites.c.article_id))
        .where(PUBLIC)
        .group_by(articles.c.author_id)
        .subquery("received")
    )
    favorites_received = sa.func.coalesce(received.c.favorites, sa.literal_column("0"))
    return (
        sa.select(
            users.c.id,
            favorites_received.label("favorites_received"),
            sa.func.rank().over(order_by=favorites_received.desc()).label("favorites_rank"),
        )
        .select_from(users.outerjoin(received, received.c.author_id == users.c.id))
        .subquery("ranking")
    )


def _top_tags(dialect: str, author_id: sa.ColumnElement[int]) -> sa.ScalarSelect[Any]:
    """The author's most used tags with their counts, as a JSON array of [name, count]."""
    uses = sa.func.count().label("uses")
    tagged = article_tags.join(tags, tags.c.id == article_tags.c.tag_id).join(
        articles, articles.c.id == article_tags.c.article_id
    )
    if dialect == mariadb.DIALECT:
        per_author = (
            sa.select(articles.c.author_id, tags.c.name, uses)
            .select_from(tagged)
            .where(PUBLIC)
            .group_by(articles.c.author_id, tags.c.name)
            .subquery("per_author")
        )
        return mariadb.top_tags(per_author, author_id, TOP_TAGS)
    # Code-point order for ties, as the API sorts tags (PostgreSQL would use its locale).
    name = tags.c.name.collate("C") if dialect == "postgresql" else tags.c.name
    top = (
        sa.select(tags.c.name, uses)
        .select_from(tagged)
        .where(articles.c.author_id == author_id, PUBLIC)
        .group_by(tags.c.name)
        .order_by(uses.desc(), name)
        .limit(sa.literal_column(str(TOP_TAGS)))
        .correlate(users)
        .subquery("top")
    )
    pair = (
        sa.func.json_build_array(top.c.name, top.c.uses)
        if dialect == "postgresql"
        else sa.func.json_array(top.c.name, top.c.uses)
    )
    aggregate = (
        sa.func.json_agg(pair) if dialect == "postgresql" else sa.func.json_group_array(pair)
    )
    return sa.select(aggregate).select_from(top).scalar_subquery()


@cache
def profile_stats(dialect: str) -> sa.Select[Any]:
    ranking = _ranking()
    return (
        sa.select(
            users.c.username,
            _count(articles, sa.and_(articles.c.author_id == users.c.id, PUBLIC)).label("articles"),
            _live_comments_by(users.c.id).label("comments"),
            ranking.c.favorites_received,
            _count(follows, follows.c.followee_id == users.c.id).label("followers"),
            ranking.c.favorites_rank,
            _top_tags(dialect, users.c.id).label("top_tags"),
        )
        .select_from(users.join(ranking, ranking.c.id == users.c.id))
        .where(users.c.username == sa.bindparam("username"))
    )
