from collections.abc import Callable
from typing import Protocol

# ``(steps done, steps in all)``
Progress = Callable[[int, int], None]


class ArticleCountRepair(Protocol):
    """Rebuilds the public-article counts from the articles themselves."""

    async def rebuild(self, on_progress: Progress | None = None) -> int:
        """Recount every count in one transaction, holding off the writes that would move
        them meanwhile, reporting each step; returns how many counts it stored (0 for a
        storage that counts on every read and so keeps none)."""
        ...
