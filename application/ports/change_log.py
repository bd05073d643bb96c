"""Where a unit of work writes what its change log made of its changes, in its own
transaction: an entry or event exists if and only if its change was committed."""

from collections.abc import Mapping, Sequence
from typing import Protocol

from application.article_counts import CountKey
from application.audit import AuditEntry
from application.events import DomainEvent


class AuditTrail(Protocol):
    """Only a real change is audited: a save that changes nothing writes nothing, so it never
    reaches the trail (the repositories report only what they stored)."""

    async def append(self, entries: Sequence[AuditEntry]) -> None:
        """Store the entries, in order, with the change they describe (each gets a UUIDv7
        id, so ids sort by time)."""
        ...


class OutboxWriter(Protocol):
    async def append(self, events: Sequence[DomainEvent]) -> None:
        """Store the events, in order, for the relay, with the change that raised them."""
        ...


class ArticleCounter(Protocol):
    """Where the public-article counts are kept, for a storage that keeps them (one that counts
    on every read needs none)."""

    async def adjust(self, changes: Mapping[CountKey, int]) -> None:
        """Add each non-zero change to its count (a count not yet kept starts at 0), with the
        change that moved it."""
        ...
