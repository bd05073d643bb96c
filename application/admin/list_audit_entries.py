import uuid

from application.pagination import check_page
from application.ports.queries import AuditFilter, AuditQueries
from application.ports.unit_of_work import UnitOfWork
from application.read_models import AuditPage
from domain.shared.errors import InvalidValue, PermissionDenied


class ListAuditEntries:
    """The audit log, newest first; administrators only."""

    def __init__(self, uow: UnitOfWork, audit: AuditQueries) -> None:
        self._uow = uow
        self._audit = audit

    async def execute(self, caller_id: int, filters: AuditFilter) -> AuditPage:
        check_page(filters.limit, 0)
        if filters.after is not None:
            _check_cursor(filters.after)
        async with self._uow as uow:
            caller = await uow.users.get(caller_id)
        if caller is None or not caller.is_admin:
            raise PermissionDenied("only administrators may read the audit log")
        return await self._audit.list_entries(filters)


def _check_cursor(cursor: str) -> None:
    try:
        uuid.UUID(cursor)
    except ValueError:
        raise InvalidValue("cursor is not one this service issued", field="cursor") from None
