from application.ports.queries import ArticleQueries
from application.read_models import ArticleView
from domain.articles.errors import ArticleNotFound


class GetArticle:
    """One article by slug, body included."""

    def __init__(self, articles: ArticleQueries) -> None:
        self._articles = articles

    async def execute(self, slug: str, viewer_id: int | None) -> ArticleView:
        article = await self._articles.get_article(slug, viewer_id)
        if article is None:
            raise ArticleNotFound()
        return article
