from dataclasses import replace

from application.pagination import check_page, decode_cursor
from application.ports.queries import ArticleFilter, ArticleQueries
from application.read_models import ArticlePage


class ListArticles:
    """Recent articles, filtered by tag, author or favoriting user, by offset or by cursor."""

    def __init__(self, articles: ArticleQueries) -> None:
        self._articles = articles

    async def execute(
        self, filters: ArticleFilter, viewer_id: int | None, cursor: str | None = None
    ) -> ArticlePage:
        if cursor is not None:
            filters = replace(filters, after=decode_cursor(cursor))
        check_page(filters.limit, filters.offset, filters.after)
        return await self._articles.list_articles(filters, viewer_id)
