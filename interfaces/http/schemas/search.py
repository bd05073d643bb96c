import html

from pydantic import Field

from application.read_models import SearchHit, SearchPage
from application.search import MATCH_END, MATCH_START
from interfaces.http.schemas.articles import ArticleListItem, common_fields
from interfaces.http.schemas.base import ApiModel


def highlighted(snippet: str) -> str:
    """The excerpt as safe HTML: its text escaped, each match in ``<mark>``."""
    return html.escape(snippet).replace(MATCH_START, "<mark>").replace(MATCH_END, "</mark>")


class SearchResult(ArticleListItem):
    rank: float = Field(
        description="Relevance: higher is better. Comparable within one result list only.",
        examples=[0.6079],
    )
    snippet: str = Field(
        description="An excerpt around the matching words, as HTML: the text is escaped and "
        "each match is wrapped in `<mark>`.",
        examples=["How to <mark>train</mark> your dragon — Ever wonder how?"],
    )

    @classmethod
    def of(cls, hit: SearchHit) -> "SearchResult":
        return cls(rank=hit.rank, snippet=highlighted(hit.snippet), **common_fields(hit.article))


class SearchResultsResponse(ApiModel):
    articles: list[SearchResult]
    articles_count: int = Field(description="Every match, on every page.")
    next_cursor: str | None = Field(
        default=None,
        description="Pass as `cursor` for the next page; `null` on the last page.",
        examples=["cmFua3wwLjYwNzkyNzEwMzA0MjYwMjV8NDI"],
    )

    @classmethod
    def of(cls, page: SearchPage) -> "SearchResultsResponse":
        return cls(
            articles=[SearchResult.of(hit) for hit in page.hits],
            articles_count=page.total,
            next_cursor=page.next_cursor,
        )
