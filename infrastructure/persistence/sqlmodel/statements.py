"""The read side's SQL, built once per shape with bind parameters and reused.

Every screen is one statement: joins for authors, scalar subqueries for tag lists and
favorite counts, ``EXISTS`` for the viewer's ``favorited``/``following``, and an uncorrelated
scalar subquery for list totals, which the database evaluates once per statement: a lookup in
the kept counts (``article_counts``) for the whole list, a tag, an author and the feed, and a
``count(*)`` of the matches for the other filters and the author's own shelves.

Soft-deleted articles and comments stay in their tables until purged, and drafts sit beside
published articles: every read here says which it wants (``PUBLIC`` in lists, drafts for their
author alone in single reads, the caller's own shelves for ``Shelf``).
"""

from dataclasses import dataclass, replace
from functools import cache
from typing import Any

import sqlalchemy as sa

from application.ports.queries import Shelf
from domain.articles.article import ArticleStatus
from infrastructure.persistence.sqlmodel import mariadb
from infrastructure.persistence.sqlmodel.tables import (
    ANY_AUTHOR,
    ANY_TAG,
    article_counts,
    article_tags,
    articles,
    audit_entries,
    comments,
    favorites,
    follows,
    tags,
    users,
)


@dataclass(frozen=True, slots=True)
class ListShape:
    """Which filters a list uses: the cache key of its statements."""

    tag: bool = False
    language: bool = False
    author: bool = False
    favorited_by: bool = False
    feed: bool = False
    after: bool = False
    shelf: Shelf | None = None


VIEWER = sa.bindparam("viewer_id", type_=sa.Integer)
LIVE = articles.c.deleted_at.is_(None)


def _status_is(status: ArticleStatus) -> sa.ColumnElement[bool]:
    # A literal, not a bound parameter: written exactly as the partial index's predicate, so
    # SQLite's and PostgreSQL's planners both match it.
    predicate: sa.ColumnElement[bool] = articles.c.status == sa.literal_column(f"'{status.value}'")
    return predicate


# The domain's rules (``Article.is_authored_by``, ``is_visible_to``, ``is_public``) as
# predicates; the contract suite proves that they agree.
AUTHORED_BY_VIEWER = articles.c.author_id == VIEWER
PUBLIC = sa.and_(LIVE, _status_is(ArticleStatus.PUBLISHED))
VISIBLE = sa.and_(LIVE, sa.or_(_status_is(ArticleStatus.PUBLISHED), AUTHORED_BY_VIEWER))


def _following(author_id: sa.ColumnElement[int]) -> sa.Exists:
    return sa.exists().where(follows.c.follower_id == VIEWER, follows.c.followee_id == author_id)


def _tag_list(dialect: str, article_id: sa.ColumnElement[int]) -> sa.ScalarSelect[Any]:
    """Tag names of one article, unordered (the reader sorts them by code point): a PostgreSQL
    array, or a JSON array text on SQLite."""
    # Untyped: the driver's list comes back as is, without a per-item result processor.
    aggregate: sa.ColumnElement[Any] = (
        sa.func.array_agg(tags.c.name, type_=sa.types.NullType())
        if dialect == "postgresql"
        else mariadb.tag_list(tags.c.name)
        if dialect == mariadb.DIALECT
        else sa.func.json_group_array(tags.c.name)
    )
    return (
        sa.select(aggregate)
        .select_from(article_tags.join(tags, tags.c.id == article_tags.c.tag_id))
        .where(article_tags.c.article_id == article_id)
        .scalar_subquery()
    )


def article_columns(
    dialect: str, source: sa.FromClause, *, with_body: bool
) -> list[sa.ColumnElement[Any]]:
    article_id = source.c.id
    columns: list[sa.ColumnElement[Any]] = [
        source.c.slug,
        source.c.title,
        source.c.description,
        source.c.created_at,
        source.c.updated_at,
        source.c.status,
        source.c.deleted_at,
        source.c.version,
        source.c.meta,
        source.c.word_count,
        _tag_list(dialect, article_id).label("tag_list"),
        sa.select(sa.func.count())
        .where(favorites.c.article_id == article_id)
        .scalar_subquery()
        .label("favorites_count"),
        sa.exists()
        .where(favorites.c.article_id == article_id, favorites.c.user_id == VIEWER)
        .label("favorited"),
        users.c.username,
        users.c.bio,
        users.c.image,
        _following(users.c.id).label("following"),
    ]
    if with_body:
        columns.append(source.c.body)
    return columns


def metadata_language(dialect: str) -> sa.ColumnElement[str]:
    """The ``language`` of an article's metadata. On PostgreSQL, exactly the expression of the
    index ``ix_articles_meta_language`` (a literal key: a bound one would not use the index)."""
    language: sa.ColumnElement[str]
    if dialect == "postgresql":
        language = articles.c.meta.op("->>", return_type=sa.Text)(sa.literal_column("'language'"))
        return language
    if dialect == mariadb.DIALECT:
        return mariadb.json_text(articles.c.meta, "$.language")
    return sa.func.json_extract(articles.c.meta, sa.literal_column("'$.language'"), type_=sa.Text)


