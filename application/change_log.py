"""The unit of work's change log: what a unit of work saw and stored, turned at commit into
audit entries and outbox events, written in the same transaction as the change.

It also adds up what the stored articles do to the public-article counts
(``application.article_counts``), written with them when the storage keeps counts.

Repositories register every entity they load or add (``seen``: the identity map whose
entities' events are collected) and report what they stored: ``added``, ``changed``,
``removed``, ``linked``, ``unlinked``. They report only real changes: a save that changes
nothing writes nothing, and so is never audited. Entities raise their own events
(``domain.events``); storage adapters decide neither what is audited nor what is published.
"""

from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from application import article_counts, audit
from application.article_counts import CountKey
from application.audit import AuditEntry, Relation, Stored
from application.events import DomainEvent
from application.ports.change_log import ChangeWriter
from application.ports.clock import Clock
from application.ports.events import CommitObserver
from domain.articles.article import Article
from domain.articles.comment import Comment
from domain.shared.entity import Entity


@dataclass(frozen=True, slots=True)
class Mark:
    """How far the log had come when a savepoint began."""

    seen: int
    entries: int
    events: int
    counted: int


class ChangeLog:
    def __init__(self, clock: Clock, observer: CommitObserver | None = None) -> None:
        self._clock = clock
        self._observer = observer
        self._seen: list[Entity] = []
        self._seen_ids: set[int] = set()
        self._entries: list[AuditEntry] = []
        self._events: list[DomainEvent] = []
        # Per stored article change, in order: a savepoint's undo drops its tail.
        self._counted: list[Counter[CountKey]] = []

    def seen(self, entity: Entity) -> None:
        """The unit of work loaded or added ``entity``: the events it raises are committed."""
        if id(entity) not in self._seen_ids:
            self._seen_ids.add(id(entity))
            self._seen.append(entity)

    def added(self, entity: Stored) -> None:
        """``entity`` was stored for the first time (it has its id)."""
        self.seen(entity)
        self._entries.append(audit.created(entity, self._clock.now()))
        if isinstance(entity, Article):
            self._count(None, entity)

    def changed(self, before: Stored, after: Stored) -> None:
        """A stored entity, which was ``before``, was stored as ``after``: a real change."""
        self.seen(after)
        self._entries.append(audit.updated(before, after, self._clock.now()))
        if isinstance(before, Article) and isinstance(after, Article):
            self._count(before, after)

    def removed(self, entity: Article | Comment) -> None:
        """A soft-deleted entity was removed for good (a purge)."""
        self._entries.append(audit.removed(entity, self._clock.now()))
        if isinstance(entity, Article):
            self._count(entity, None)

    def _count(self, before: Article | None, after: Article | None) -> None:
        moved = article_counts.changes(before, after)
        if moved:
            self._counted.append(moved)

    def linked(self, relation: Relation) -> None:
        """A relation that did not exist was stored."""
        self._entries.append(audit.created(relation, self._clock.now()))

    def unlinked(self, relation: Relation) -> None:
        """A stored relation was removed."""
        self._entries.append(audit.removed(relation, self._clock.now()))

    def record(self, event: DomainEvent) -> None:
        """An event no entity raised, committed after those of the seen entities."""
        self._events.append(event)

    def mark(self) -> Mark:
        return Mark(len(self._seen), len(self._entries), len(self._events), len(self._counted))

    def undo(self, mark: Mark) -> None:
        """Forget what was logged since ``mark``: its savepoint was rolled back."""
        for entity in self._seen[mark.seen :]:
            self._seen_ids.discard(id(entity))
        del self._seen[mark.seen :]
        del self._entries[mark.entries :]
        del self._events[mark.events :]
        del self._counted[mark.counted :]

    def clear(self) -> None:
        """Forget everything: the unit of work rolled back (or committed)."""
        self._seen, self._seen_ids, self._entries, self._events = [], set(), [], []
        self._counted = []

    async def commit(self, writer: ChangeWriter, durable: Callable[[], Awaitable[None]]) -> None:
        """Write the audit entries, the events and the counts' changes through ``writer``, then
        ``durable()`` commits the transaction; the observer hears of the events once it has."""
        events = [event for entity in self._seen for event in entity.pull_events()]
        events += self._events
        entries = self._entries
        counted: Counter[CountKey] = Counter()
        for moved in self._counted:
            counted.update(moved)  # update, not +: a count may go down
        self.clear()
        counts = {key: n for key, n in counted.items() if n}
        if entries or events or counts:
            await writer.write(entries, events, counts)
        await durable()
        if events and self._observer is not None:
            await self._observer.committed(events)
