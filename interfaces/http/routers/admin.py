from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query

from application.admin.list_audit_entries import ListAuditEntries
from application.pagination import DEFAULT_PAGE_SIZE
from application.ports.queries import AuditFilter
from infrastructure.container import Container
from interfaces.http.dependencies import CurrentUserId, provided
from interfaces.http.routers.paging import Limit
from interfaces.http.routers.responses import errors
from interfaces.http.schemas.admin import AuditEntriesResponse

router = APIRouter(prefix="/admin", tags=["Administration"])


@router.get(
    "/audit",
    name="admin:audit",
    response_model=AuditEntriesResponse,
    responses=errors(401, 403, 422),
)
async def audit_log(
    user_id: CurrentUserId,
    use_case: Annotated[ListAuditEntries, Depends(provided(Container.list_audit_entries))],
    entity: Annotated[
        Literal["article", "comment", "user", "follow", "favorite"] | None,
        Query(description="Only writes to this kind of entity."),
    ] = None,
    actor: Annotated[
        str | None, Query(max_length=64, description="Only writes by this username.")
    ] = None,
    limit: Limit = DEFAULT_PAGE_SIZE,
    cursor: Annotated[
        str | None, Query(max_length=64, description="`nextCursor` of the previous page.")
    ] = None,
) -> AuditEntriesResponse:
    """The append-only log of writes, newest first: who, what, when, and summaries before
    and after. Administrators only (`conduit create-admin`); others get a 403."""
    filters = AuditFilter(entity=entity, actor=actor, limit=limit, after=cursor)
    return AuditEntriesResponse.of(await use_case.execute(user_id, filters))