def _filtered(dialect: str, statement: sa.Select[Any], shape: ListShape) -> sa.Select[Any]:
    if shape.shelf is Shelf.DELETED:
        statement = statement.where(AUTHORED_BY_VIEWER, articles.c.deleted_at.is_not(None))
    elif shape.shelf is Shelf.DRAFTS:
        statement = statement.where(AUTHORED_BY_VIEWER, LIVE, _status_is(ArticleStatus.DRAFT))
    else:
        statement = statement.where(PUBLIC)
    if shape.tag:
        statement = statement.where(
            # The tag's id first: the planner then walks that tag's links by index rather
            # than every article's tags.
            articles.c.id.in_(
                sa.select(article_tags.c.article_id).where(
                    article_tags.c.tag_id
                    == sa.select(tags.c.id)
                    .where(tags.c.name == sa.bindparam("tag"))
                    .scalar_subquery()
                )
            )
        )
    if shape.language:
        statement = statement.where(metadata_language(dialect) == sa.bindparam("language"))
    if shape.author:
        statement = statement.where(
            articles.c.author_id
            == sa.select(users.c.id)
            .where(users.c.username == sa.bindparam("author"))
            .scalar_subquery()
        )
    if shape.favorited_by:
        statement = statement.where(
            articles.c.id.in_(
                sa.select(favorites.c.article_id)
                .join(users, users.c.id == favorites.c.user_id)
                .where(users.c.username == sa.bindparam("favorited_by"))
            )
        )
    if shape.feed:
        statement = statement.where(
            articles.c.author_id.in_(
                sa.select(follows.c.followee_id).where(follows.c.follower_id == VIEWER)
            )
        )
    return statement


@cache
def article_page(dialect: str, shape: ListShape) -> sa.Select[Any]:
    """One page of articles, newest first, each row carrying the total of every match.

    The page's ids are chosen on the ``(created_at, id)`` index alone (a cursor continues from
    its position on it), and only those rows are read in full. The total is counted apart, once:
    a window ``count(*) OVER ()`` over the ids would walk every match in index order, and at a
    million articles that costs a second on a first page.
    """
    newest_first = (articles.c.created_at.desc(), articles.c.id.desc())
    keys = _filtered(dialect, sa.select(articles.c.id), shape)
    if shape.after:
        keys = keys.where(
            sa.tuple_(articles.c.created_at, articles.c.id)
            < sa.tuple_(
                sa.bindparam("after_created_at", type_=articles.c.created_at.type),
                sa.bindparam("after_id", type_=sa.Integer),
            )
        )
    page = (
        keys.order_by(*newest_first)
        .limit(sa.bindparam("limit"))
        .offset(sa.bindparam("offset"))
        .subquery("page")
    )
    total = article_count(dialect, replace(shape, after=False)).scalar_subquery()
    return (
        sa.select(
            *article_columns(dialect, articles, with_body=False),
            articles.c.id,
            total.label("total"),
        )
        .select_from(
            page.join(articles, articles.c.id == page.c.id).join(
                users, users.c.id == articles.c.author_id
            )
        )
        .order_by(*newest_first)
    )


@cache
def article_count(dialect: str, shape: ListShape) -> sa.Select[Any]:
    """The number of matches (alone: for pages past the end, where no row carries it)."""
    kept = _kept_count(shape)
    if kept is not None:
        return kept
    return _filtered(
        dialect, sa.select(sa.func.count().label("total")).select_from(articles), shape
    )


# Literals, not bound parameters: the asyncpg reads bind only named parameters.
_ANY_TAG: sa.ColumnElement[str] = sa.literal_column(f"'{ANY_TAG}'")
_ANY_AUTHOR: sa.ColumnElement[int] = sa.literal_column(str(ANY_AUTHOR))
_ZERO: sa.ColumnElement[int] = sa.literal_column("0")


def _kept_count(shape: ListShape) -> sa.Select[Any] | None:
    """The total of a public list from the kept counts: the whole list's, a tag's, an
    author's, or the feed's (the sum of the followed authors'); ``None`` for any other list,
    which is counted."""
    kept_filters = sum((shape.tag, shape.author, shape.feed))
    if shape.shelf is not None or shape.language or shape.favorited_by or kept_filters > 1:
        return None
    tag, author = article_counts.c.tag, article_counts.c.author_id
    if shape.tag:
        kept = sa.and_(tag == sa.bindparam("tag"), author == _ANY_AUTHOR)
    elif shape.author:
        author_id = sa.select(users.c.id).where(users.c.username == sa.bindparam("author"))
        kept = sa.and_(tag == _ANY_TAG, author == author_id.scalar_subquery())
    elif shape.feed:
        followed = sa.select(follows.c.followee_id).where(follows.c.follower_id == VIEWER)
        kept = sa.and_(tag == _ANY_TAG, author.in_(followed))
    else:
        kept = sa.and_(tag == _ANY_TAG, author == _ANY_AUTHOR)
    # A count never kept is 0; cast, SUM is an integer everywhere (MariaDB's is a DECIMAL).
    kept_total = sa.func.coalesce(sa.func.sum(article_counts.c.articles), _ZERO)
    total = sa.cast(kept_total, sa.Integer)
    return sa.select(total.label("total")).where(kept)


