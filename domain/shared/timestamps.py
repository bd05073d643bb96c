"""When an entity was first stored and when a change to it was last stored."""

from dataclasses import dataclass
from datetime import datetime


@dataclass(eq=False, slots=True, kw_only=True)
class Timestamped:
    """``created_at`` and ``updated_at`` belong to storage, not to the rules: the unit of work
    sets both when it first stores the entity, and moves ``updated_at`` when it stores a real
    change (a save that changes nothing moves nothing). Both are ``None`` until the entity is
    stored; ``created_at`` never moves after that.

    The one exception: an entity may arrive with a ``created_at`` of its own (writing imported
    from elsewhere, created long before), which storage keeps.
    """

    created_at: datetime | None = None
    updated_at: datetime | None = None

    def stored_times(self) -> tuple[datetime, datetime]:
        """``(created_at, updated_at)`` of a stored entity."""
        if self.created_at is None or self.updated_at is None:
            raise RuntimeError("the entity has not been stored yet")
        return self.created_at, self.updated_at
