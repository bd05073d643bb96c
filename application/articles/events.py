"""The events of articles, built from the entity."""

from application.events import ArticlePublished
from domain.articles.article import Article


def published(article: Article) -> ArticlePublished:
    """The article went public: its author's followers hear of it."""
    assert article.id is not None, "a stored article has an id"
    return ArticlePublished(
        article_id=article.id,
        slug=article.slug.value,
        title=article.title,
        author_id=article.author_id,
    )
