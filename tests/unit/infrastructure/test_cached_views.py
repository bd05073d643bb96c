"""A cached view comes back equal to what was stored, every field of it (a field added to a
view and forgotten by the cache's encoding fails here), with the caller's own flags cleared."""

import dataclasses
from datetime import UTC, datetime, timedelta

from application.read_models import ArticleView, ProfileView
from domain.articles.article import ArticleStatus
from infrastructure.cache.memory import InMemoryCache
from infrastructure.cache.queries import CachedArticleQueries, CacheStats, CacheTtls

WHEN = datetime(2026, 11, 25, 10, 30, 0, 123456, tzinfo=UTC)
TTLS = CacheTtls(tags=timedelta(minutes=1), profile=timedelta(minutes=1), article=timedelta(1))


def an_article_with_no_default_left() -> ArticleView:
    view = ArticleView(
        slug="ünïcode-dragons",
        title="Ünïcode dragons",
        description="d",
        body="b",
        tags=("a", "b"),
        created_at=WHEN,
        updated_at=WHEN + timedelta(seconds=1),
        favorited=False,
        favorites_count=3,
        author=ProfileView(username="jake", bio="Rider", image="http://i", following=False),
        metadata={"language": "en", "review": {"score": 4.5, "tags": ["x"]}},
        word_count=250,
        status=ArticleStatus.DRAFT,
        deleted_at=WHEN + timedelta(days=1),
        version=7,
    )
    defaults = {
        f.name: f.default
        for f in dataclasses.fields(ArticleView)
        if f.default is not dataclasses.MISSING and f.name != "favorited"
    }
    assert all(getattr(view, name) != value for name, value in defaults.items())
    return view


class OneArticle:
    def __init__(self, view: ArticleView) -> None:
        self.view = view
        self.reads = 0

    async def get_article(self, slug: str, viewer_id: int | None) -> ArticleView | None:
        self.reads += 1
        return self.view if (slug, viewer_id) == (self.view.slug, None) else None


async def test_a_cached_article_comes_back_with_every_field() -> None:
    view = an_article_with_no_default_left()
    source = OneArticle(view)
    cached = CachedArticleQueries(source, InMemoryCache(), TTLS, CacheStats())  # type: ignore[arg-type]

    first = await cached.get_article(view.slug, None)
    again = await cached.get_article(view.slug, None)

    assert (first, again, source.reads) == (view, view, 1)
