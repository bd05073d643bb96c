"""What every entity shares: storage's timestamps and the events its rules raise."""

from collections.abc import Callable
from dataclasses import dataclass, field

from domain.events import DomainEvent
from domain.shared.timestamps import Timestamped


@dataclass(eq=False, slots=True, kw_only=True)
class Entity(Timestamped):
    """An entity raises a domain event where one of its rules says something happened; the
    unit of work that stored the entity collects the events at commit (``pull_events``).

    An event is built when it is pulled, not when it is raised: by then storage has given a
    new entity its id, which the event names. Copies of an entity (``dataclasses.replace``)
    start with no events.
    """

    _raised: list[Callable[[], DomainEvent]] = field(
        init=False, default_factory=list, repr=False, compare=False
    )

    def _raise(self, event: Callable[[], DomainEvent]) -> None:
        self._raised.append(event)

    def pull_events(self) -> list[DomainEvent]:
        """The events raised since the last pull, oldest first; pulling forgets them."""
        raised, self._raised = self._raised, []
        return [build() for build in raised]

    def stored_id(self) -> int:
        """The id storage gave the entity."""
        entity_id: int | None = getattr(self, "id", None)
        if entity_id is None:
            raise RuntimeError("the entity has not been stored yet")
        return entity_id
