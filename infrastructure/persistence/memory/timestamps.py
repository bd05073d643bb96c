"""The in-memory adapter's one place for ``created_at`` / ``updated_at``, what the SQL
adapter's ``before_flush`` listener does: the unit of work's repositories call it as they put
an entity into the unit of work's copy of the data, with the unit of work's clock.

A new entity gets both stamps (it keeps a ``created_at`` it arrives with: an import); a saved
entity that differs from the stored one in anything but its stamps gets a new ``updated_at``;
one that does not is no change, and is neither written nor stamped.
"""

from dataclasses import fields
from datetime import datetime
from typing import TypeVar

from application.ports.clock import Clock
from domain.shared.timestamps import Timestamped

_STAMPS = frozenset(field.name for field in fields(Timestamped))
Entity = TypeVar("Entity", bound=Timestamped)


class MemoryTimestamps:
    def __init__(self, clock: Clock) -> None:
        self._clock = clock

    def now(self) -> datetime:
        """The time for what is stored without an entity (follows and favorites)."""
        return self._clock.now()

    def created(self, entity: Timestamped) -> None:
        """Stamp an entity about to be stored for the first time."""
        entity.created_at = entity.created_at or self._clock.now()
        entity.updated_at = entity.created_at

    def saved(self, stored: Entity, entity: Entity) -> bool:
        """Stamp ``entity``, about to replace ``stored``; ``False`` when it changes nothing
        (then there is nothing to write)."""
        entity.created_at, entity.updated_at = stored.created_at, stored.updated_at
        if _state(entity) == _state(stored):
            return False
        entity.updated_at = self._clock.now()
        return True


def _state(entity: Timestamped) -> dict[str, object]:
    return {
        field.name: getattr(entity, field.name)
        for field in fields(entity)
        if field.compare and field.name not in _STAMPS
    }
