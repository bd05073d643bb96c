from typing import Protocol


class DependencyProbe(Protocol):
    """Something the service needs to answer requests: the database, Redis."""

    @property
    def name(self) -> str:
        """How readiness answers name it: ``database``, ``redis``."""
        ...

    @property
    def essential(self) -> bool:
        """Whether the service cannot answer without it; without a non-essential one it
        answers in a degraded way (Redis: no shared cache, login limits per worker)."""
        ...

    @property
    def address(self) -> str | None:
        """Where it answers when that can move: the database primary's ``host:port`` (the
        node writes go to now); ``None`` when unknown or fixed."""
        ...

    async def is_reachable(self) -> bool:
        """Whether it answered within the probe's timeout; a failure is logged, never raised."""
        ...
