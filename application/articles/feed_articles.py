from application.pagination import check_page, decode_cursor
from application.ports.queries import ArticleQueries
from application.read_models import ArticlePage


class FeedArticles:
    """Recent articles by the authors the viewer follows, by offset or by cursor."""

    def __init__(self, articles: ArticleQueries) -> None:
        self._articles = articles

    async def execute(
        self, viewer_id: int, limit: int, offset: int, cursor: str | None = None
    ) -> ArticlePage:
        after = decode_cursor(cursor) if cursor is not None else None
        check_page(limit, offset, after)
        return await self._articles.feed(viewer_id, limit, offset, after)
