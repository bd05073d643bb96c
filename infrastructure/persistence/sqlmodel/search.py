"""Full-text search on PostgreSQL (tsvector, websearch_to_tsquery, ts_rank, ts_headline),
SQLite (FTS5, bm25, snippet) and MariaDB (FULLTEXT, MATCH ... AGAINST; excerpts made here):
one statement per request (see ``search_statements``)."""

from application.pagination import RankedPosition
from application.ports.search import ArticleSearch, SearchRequest
from application.read_models import SearchHit, SearchPage
from application.search import Phrase, SearchTerms
from infrastructure.persistence.sqlmodel import mariadb
from infrastructure.persistence.sqlmodel.keys import clamped_id
from infrastructure.persistence.sqlmodel.queries import SqlReader, article_of
from infrastructure.persistence.sqlmodel.search_statements import search_page


def fts5_query(terms: SearchTerms) -> str:
    """The terms in FTS5's query language, every word quoted so no input is read as syntax."""

    def phrase(words: Phrase) -> str:
        return '"' + " ".join(words) + '"'

    query = " AND ".join(
        "(" + " OR ".join(phrase(words) for words in clause) + ")" for clause in terms.clauses
    )
    for words in terms.excluded:
        query = f"({query}) NOT {phrase(words)}"
    return query


class SqlModelArticleSearch(SqlReader, ArticleSearch):
    async def search(self, request: SearchRequest, viewer_id: int | None) -> SearchPage:
        postgres, maria = self._dialect == "postgresql", self._dialect == mariadb.DIALECT
        params: dict[str, object] = {
            # PostgreSQL reads the web-search syntax itself; the others get the parsed terms.
            "q": request.terms.text
            if postgres
            else mariadb.boolean_query(request.terms)
            if maria
            else fts5_query(request.terms),
            "viewer_id": viewer_id,
            # One row more than asked tells whether another page follows.
            "limit": request.limit + 1,
        }
        if request.after is not None:
            params |= {"after_rank": request.after.rank, "after_id": clamped_id(request.after.id)}
        statement = search_page(self._dialect, after=request.after is not None)
        rows = await self._rows(statement, **params)
        total = rows[0]["total"] if rows else 0
        found = [row for row in rows if row["id"] is not None]
        more, found = len(found) > request.limit, found[: request.limit]
        last = found[-1] if more else None
        return SearchPage(
            hits=tuple(
                SearchHit(
                    article=article_of(row, None),
                    rank=row["rank"],
                    snippet=mariadb.excerpt(row["snippet"], request.terms)
                    if maria
                    else row["snippet"],
                )
                for row in found
            ),
            total=total,
            next=RankedPosition(rank=last["rank"], id=last["id"]) if last else None,
        )
