"""Full-text search in one statement per request, per dialect, built once and reused.

Only public articles match: live (not in their author's bin) and published (not drafts).

The page of matches and their total are two subqueries of the same statement, joined so that
one row comes back even when the page is empty (it carries the total, and ``id`` is NULL).
Excerpts are made for the page's rows only: ``ts_headline`` re-parses the text it marks.
"""

from functools import cache
from typing import Any

import sqlalchemy as sa

from application.search import MATCH_END, MATCH_START
from infrastructure.persistence.sqlmodel import mariadb
from infrastructure.persistence.sqlmodel.search_index import (
    articles_fts,
    search_vector,
    text_search_config,
)
from infrastructure.persistence.sqlmodel.statements import PUBLIC, article_columns
from infrastructure.persistence.sqlmodel.tables import articles, users

QUERY = sa.bindparam("q", type_=sa.Text)
_AFTER = (sa.bindparam("after_rank", type_=sa.Float), sa.bindparam("after_id", type_=sa.Integer))
# FTS5's bm25 weights per column: title, description, body (PostgreSQL's A, B, C weights).
_BM25_WEIGHTS = (10.0, 4.0, 2.0)
_HEADLINE_OPTIONS = (
    f"StartSel={MATCH_START}, StopSel={MATCH_END}, MaxWords=30, MinWords=12, "
    'MaxFragments=2, FragmentDelimiter=" … "'
)
_SNIPPET_TOKENS = 24


def _postgres_matches() -> tuple[sa.Select[Any], sa.ColumnElement[float], sa.Select[Any]]:
    query = sa.func.websearch_to_tsquery(text_search_config, QUERY)
    rank = sa.func.ts_rank(search_vector, query, type_=sa.Float)
    matching = sa.and_(search_vector.op("@@")(query), PUBLIC)
    page = sa.select(articles.c.id, rank.label("rank")).where(matching)
    total = sa.select(sa.func.count().label("total")).select_from(articles).where(matching)
    return page, rank, total


def _sqlite_matches() -> tuple[sa.Select[Any], sa.ColumnElement[float], sa.Select[Any]]:
    # bm25 is lower for better matches; negated, higher is better as on PostgreSQL.
    rank = -sa.func.bm25(sa.literal_column(articles_fts.name), *_BM25_WEIGHTS, type_=sa.Float)
    matching = sa.and_(sa.literal_column(articles_fts.name).op("MATCH")(QUERY), PUBLIC)
    snippet = sa.func.snippet(
        sa.literal_column(articles_fts.name), -1, MATCH_START, MATCH_END, "…", _SNIPPET_TOKENS
    )
    # The index holds every article; the join keeps the public ones (live, published).
    indexed = articles_fts.join(articles, articles.c.id == articles_fts.c.rowid)
    page = (
        sa.select(articles_fts.c.rowid.label("id"), rank.label("rank"), snippet.label("snippet"))
        .select_from(indexed)
        .where(matching)
    )
    total = sa.select(sa.func.count().label("total")).select_from(indexed).where(matching)
    return page, rank, total


def _mariadb_matches() -> tuple[sa.Select[Any], sa.ColumnElement[float], sa.Select[Any]]:
    rank = mariadb.relevance(articles, QUERY)
    matching = sa.and_(mariadb.matches(articles, QUERY), PUBLIC)
    page = sa.select(articles.c.id, rank.label("rank")).where(matching)
    total = sa.select(sa.func.count().label("total")).select_from(articles).where(matching)
    return page, rank, total


def _headline() -> sa.ColumnElement[str]:
    # Literals rather than bound values: the statement's SQL is compiled once (see ``reads``).
    separator = sa.literal_column("' — '", sa.Text)
    text = articles.c.title + separator + articles.c.description + separator + articles.c.body
    query = sa.func.websearch_to_tsquery(text_search_config, QUERY)
    options = sa.literal_column(f"'{_HEADLINE_OPTIONS}'", sa.Text)
    return sa.func.ts_headline(text_search_config, text, query, options, type_=sa.Text)


@cache
def search_page(dialect: str, *, after: bool) -> sa.Select[Any]:
    """Matches best first (ties: highest id first), ``limit`` of them, after a cursor or not."""
    postgres = dialect == "postgresql"
    matches = {"postgresql": _postgres_matches, mariadb.DIALECT: _mariadb_matches}
    keys, rank, total = matches.get(dialect, _sqlite_matches)()
    id_column = keys.selected_columns.id
    if after:
        keys = keys.where(sa.tuple_(rank, id_column) < sa.tuple_(*_AFTER))
    page = keys.order_by(rank.desc(), id_column.desc()).limit(sa.bindparam("limit")).subquery()
    totals = total.subquery("totals")
    snippet = (
        _headline()
        if postgres
        else mariadb.snippet_source(articles)
        if dialect == mariadb.DIALECT
        else page.c.snippet
    )
    return (
        sa.select(
            *article_columns(dialect, articles, with_body=False),
            page.c.id,
            page.c.rank,
            snippet.label("snippet"),
            totals.c.total,
        )
        .select_from(
            totals.outerjoin(page, sa.true())
            .outerjoin(articles, articles.c.id == page.c.id)
            .outerjoin(users, users.c.id == articles.c.author_id)
        )
        .order_by(page.c.rank.desc(), page.c.id.desc())
    )