@cache
def single_article(dialect: str) -> sa.Select[Any]:
    return (
        sa.select(*article_columns(dialect, articles, with_body=True))
        .select_from(articles.join(users, users.c.id == articles.c.author_id))
        .where(articles.c.slug == sa.bindparam("slug"), VISIBLE)
    )


PROFILE = sa.select(
    users.c.username, users.c.bio, users.c.image, _following(users.c.id).label("following")
).where(users.c.username == sa.bindparam("username"))


def _comments(*, paged: bool, after: bool) -> sa.Select[Any]:
    """A visible article's live comments, oldest first; one row with NULL comment columns when
    it has none (or none after the cursor), no row when the slug is unknown or not visible."""
    oldest_first = (comments.c.created_at, comments.c.id)
    joined = sa.and_(comments.c.article_id == articles.c.id, comments.c.deleted_at.is_(None))
    if after:
        # In the join, not in WHERE: an article with no comment after the cursor still
        # answers one row, and so is told apart from an unknown slug.
        joined = sa.and_(
            joined,
            sa.tuple_(*oldest_first)
            > sa.tuple_(
                sa.bindparam("after_created_at", type_=comments.c.created_at.type),
                sa.bindparam("after_id", type_=sa.Integer),
            ),
        )
    statement = (
        sa.select(
            comments.c.id,
            comments.c.body,
            comments.c.created_at,
            comments.c.updated_at,
            users.c.username,
            users.c.bio,
            users.c.image,
            _following(users.c.id).label("following"),
        )
        .select_from(
            articles.outerjoin(comments, joined).outerjoin(
                users, users.c.id == comments.c.author_id
            )
        )
        .where(articles.c.slug == sa.bindparam("slug"), VISIBLE)
        .order_by(*oldest_first)
    )
    return statement.limit(sa.bindparam("limit")) if paged else statement


COMMENTS = _comments(paged=False, after=False)


@cache
def comment_page(*, after: bool) -> sa.Select[Any]:
    """``limit`` comments, oldest first, after a cursor or from the first."""
    return _comments(paged=True, after=after)


# "Has a first public use" rather than EXISTS: with a million articles PostgreSQL plans the
# EXISTS as a hash of every link of the tag (2.3 s); LIMIT 1 makes it stop at the first (0.3 ms).
_FIRST_PUBLIC_USE = (
    sa.select(sa.literal_column("1"))
    .select_from(article_tags.join(articles, articles.c.id == article_tags.c.article_id))
    .where(article_tags.c.tag_id == tags.c.id, PUBLIC)
    .limit(sa.literal_column("1"))  # literal: the asyncpg reads bind only named parameters
    .scalar_subquery()
)
TAGS_IN_USE = sa.select(tags.c.name).where(_FIRST_PUBLIC_USE.is_not(None))

TOKEN_VERSION = sa.select(users.c.token_version).where(users.c.id == sa.bindparam("user_id"))


@cache
def audit_page(*, entity: bool, actor: bool, after: bool) -> sa.Select[Any]:
    """Audit entries newest first (UUIDv7 ids grow with time), with the actor's username."""
    statement = (
        sa.select(audit_entries, users.c.username.label("actor"))
        .select_from(audit_entries.outerjoin(users, users.c.id == audit_entries.c.actor_id))
        .order_by(audit_entries.c.id.desc())
        .limit(sa.bindparam("limit"))
    )
    if entity:
        statement = statement.where(audit_entries.c.entity == sa.bindparam("entity"))
    if actor:
        statement = statement.where(
            audit_entries.c.actor_id
            == sa.select(users.c.id)
            .where(users.c.username == sa.bindparam("actor"))
            .scalar_subquery()
        )
    if after:
        statement = statement.where(
            audit_entries.c.id < sa.bindparam("after", type_=audit_entries.c.id.type)
        )
    return statement


ANYTHING_STORED = sa.select(
    sa.or_(sa.exists().select_from(users), sa.exists().select_from(articles)).label(
        "anything_stored"
    )
)


def tag_names(dialect: str, article_id: sa.ColumnElement[int]) -> sa.ScalarSelect[Any]:
    """An article's tag names as one column beside its row (see ``_tag_list``): writes load the
    article and its tags in one statement."""
    return _tag_list(dialect, article_id)
