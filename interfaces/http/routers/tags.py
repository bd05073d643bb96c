from typing import Annotated

from fastapi import APIRouter, Depends

from application.tags.list_tags import ListTags
from infrastructure.container import Container
from interfaces.http.dependencies import provided
from interfaces.http.schemas.tags import TagsResponse

router = APIRouter(tags=["Tags"])


@router.get("/tags", name="tags:list", response_model=TagsResponse)
async def list_tags(
    use_case: Annotated[ListTags, Depends(provided(Container.list_tags))],
) -> TagsResponse:
    """Every tag used by at least one article, alphabetically."""
    return TagsResponse(tags=list(await use_case.execute()))
