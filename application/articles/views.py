"""The answer of a write use case: the article as its writer now sees it."""

from application.ports.unit_of_work import UnitOfWork
from application.read_models import ArticleView
from domain.articles.errors import ArticleNotFound


async def article_as_written(uow: UnitOfWork, slug: str, viewer_id: int) -> ArticleView:
    """Read in the writing transaction, before its commit: once the commit succeeds, the
    answer is ready, so a database lost right after a kept write cannot turn its answer into
    an error (which would invite a duplicate retry). Gone means someone deleted it meanwhile."""
    view = await uow.read_article(slug, viewer_id)
    if view is None:
        raise ArticleNotFound()
    return view
