"""An author's own shelves: drafts and their publication, deleted articles and their restore.

Both shelves have the same two routes, a list of the caller's articles on it and the action that
takes one off it, so they are declared once, from each shelf's description.
"""

from dataclasses import dataclass
from typing import Annotated, Any

from dependency_injector import providers
from fastapi import APIRouter, Depends, Response

from application.articles.list_own_articles import ListOwnArticles
from application.pagination import DEFAULT_PAGE_SIZE
from application.ports.queries import Shelf
from infrastructure.container import Container
from interfaces.http.dependencies import CurrentUserId, provided
from interfaces.http.preconditions import tagged_article, with_etag
from interfaces.http.routers.paging import Cursor, Limit, Offset
from interfaces.http.routers.responses import errors
from interfaces.http.schemas.articles import (
    DeletedArticlesResponse,
    MultipleArticlesResponse,
    SingleArticleResponse,
)

router = APIRouter(prefix="/articles", tags=["Article lifecycle"])


@dataclass(frozen=True)
class ShelfRoutes:
    shelf: Shelf
    listing: type[MultipleArticlesResponse] | type[DeletedArticlesResponse]
    listing_doc: str
    action: str
    """``POST /articles/{slug}/<action>`` takes an article off the shelf."""
    use_case: providers.Provider[Any]
    """Its ``execute(slug, user_id)`` answers the article as it is now."""
    action_errors: tuple[int, ...]
    action_doc: str


def add_routes(shelf: ShelfRoutes) -> None:
    name = shelf.shelf.value

    @router.get(
        f"/{name}",
        name=f"articles:{name}",
        response_model=shelf.listing,
        responses=errors(401, 422),
        description=shelf.listing_doc,
    )
    async def listing(
        user_id: CurrentUserId,
        use_case: Annotated[ListOwnArticles, Depends(provided(Container.list_own_articles))],
        limit: Limit = DEFAULT_PAGE_SIZE,
        offset: Offset = 0,
        cursor: Cursor = None,
    ) -> MultipleArticlesResponse | DeletedArticlesResponse:
        page = await use_case.execute(user_id, shelf.shelf, limit, offset, cursor)
        return shelf.listing.of(page)

    @router.post(
        f"/{{slug}}/{shelf.action}",
        name=f"articles:{shelf.action}",
        response_model=SingleArticleResponse,
        responses=errors(*shelf.action_errors) | with_etag(200),
        description=shelf.action_doc,
    )
    async def action(
        slug: str,
        response: Response,
        user_id: CurrentUserId,
        use_case: Annotated[Any, Depends(provided(shelf.use_case))],
    ) -> SingleArticleResponse:
        return tagged_article(await use_case.execute(slug, user_id), response)


add_routes(
    ShelfRoutes(
        shelf=Shelf.DRAFTS,
        listing=MultipleArticlesResponse,
        listing_doc="The caller's drafts, newest first; nobody else sees them anywhere.",
        action="publish",
        use_case=Container.publish_article,
        action_errors=(401, 403, 404),
        action_doc="Publish one of the caller's drafts (idempotent): it joins the lists, feeds "
        "and tags.\nSomeone else's draft is a 404, their published article a 403.",
    )
)
add_routes(
    ShelfRoutes(
        shelf=Shelf.DELETED,
        listing=DeletedArticlesResponse,
        listing_doc="The caller's deleted articles (not yet purged), newest first, with "
        "`deletedAt`.",
        action="restore",
        use_case=Container.restore_article,
        action_errors=(401, 404, 422),
        action_doc="Restore one of the caller's deleted articles within the retention window\n"
        "(`CONDUIT_SOFT_DELETE_RETENTION_DAYS`, 30 by default); past it, 422. Anyone else's, "
        "or\na live article, is a 404.",
    )
)
