from typing import Any

from pydantic import Field

from application.read_models import AuditEntryView, AuditPage
from interfaces.http.schemas.base import ApiModel, Timestamp


class AuditEntry(ApiModel):
    id: str = Field(examples=["01936b2e-8f4c-7b1a-9c3d-2e5f6a7b8c9d"])
    occurred_at: Timestamp
    actor: str | None = Field(description="Username; `null` for the system (purges, CLI).")
    entity: str = Field(examples=["article"])
    entity_id: str = Field(examples=["42"])
    action: str = Field(examples=["update"])
    before: dict[str, Any] | None = Field(
        description="Summary before the write; `null` on create.",
        examples=[{"slug": "dragons", "title": "Dragons", "status": "draft", "version": 1}],
    )
    after: dict[str, Any] | None = Field(
        description="Summary after the write; `null` on purge.",
        examples=[{"slug": "dragons", "title": "Dragons", "status": "published", "version": 2}],
    )

    @classmethod
    def of(cls, view: AuditEntryView) -> "AuditEntry":
        return cls(
            id=view.id,
            occurred_at=view.occurred_at,
            actor=view.actor,
            entity=view.entity,
            entity_id=view.entity_id,
            action=view.action,
            before=view.before,
            after=view.after,
        )


class AuditEntriesResponse(ApiModel):
    audit_entries: list[AuditEntry]
    next_cursor: str | None = Field(
        default=None, description="Pass as `cursor` for the next page; `null` on the last page."
    )

    @classmethod
    def of(cls, page: AuditPage) -> "AuditEntriesResponse":
        return cls(audit_entries=[AuditEntry.of(e) for e in page.entries], next_cursor=page.next)
