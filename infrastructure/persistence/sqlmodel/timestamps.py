"""The SQL adapter's one place for ``created_at`` / ``updated_at``: a ``before_flush``
listener on the session class of the unit of work's sessions, with the unit of work's clock.

Rows of ``TimestampedRow`` tables are stamped as they are flushed: a new row gets both (it
keeps a ``created_at`` it arrives with: an import), a stored row with a real column change gets
a new ``updated_at``. A row that was assigned its own values again is not changed, so it is
neither written nor stamped.
"""

from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session

from application.ports.clock import Clock
from infrastructure.persistence.sqlmodel.tables import TimestampedRow

_CLOCK = "conduit.clock"


class StampingSession(Session):
    """The sessions of ``create_session_factory``: they stamp what they flush with the clock
    that ``stamp_with`` gave them (one listener for the class, not one per session)."""


def stamp_with(session: Session, clock: Clock) -> None:
    session.info[_CLOCK] = clock


@event.listens_for(StampingSession, "before_flush")
def _stamp(session: Session, _context: Any, _instances: Any) -> None:
    new = [row for row in session.new if isinstance(row, TimestampedRow)]
    changed = [
        row
        for row in session.dirty
        if isinstance(row, TimestampedRow) and session.is_modified(row, include_collections=False)
    ]
    if not new and not changed:
        return
    now = session.info[_CLOCK].now()
    for row in new:
        row.created_at = row.created_at or now
        row.updated_at = row.created_at
    for row in changed:
        row.updated_at = now
