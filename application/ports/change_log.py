"""Where a unit of work writes what its change log made of its changes, in its own
transaction: an entry or event exists if and only if its change was committed."""

from collections.abc import Mapping, Sequence
from typing import Protocol

from application.article_counts import CountKey
from application.audit import AuditEntry
from application.events import DomainEvent


class ChangeWriter(Protocol):
    """Only a real change is audited: a save that changes nothing writes nothing, so it never
    reaches the writer (the repositories report only what they stored)."""

    async def write(
        self,
        entries: Sequence[AuditEntry],
        events: Sequence[DomainEvent],
        counts: Mapping[CountKey, int],
    ) -> None:
        """Store the audit entries (each with a UUIDv7 id, so ids sort by time) and the events
        for the relay, each in order, and add each non-zero change to its public-article count
        (a count not yet kept starts at 0; a storage that counts on every read keeps none),
        with the change they describe. Any of the three may be empty."""
        ...
