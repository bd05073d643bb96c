"""The audit trail of the SQL adapter: the unit of work's entries in one statement, in the
change's own transaction, so a write that rolls back leaves no entry and a committed one
always has its entry."""

from collections.abc import Sequence
from dataclasses import asdict

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from uuid6 import uuid7

from application.audit import AuditEntry
from application.ports.change_log import AuditTrail
from infrastructure.persistence.sqlmodel.tables import audit_entries


class SqlAuditTrail(AuditTrail):
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def append(self, entries: Sequence[AuditEntry]) -> None:
        rows = [{"id": uuid7(), **asdict(entry)} for entry in entries]
        await self._session.execute(sa.insert(audit_entries), rows)
