"""Reading back what a write use case just changed."""

from application.ports.queries import ArticleQueries
from application.read_models import ArticleView
from domain.articles.errors import ArticleNotFound


async def article_after_write(queries: ArticleQueries, slug: str, viewer_id: int) -> ArticleView:
    """The article as the writer now sees it; gone means someone deleted it meanwhile."""
    view = await queries.get_article(slug, viewer_id)
    if view is None:
        raise ArticleNotFound()
    return view
