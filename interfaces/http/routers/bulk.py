from typing import Annotated

from fastapi import APIRouter, Depends

from application.articles.import_articles import ImportArticles
from infrastructure.container import Container
from interfaces.http.dependencies import CurrentUserId, provided
from interfaces.http.routers.responses import errors
from interfaces.http.schemas.bulk import BulkArticlesRequest, BulkImportResponse
from interfaces.importing import parse_record

router = APIRouter(prefix="/articles", tags=["Bulk import"])


@router.post(
    "/bulk",
    name="articles:bulk",
    summary="Import many articles",
    response_model=BulkImportResponse,
    responses=errors(401, 422),
)
async def import_articles(
    request: BulkArticlesRequest,
    user_id: CurrentUserId,
    use_case: Annotated[ImportArticles, Depends(provided(Container.import_articles))],
) -> BulkImportResponse:
    """Import up to 1,000 articles by the caller in one request (200 even when some records
    are rejected: see `rejected`). Re-sending a record with the same `id` creates nothing: it
    is counted in `skipped`. Tags are created as needed."""
    records = (parse_record(number, value) for number, value in enumerate(request.articles, 1))
    return BulkImportResponse.of(await use_case.execute(user_id, records))
