from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Response, status

from application.comments.add_comment import AddComment, AddCommentCommand
from application.comments.delete_comment import DeleteComment
from application.comments.list_comments import ListComments
from application.pagination import CURSOR_MAX_LENGTH, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE
from infrastructure.container import Container
from interfaces.http import idempotency
from interfaces.http.dependencies import CurrentUserId, OptionalUserId, provided
from interfaces.http.routers.responses import errors
from interfaces.http.schemas.comments import (
    Comment,
    CommentPageResponse,
    MultipleCommentsResponse,
    NewCommentRequest,
    SingleCommentResponse,
)

router = APIRouter(prefix="/articles/{slug}/comments", tags=["Comments"])

_MAX_ID = 2**63 - 1


@router.get(
    "",
    name="comments:list",
    response_model=MultipleCommentsResponse | CommentPageResponse,
    responses=errors(401, 404, 422),
)
async def list_comments(
    slug: str,
    viewer_id: OptionalUserId,
    use_case: Annotated[ListComments, Depends(provided(Container.list_comments))],
    limit: Annotated[
        int | None,
        Query(
            ge=1,
            le=MAX_PAGE_SIZE,
            description=f"Page size, at most {MAX_PAGE_SIZE} ({DEFAULT_PAGE_SIZE} with only a "
            "cursor). With `limit` or `cursor` the answer is a page with `nextCursor`.",
        ),
    ] = None,
    cursor: Annotated[
        str | None,
        Query(max_length=CURSOR_MAX_LENGTH, description="`nextCursor` of the previous page."),
    ] = None,
) -> MultipleCommentsResponse | CommentPageResponse:
    """The comments on an article, oldest first; authentication is optional. Without `limit`
    and `cursor`, every comment (the RealWorld response); with either, a keyset page."""
    if limit is None and cursor is None:
        views = await use_case.execute(slug, viewer_id)
        return MultipleCommentsResponse(comments=[Comment.of(view) for view in views])
    page = await use_case.page(slug, viewer_id, limit or DEFAULT_PAGE_SIZE, cursor)
    return CommentPageResponse.of(page)


@router.post(
    "",
    name="comments:add",
    openapi_extra=idempotency.OPENAPI,
    response_model=SingleCommentResponse,
    responses=errors(401, 404, 422),
)
async def add_comment(
    slug: str,
    request: NewCommentRequest,
    user_id: CurrentUserId,
    use_case: Annotated[AddComment, Depends(provided(Container.add_comment))],
) -> SingleCommentResponse:
    """Comment on an article (200, as the RealWorld specification says)."""
    command = AddCommentCommand(slug=slug, author_id=user_id, body=request.comment.body)
    return SingleCommentResponse(comment=Comment.of(await use_case.execute(command)))


@router.delete(
    "/{id}",
    name="comments:delete",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    responses=errors(401, 403, 404, 422),
)
async def delete_comment(
    slug: str,
    comment_id: Annotated[int, Path(alias="id", ge=1, le=_MAX_ID)],
    user_id: CurrentUserId,
    use_case: Annotated[DeleteComment, Depends(provided(Container.delete_comment))],
) -> Response:
    """Delete a comment; only its author may."""
    await use_case.execute(slug, comment_id, user_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
