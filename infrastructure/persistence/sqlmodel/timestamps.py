"""The SQL adapter's one place for ``created_at`` / ``updated_at``: a ``before_flush``
listener on the unit of work's session, with the unit of work's clock.

Rows of ``TimestampedRow`` tables are stamped as they are flushed: a new row gets both (it
keeps a ``created_at`` it arrives with: an import), a stored row with a real column change gets
a new ``updated_at``. A row that was assigned its own values again is not changed, so it is
neither written nor stamped.
"""

from datetime import datetime
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session

from application.ports.clock import Clock
from infrastructure.persistence.sqlmodel.tables import TimestampedRow


class SessionTimestamps:
    def __init__(self, clock: Clock) -> None:
        self._clock = clock

    def watch(self, session: Session) -> None:
        """Stamp what ``session`` flushes from now on."""
        event.listen(session, "before_flush", self._stamp)

    def now(self) -> datetime:
        """The time for rows written by Core statements, which no flush sees (follows and
        favorites: inserted with ``ON CONFLICT DO NOTHING``)."""
        return self._clock.now()

    def _stamp(self, session: Session, _context: Any, _instances: Any) -> None:
        now = self._clock.now()
        for row in session.new:
            if isinstance(row, TimestampedRow):
                row.created_at = row.created_at or now
                row.updated_at = row.created_at
        for row in session.dirty:
            if isinstance(row, TimestampedRow) and session.is_modified(
                row, include_collections=False
            ):
                row.updated_at = now
