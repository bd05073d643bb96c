"""Conditional writes: the article must still be at a version the client saw."""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TypeVar

from domain.articles.errors import ArticleChanged
from domain.shared.errors import VersionConflict


@dataclass(frozen=True, slots=True)
class IfMatch:
    """The versions a client accepts (HTTP ``If-Match``); ``any_version`` stands for ``*``."""

    versions: frozenset[int] = frozenset()
    any_version: bool = False

    def check(self, version: int) -> None:
        """Raise ``ArticleChanged`` unless ``version`` is one the client accepts."""
        if not self.any_version and version not in self.versions:
            raise ArticleChanged()


# A write that lost a race is re-applied on the fresh article; a few attempts absorb any
# realistic burst of concurrent editors.
_ATTEMPTS = 5

T = TypeVar("T")


async def write_article(write: Callable[[], Awaitable[T]], if_match: IfMatch | None) -> T:
    """Run ``write`` (one unit of work that loads, checks and stores the article) and return
    what it returns.

    Storage checks the version in the write itself, so two concurrent writes never silently
    lose one: with ``if_match`` the loser fails (``VersionConflict``); without, it runs again
    on the article as the winner left it.
    """
    for _ in range(1, _ATTEMPTS):
        try:
            return await write()
        except VersionConflict:
            if if_match is not None:
                raise
    return await write()
