from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response, status

from application.articles.create_article import CreateArticle, CreateArticleCommand
from application.articles.delete_article import DeleteArticle
from application.articles.feed_articles import FeedArticles
from application.articles.get_article import GetArticle
from application.articles.list_articles import ListArticles
from application.articles.update_article import UpdateArticle, UpdateArticleCommand
from application.pagination import DEFAULT_PAGE_SIZE
from application.ports.queries import ArticleFilter
from infrastructure.container import Container
from interfaces.http import idempotency
from interfaces.http.dependencies import CurrentUserId, OptionalUserId, provided
from interfaces.http.preconditions import IfMatchHeader, if_match, tagged_article, with_etag
from interfaces.http.routers.paging import Cursor, Limit, Offset
from interfaces.http.routers.responses import errors
from interfaces.http.schemas.articles import (
    MultipleArticlesResponse,
    NewArticleRequest,
    SingleArticleResponse,
    UpdateArticleRequest,
)

router = APIRouter(prefix="/articles", tags=["Articles"])

_Filter = Annotated[str | None, Query(max_length=255)]


@router.get(
    "", name="articles:list", response_model=MultipleArticlesResponse, responses=errors(401, 422)
)
async def list_articles(
    viewer_id: OptionalUserId,
    use_case: Annotated[ListArticles, Depends(provided(Container.list_articles))],
    tag: _Filter = None,
    language: Annotated[
        str | None,
        Query(
            max_length=35,
            pattern=r"^[A-Za-z0-9-]+$",
            description="The `language` of the articles' metadata, e.g. `en`.",
        ),
    ] = None,
    author: _Filter = None,
    favorited: _Filter = None,
    limit: Limit = DEFAULT_PAGE_SIZE,
    offset: Offset = 0,
    cursor: Cursor = None,
) -> MultipleArticlesResponse:
    """Most recent articles, filtered by tag, metadata language, author or favoriting user;
    no bodies."""
    filters = ArticleFilter(
        tag=tag,
        language=language,
        author=author,
        favorited_by=favorited,
        limit=limit,
        offset=offset,
    )
    return MultipleArticlesResponse.of(await use_case.execute(filters, viewer_id, cursor))


@router.get(
    "/feed",
    name="articles:feed",
    response_model=MultipleArticlesResponse,
    responses=errors(401, 422),
)
async def feed(
    user_id: CurrentUserId,
    use_case: Annotated[FeedArticles, Depends(provided(Container.feed_articles))],
    limit: Limit = DEFAULT_PAGE_SIZE,
    offset: Offset = 0,
    cursor: Cursor = None,
) -> MultipleArticlesResponse:
    """Most recent articles by the authors the caller follows."""
    return MultipleArticlesResponse.of(await use_case.execute(user_id, limit, offset, cursor))


@router.post(
    "",
    name="articles:create",
    openapi_extra=idempotency.OPENAPI,
    status_code=status.HTTP_201_CREATED,
    response_model=SingleArticleResponse,
    responses=errors(401, 422) | with_etag(201),
)
async def create_article(
    request: NewArticleRequest,
    response: Response,
    user_id: CurrentUserId,
    use_case: Annotated[CreateArticle, Depends(provided(Container.create_article))],
) -> SingleArticleResponse:
    """Publish an article (or save a draft with `"status": "draft"`); its slug comes from the
    title and never changes."""
    new = request.article
    command = CreateArticleCommand(
        author_id=user_id,
        title=new.title,
        description=new.description,
        body=new.body,
        tags=new.tag_list,
        status=new.status,
        metadata=new.metadata,
    )
    return tagged_article(await use_case.execute(command), response)


@router.get(
    "/{slug}",
    name="articles:get",
    response_model=SingleArticleResponse,
    responses=errors(401, 404) | with_etag(200),
)
async def get_article(
    slug: str,
    response: Response,
    viewer_id: OptionalUserId,
    use_case: Annotated[GetArticle, Depends(provided(Container.get_article))],
) -> SingleArticleResponse:
    """One article with its body, and its version as `ETag`; authentication is optional."""
    return tagged_article(await use_case.execute(slug, viewer_id), response)


@router.put(
    "/{slug}",
    name="articles:update",
    response_model=SingleArticleResponse,
    responses=errors(401, 403, 404, 412, 422) | with_etag(200),
)
async def update_article(
    slug: str,
    request: UpdateArticleRequest,
    response: Response,
    user_id: CurrentUserId,
    use_case: Annotated[UpdateArticle, Depends(provided(Container.update_article))],
    precondition: IfMatchHeader = None,
) -> SingleArticleResponse:
    """Edit title, description, body, tags, metadata or status; only the author may (a draft
    is a 404 to anyone else). With `If-Match`, a stale version is a 412 and nothing changes;
    without it, concurrent edits are applied one after the other, none lost."""
    changes = request.article
    command = UpdateArticleCommand(
        slug=slug,
        editor_id=user_id,
        title=changes.title,
        description=changes.description,
        body=changes.body,
        tags=changes.tag_list,
        status=changes.status,
        if_match=if_match(precondition),
        metadata=changes.metadata,
    )
    return tagged_article(await use_case.execute(command), response)


@router.delete(
    "/{slug}",
    name="articles:delete",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    responses=errors(401, 403, 404, 412),
)
async def delete_article(
    slug: str,
    user_id: CurrentUserId,
    use_case: Annotated[DeleteArticle, Depends(provided(Container.delete_article))],
    precondition: IfMatchHeader = None,
) -> Response:
    """Delete an article (it goes to the author's bin, see `GET /api/articles/deleted`);
    only the author may. With `If-Match`, a stale version is a 412."""
    await use_case.execute(slug, user_id, if_match(precondition))
    return Response(status_code=status.HTTP_204_NO_CONTENT)
