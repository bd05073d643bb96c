from application.pagination import check_page, decode_ranked_cursor
from application.ports.search import ArticleSearch, SearchRequest
from application.read_models import SearchPage
from application.search import SearchTerms


class SearchArticles:
    """Full-text search over titles, descriptions and bodies, best match first."""

    def __init__(self, search: ArticleSearch) -> None:
        self._search = search

    async def execute(
        self, text: str, limit: int, viewer_id: int | None, cursor: str | None = None
    ) -> SearchPage:
        terms = SearchTerms.parse(text)
        after = decode_ranked_cursor(cursor) if cursor is not None else None
        check_page(limit, 0)
        return await self._search.search(SearchRequest(terms, limit, after), viewer_id)
