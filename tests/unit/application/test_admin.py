"""Administration: promoting from the command line, and the audit log for admins only."""

import pytest

from application.ports.queries import AuditFilter
from domain.shared.errors import InvalidValue, NotFound, PermissionDenied
from tests.unit.application.conduit import Conduit


async def test_only_an_admin_reads_the_audit_log(conduit: Conduit) -> None:
    jake = await conduit.sign_up("jake")
    root = await conduit.sign_up("root")
    await conduit.publish(jake)

    with pytest.raises(PermissionDenied):
        await conduit.list_audit_entries.execute(jake, AuditFilter())
    await conduit.make_admin.execute("root")
    page = await conduit.list_audit_entries.execute(root, AuditFilter(entity="article"))

    assert [(e.action, e.actor, e.entity_id) for e in page.entries] == [
        ("create", "jake", str(next(iter(conduit.store.committed.articles))))
    ]


async def test_promoting_twice_changes_nothing_and_an_unknown_user_is_not_found(
    conduit: Conduit,
) -> None:
    await conduit.sign_up("root")
    await conduit.make_admin.execute("root")
    before = conduit.snapshot()

    await conduit.make_admin.execute("root")

    assert conduit.snapshot() == before
    with pytest.raises(NotFound):
        await conduit.make_admin.execute("nobody")


async def test_a_cursor_that_is_not_an_entry_id_is_invalid(conduit: Conduit) -> None:
    root = await conduit.sign_up("root")
    await conduit.make_admin.execute("root")

    with pytest.raises(InvalidValue) as invalid:
        await conduit.list_audit_entries.execute(root, AuditFilter(after="42"))

    assert invalid.value.field == "cursor"
