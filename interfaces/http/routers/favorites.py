from typing import Annotated

from fastapi import APIRouter, Depends, Response

from application.articles.favorite_article import FavoriteArticle
from application.articles.unfavorite_article import UnfavoriteArticle
from infrastructure.container import Container
from interfaces.http.dependencies import CurrentUserId, provided
from interfaces.http.preconditions import tagged_article, with_etag
from interfaces.http.routers.responses import errors
from interfaces.http.schemas.articles import SingleArticleResponse

router = APIRouter(prefix="/articles/{slug}/favorite", tags=["Favorites"])


@router.post(
    "",
    name="favorites:add",
    response_model=SingleArticleResponse,
    responses=errors(401, 404) | with_etag(200),
)
async def favorite(
    slug: str,
    response: Response,
    user_id: CurrentUserId,
    use_case: Annotated[FavoriteArticle, Depends(provided(Container.favorite_article))],
) -> SingleArticleResponse:
    """Favorite an article (idempotent)."""
    return tagged_article(await use_case.execute(slug, user_id), response)


@router.delete(
    "",
    name="favorites:remove",
    response_model=SingleArticleResponse,
    responses=errors(401, 404) | with_etag(200),
)
async def unfavorite(
    slug: str,
    response: Response,
    user_id: CurrentUserId,
    use_case: Annotated[UnfavoriteArticle, Depends(provided(Container.unfavorite_article))],
) -> SingleArticleResponse:
    """Remove an article from the caller's favorites (idempotent)."""
    return tagged_article(await use_case.execute(slug, user_id), response)
