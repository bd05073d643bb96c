"""Which database server writes go to, as this process last connected to it.

With a connection string that names every node of a high-availability cluster and
``target_session_attrs=read-write``, each new write connection finds the node that is the
primary now. When that node changes, a failover or a switchover happened: it is logged and
counted (``conduit_db_failovers_total``), and ``/readyz`` shows the new address.
"""

import logging
from typing import Any

from infrastructure.observability import metrics

logger = logging.getLogger("conduit.database")


class PrimaryWatch:
    def __init__(self) -> None:
        self.address: str | None = None

    def connected(self, address: str) -> None:
        """A write connection was opened to ``address`` (``host:port``)."""
        previous, self.address = self.address, address
        if previous is not None and previous != address:
            logger.warning(
                "the database primary moved: %s -> %s",
                previous,
                address,
                extra={"previous_primary": previous, "primary": address},
            )
            metrics.record_failover()


def server_address(dbapi_connection: Any) -> str | None:
    """``host:port`` of the server an asyncpg connection (behind SQLAlchemy's adapter) reached;
    ``None`` for a Unix socket or another driver."""
    # asyncpg exposes no public accessor for the address it settled on among several hosts.
    address = getattr(getattr(dbapi_connection, "driver_connection", None), "_addr", None)
    if isinstance(address, tuple) and len(address) == 2:
        return f"{address[0]}:{address[1]}"
    return None
