"""The full-text search port: ranked matches with highlighted excerpts."""

from dataclasses import dataclass
from typing import Protocol

from application.pagination import RankedPosition
from application.read_models import SearchPage
from application.search import SearchTerms


@dataclass(frozen=True, slots=True)
class SearchRequest:
    terms: SearchTerms
    limit: int = 20
    after: RankedPosition | None = None


class ArticleSearch(Protocol):
    async def search(self, request: SearchRequest, viewer_id: int | None) -> SearchPage:
        """Articles matching ``request.terms``, best first (ties: newest id first), starting
        after ``request.after`` when given; ``rank`` is higher for better matches (title
        words weigh most, then description, then body)."""
        ...
