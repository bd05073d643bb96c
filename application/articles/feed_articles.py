from application.pagination import check_page
from application.ports.queries import ArticleQueries
from application.read_models import ArticlePage


class FeedArticles:
    """Recent articles by the authors the viewer follows."""

    def __init__(self, articles: ArticleQueries) -> None:
        self._articles = articles

    async def execute(self, viewer_id: int, limit: int, offset: int) -> ArticlePage:
        check_page(limit, offset)
        return await self._articles.feed(viewer_id, limit, offset)
