from typing import Annotated, Any

from pydantic import Field, StringConstraints, computed_field

from application.read_models import ArticlePage, ArticleView
from domain.articles.article import ArticleStatus
from domain.articles.values import (
    BODY_MAX_LENGTH,
    DESCRIPTION_MAX_LENGTH,
    TAG_MAX_LENGTH,
    TAGS_PER_ARTICLE_MAX,
    TITLE_MAX_LENGTH,
    WORDS_PER_MINUTE,
    reading_time_minutes,
)
from interfaces.http.schemas.base import ApiModel, PartialUpdate, Timestamp
from interfaces.http.schemas.profiles import Profile

_Tags = list[Annotated[str, StringConstraints(max_length=TAG_MAX_LENGTH)]]
_STATUS_DESCRIPTION = (
    "`draft`: visible to its author only (a 404 to anyone else), in `GET /api/articles/drafts`;"
    " `published`: public."
)
_METADATA_EXAMPLE = {
    "language": "en",
    "series": "Dragon care",
    "canonical_url": "https://example.com/dragons",
}
_METADATA_DESCRIPTION = (
    "Optional JSON object. Known keys are typed: `language` (a language tag such as `en` or "
    "`pt-BR`), `series` (a name), `canonical_url` (an http(s) URL); other keys take any JSON "
    "value. At most 20 keys, 3 levels of nesting and 4 KiB."
)


class NewArticle(ApiModel):
    title: str = Field(max_length=TITLE_MAX_LENGTH, examples=["How to train your dragon"])
    description: str = Field(max_length=DESCRIPTION_MAX_LENGTH, examples=["Ever wonder how?"])
    body: str = Field(max_length=BODY_MAX_LENGTH, examples=["You have to believe"])
    tag_list: _Tags = Field(
        default_factory=list, max_length=TAGS_PER_ARTICLE_MAX, examples=[["dragons", "training"]]
    )
    status: ArticleStatus = Field(
        default=ArticleStatus.PUBLISHED,
        description=_STATUS_DESCRIPTION + " Omitted: published, as RealWorld clients expect.",
        examples=["draft"],
    )
    metadata: dict[str, Any] | None = Field(
        default=None, description=_METADATA_DESCRIPTION, examples=[_METADATA_EXAMPLE]
    )


class NewArticleRequest(ApiModel):
    article: NewArticle


class UpdateArticle(PartialUpdate):
    """Omitted fields stay as they are; the slug never changes."""

    title: str | None = Field(default=None, max_length=TITLE_MAX_LENGTH)
    description: str | None = Field(default=None, max_length=DESCRIPTION_MAX_LENGTH)
    body: str | None = Field(default=None, max_length=BODY_MAX_LENGTH)
    tag_list: _Tags | None = Field(default=None, max_length=TAGS_PER_ARTICLE_MAX)
    status: ArticleStatus | None = Field(
        default=None, description=_STATUS_DESCRIPTION, examples=["published"]
    )
    metadata: dict[str, Any] | None = Field(
        default=None,
        description="Replaces the whole metadata object (`{}` clears it).",
        examples=[_METADATA_EXAMPLE],
    )


class UpdateArticleRequest(ApiModel):
    article: UpdateArticle


class ArticleListItem(ApiModel):
    slug: str
    title: str
    description: str
    tag_list: list[str]
    created_at: Timestamp
    updated_at: Timestamp
    favorited: bool
    favorites_count: int
    author: Profile
    metadata: dict[str, Any] = Field(
        description="The article's metadata object; `{}` when it has none.",
        examples=[_METADATA_EXAMPLE],
    )
    word_count: int = Field(exclude=True)

    @computed_field(  # type: ignore[prop-decorator]
        description=f"Minutes to read the body at {WORDS_PER_MINUTE} words a minute, at least 1.",
        examples=[4],
    )
    @property
    def reading_time_minutes(self) -> int:
        return reading_time_minutes(self.word_count)


class Article(ArticleListItem):
    body: str
    status: ArticleStatus = Field(description=_STATUS_DESCRIPTION)

    @classmethod
    def of(cls, view: ArticleView) -> "Article":
        return cls(body=view.body or "", status=view.status, **common_fields(view))


class SingleArticleResponse(ApiModel):
    article: Article


class MultipleArticlesResponse(ApiModel):
    articles: list[ArticleListItem]
    articles_count: int
    next_cursor: str | None = Field(
        default=None,
        description="Pass as `cursor` for the next page; `null` on the last page.",
        examples=["MjAyNi0wMS0wMVQxMjowMDowMCswMDowMHw0Mg"],
    )

    @classmethod
    def of(cls, page: ArticlePage) -> "MultipleArticlesResponse":
        return cls(
            articles=[ArticleListItem(**common_fields(view)) for view in page.articles],
            articles_count=page.total,
            next_cursor=page.next_cursor,
        )


class DeletedArticleListItem(ArticleListItem):
    deleted_at: Timestamp | None = Field(description="When the author deleted it.")


class DeletedArticlesResponse(ApiModel):
    """The caller's deleted articles, newest first, paged like the article list."""

    articles: list[DeletedArticleListItem]
    articles_count: int
    next_cursor: str | None = None

    @classmethod
    def of(cls, page: ArticlePage) -> "DeletedArticlesResponse":
        return cls(
            articles=[
                DeletedArticleListItem(deleted_at=view.deleted_at, **common_fields(view))
                for view in page.articles
            ],
            articles_count=page.total,
            next_cursor=page.next_cursor,
        )


def common_fields(view: ArticleView) -> dict[str, object]:
    return {
        "slug": view.slug,
        "title": view.title,
        "description": view.description,
        "tag_list": list(view.tags),
        "created_at": view.created_at,
        "updated_at": view.updated_at,
        "favorited": view.favorited,
        "favorites_count": view.favorites_count,
        "author": Profile.of(view.author),
        "metadata": view.metadata,
        "word_count": view.word_count,
    }


TAG_NAME_MAX_LENGTH = TAG_MAX_LENGTH
