from application.pagination import check_page, decode_cursor
from application.ports.queries import ArticleQueries, Shelf
from application.read_models import ArticlePage


class ListOwnArticles:
    """The caller's own articles on a shelf nobody else sees, by offset or by cursor."""

    def __init__(self, articles: ArticleQueries) -> None:
        self._articles = articles

    async def execute(
        self, author_id: int, shelf: Shelf, limit: int, offset: int, cursor: str | None = None
    ) -> ArticlePage:
        after = decode_cursor(cursor) if cursor is not None else None
        check_page(limit, offset, after)
        return await self._articles.own_articles(author_id, shelf, limit, offset, after)
