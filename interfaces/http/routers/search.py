from typing import Annotated

from fastapi import APIRouter, Depends, Query

from application.articles.search_articles import SearchArticles
from application.pagination import CURSOR_MAX_LENGTH, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE
from application.search import QUERY_MAX_LENGTH
from infrastructure.container import Container
from interfaces.http.dependencies import OptionalUserId, provided
from interfaces.http.routers.responses import errors
from interfaces.http.schemas.search import SearchResultsResponse

router = APIRouter(prefix="/articles", tags=["Search"])

SearchText = Annotated[
    str,
    Query(
        min_length=1,
        max_length=QUERY_MAX_LENGTH,
        description='Web-search syntax: every word is required, `"quoted words"` must appear '
        "together, `or` accepts either side, `-word` excludes.",
        examples=['dragon "how to" -fire'],
    ),
]


@router.get(
    "/search",
    name="articles:search",
    summary="Search articles",
    response_model=SearchResultsResponse,
    responses=errors(401, 422),
)
async def search_articles(
    q: SearchText,
    viewer_id: OptionalUserId,
    use_case: Annotated[SearchArticles, Depends(provided(Container.search_articles))],
    limit: Annotated[
        int, Query(ge=1, le=MAX_PAGE_SIZE, description=f"Page size, at most {MAX_PAGE_SIZE}.")
    ] = DEFAULT_PAGE_SIZE,
    cursor: Annotated[
        str | None,
        Query(max_length=CURSOR_MAX_LENGTH, description="`nextCursor` of the previous page."),
    ] = None,
) -> SearchResultsResponse:
    """Full-text search over titles, descriptions and bodies, best match first (title words
    weigh most), with a highlighted excerpt per article; no bodies. Pages by cursor."""
    return SearchResultsResponse.of(await use_case.execute(q, limit, viewer_id, cursor))
