from application.pagination import check_page, decode_cursor
from application.ports.queries import CommentQueries
from application.read_models import CommentPage, CommentView
from domain.articles.errors import ArticleNotFound


class ListComments:
    """The comments on an article, oldest first: all of them, or a page by cursor."""

    def __init__(self, comments: CommentQueries) -> None:
        self._comments = comments

    async def execute(self, slug: str, viewer_id: int | None) -> tuple[CommentView, ...]:
        comments = await self._comments.list_comments(slug, viewer_id)
        if comments is None:
            raise ArticleNotFound()
        return comments

    async def page(
        self, slug: str, viewer_id: int | None, limit: int, cursor: str | None = None
    ) -> CommentPage:
        after = decode_cursor(cursor) if cursor is not None else None
        check_page(limit, 0)
        page = await self._comments.comment_page(slug, viewer_id, limit, after)
        if page is None:
            raise ArticleNotFound()
        return page
