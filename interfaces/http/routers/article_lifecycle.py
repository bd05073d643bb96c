"""An author's own shelves: drafts and their publication, deleted articles and their restore."""

from typing import Annotated

from dependency_injector.wiring import inject
from fastapi import APIRouter, Depends, Response

from application.articles.list_own_articles import ListOwnArticles
from application.articles.publish_article import PublishArticle
from application.articles.restore_article import RestoreArticle
from application.pagination import DEFAULT_PAGE_SIZE
from application.ports.queries import Shelf
from infrastructure.container import Container
from interfaces.http.dependencies import CurrentUserId, Provided
from interfaces.http.preconditions import tagged_article, with_etag
from interfaces.http.routers.paging import Cursor, Limit, Offset
from interfaces.http.routers.responses import errors
from interfaces.http.schemas.articles import (
    DeletedArticlesResponse,
    MultipleArticlesResponse,
    SingleArticleResponse,
)

router = APIRouter(prefix="/articles", tags=["Article lifecycle"])


@router.get(
    "/drafts",
    name="articles:drafts",
    response_model=MultipleArticlesResponse,
    responses=errors(401, 422),
)
@inject
async def drafts(
    user_id: CurrentUserId,
    use_case: Annotated[ListOwnArticles, Depends(Provided[Container.list_own_articles])],
    limit: Limit = DEFAULT_PAGE_SIZE,
    offset: Offset = 0,
    cursor: Cursor = None,
) -> MultipleArticlesResponse:
    """The caller's drafts, newest first; nobody else sees them anywhere."""
    page = await use_case.execute(user_id, Shelf.DRAFTS, limit, offset, cursor)
    return MultipleArticlesResponse.of(page)


@router.post(
    "/{slug}/publish",
    name="articles:publish",
    response_model=SingleArticleResponse,
    responses=errors(401, 403, 404) | with_etag(200),
)
@inject
async def publish_article(
    slug: str,
    response: Response,
    user_id: CurrentUserId,
    use_case: Annotated[PublishArticle, Depends(Provided[Container.publish_article])],
) -> SingleArticleResponse:
    """Publish one of the caller's drafts (idempotent): it joins the lists, feeds and tags.
    Someone else's draft is a 404, their published article a 403."""
    return tagged_article(await use_case.execute(slug, user_id), response)


@router.get(
    "/deleted",
    name="articles:deleted",
    response_model=DeletedArticlesResponse,
    responses=errors(401, 422),
)
@inject
async def deleted_articles(
    user_id: CurrentUserId,
    use_case: Annotated[ListOwnArticles, Depends(Provided[Container.list_own_articles])],
    limit: Limit = DEFAULT_PAGE_SIZE,
    offset: Offset = 0,
    cursor: Cursor = None,
) -> DeletedArticlesResponse:
    """The caller's deleted articles (not yet purged), newest first, with `deletedAt`."""
    page = await use_case.execute(user_id, Shelf.DELETED, limit, offset, cursor)
    return DeletedArticlesResponse.of(page)


@router.post(
    "/{slug}/restore",
    name="articles:restore",
    response_model=SingleArticleResponse,
    responses=errors(401, 404, 422) | with_etag(200),
)
@inject
async def restore_article(
    slug: str,
    response: Response,
    user_id: CurrentUserId,
    use_case: Annotated[RestoreArticle, Depends(Provided[Container.restore_article])],
) -> SingleArticleResponse:
    """Restore one of the caller's deleted articles within the retention window
    (`CONDUIT_SOFT_DELETE_RETENTION_DAYS`, 30 by default); past it, 422. Anyone else's, or
    a live article, is a 404."""
    return tagged_article(await use_case.execute(slug, user_id), response)
