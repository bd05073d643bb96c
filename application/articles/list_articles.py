from application.pagination import check_page
from application.ports.queries import ArticleFilter, ArticleQueries
from application.read_models import ArticlePage


class ListArticles:
    """Recent articles, filtered by tag, author or favoriting user."""

    def __init__(self, articles: ArticleQueries) -> None:
        self._articles = articles

    async def execute(self, filters: ArticleFilter, viewer_id: int | None) -> ArticlePage:
        check_page(filters.limit, filters.offset)
        return await self._articles.list_articles(filters, viewer_id)
