from application.ports.queries import CommentQueries
from application.read_models import CommentView
from domain.articles.errors import ArticleNotFound


class ListComments:
    """The comments on an article, oldest first."""

    def __init__(self, comments: CommentQueries) -> None:
        self._comments = comments

    async def execute(self, slug: str, viewer_id: int | None) -> tuple[CommentView, ...]:
        comments = await self._comments.list_comments(slug, viewer_id)
        if comments is None:
            raise ArticleNotFound()
        return comments
