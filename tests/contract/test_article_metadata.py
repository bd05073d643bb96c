"""Article metadata and word counts on every adapter: stored, read back in single and list
views, replaced on edit, and filtered by language."""

from typing import Any

from application.ports.queries import ArticleFilter
from domain.users.user import User
from infrastructure.container import Container
from tests.contract.storage import Storage, id_of
from tests.factories import EPOCH, an_article

NESTED: dict[str, Any] = {
    "language": "en",
    "series": "Dragon care",
    "canonical_url": "https://example.com/dragons",
    "review": {"by": ["ada", "grace"], "score": 4.5, "final": True, "note": None},
}


async def publish(storage: Storage, author: User, title: str, **metadata: Any) -> None:
    article = an_article(id_of(author), title)
    article.edit(by=id_of(author), now=EPOCH, metadata=metadata)
    await storage.add_article(article)


async def test_metadata_and_word_count_are_read_back_as_stored(
    storage: Storage, container: Container
) -> None:
    jake = await storage.user("jake")
    await publish(storage, jake, "Dragons", **NESTED)

    single = await container.article_queries().get_article("dragons", None)
    listed = await container.article_queries().list_articles(ArticleFilter(), None)

    assert single is not None
    assert single.body is not None
    assert dict(single.metadata) == NESTED
    assert single.word_count == len(single.body.split())
    assert dict(listed.articles[0].metadata) == NESTED
    assert listed.articles[0].word_count == single.word_count


async def test_an_article_without_metadata_reads_as_an_empty_object(
    storage: Storage, container: Container
) -> None:
    jake = await storage.user("jake")
    await storage.article(jake, "Plain")

    view = await container.article_queries().get_article("plain", None)

    assert view is not None
    assert dict(view.metadata) == {}


async def test_editing_replaces_metadata_and_recounts_words(
    storage: Storage, container: Container
) -> None:
    jake = await storage.user("jake")
    await publish(storage, jake, "Dragons", **NESTED)

    await storage.edit_article(
        "dragons", jake, metadata={"language": "fr"}, body="un deux trois quatre"
    )

    view = await container.article_queries().get_article("dragons", None)
    assert view is not None
    assert (dict(view.metadata), view.word_count) == ({"language": "fr"}, 4)


async def test_the_language_filter_matches_the_metadata_key(
    storage: Storage, container: Container
) -> None:
    jake = await storage.user("jake")
    await publish(storage, jake, "English one", language="en")
    await publish(storage, jake, "French one", language="fr")
    await publish(storage, jake, "English two", language="en", series="S")
    await storage.article(jake, "No metadata")

    page = await container.article_queries().list_articles(ArticleFilter(language="en"), None)

    assert [a.title for a in page.articles] == ["English two", "English one"]
    assert page.total == 2
