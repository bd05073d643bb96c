"""``ETag`` and ``If-Match`` (RFC 9110) for articles: the entity tag is the article's version.

The tag is strong (``"3"``): ``If-Match`` compares strongly, so a weak tag (``W/"3"``) never
matches, and ``*`` matches any existing article. Favorites and follows are not part of the
article's version: they never make an edit stale.
"""

from typing import Annotated, Any

from fastapi import Header, Response

from application.articles.preconditions import IfMatch
from application.read_models import ArticleView
from interfaces.http.schemas.articles import Article, SingleArticleResponse

IfMatchHeader = Annotated[
    str | None,
    Header(
        alias="If-Match",
        description='Apply only if the article is still at this `ETag` (e.g. `"3"`), else 412; '
        "`*` matches any version. Without it, the change applies to the latest version.",
        examples=['"3"'],
    ),
]


def etag(version: int) -> str:
    return f'"{version}"'


def tagged_article(view: ArticleView, response: Response) -> SingleArticleResponse:
    """The single-article body, its ``ETag`` set on ``response``."""
    response.headers["ETag"] = etag(view.version)
    return SingleArticleResponse(article=Article.of(view))


def if_match(header: str | None) -> IfMatch | None:
    """The precondition in an ``If-Match`` header, or ``None`` without one. Tags that cannot
    match (weak, malformed, not a version) are dropped: a header with none left fails."""
    if header is None:
        return None
    if header.strip() == "*":
        return IfMatch(any_version=True)
    versions = frozenset(
        int(tag[1:-1])
        for tag in (part.strip() for part in header.split(","))
        if len(tag) > 2 and tag[0] == tag[-1] == '"' and tag[1:-1].isdecimal()
    )
    return IfMatch(versions=versions)


def with_etag(status: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI: ``status`` answers with the article's ``ETag``."""
    return {
        status: {
            "headers": {
                "ETag": {
                    "description": "The article's version; send it back in `If-Match`.",
                    "schema": {"type": "string"},
                    "example": '"3"',
                }
            }
        }
    }
