"""Full-text search on every adapter: matching, ranking, exclusion, phrases, excerpts, keyset
pages with the full total, and an index that follows edits and deletions."""

import pytest

from application.pagination import RankedPosition
from application.ports.search import ArticleSearch, SearchRequest
from application.read_models import SearchPage
from application.search import MATCH_END, MATCH_START, SearchTerms
from domain.articles.article import Article, ArticleStatus
from domain.users.user import User
from infrastructure.container import Container
from tests.contract.storage import Storage, id_of
from tests.factories import an_article


async def publish(
    storage: Storage, author: User, title: str, description: str, body: str
) -> Article:
    article = an_article(id_of(author), title)
    article.description, article.body = description, body
    return await storage.add_article(article)


@pytest.fixture
async def library(storage: Storage) -> User:
    jake = await storage.user("jake")
    await publish(storage, jake, "Volcano field notes", "Lava and ash", "Nothing about beasts.")
    await publish(storage, jake, "Taming a wyvern", "A guide", "Patience with the wyvern works.")
    await publish(storage, jake, "Cooking notes", "Soup", "A wyvern once ate my soup.")
    await publish(storage, jake, "Garden diary", "Roses", "The wyvern sleeps in the fire pit.")
    return jake


async def search(container: Container, text: str, limit: int = 20) -> SearchPage:
    searcher: ArticleSearch = container.article_search()
    return await searcher.search(SearchRequest(SearchTerms.parse(text), limit), None)


def titles(page: SearchPage) -> list[str]:
    return [hit.article.title for hit in page.hits]


@pytest.mark.usefixtures("library")
async def test_a_title_match_ranks_above_body_matches(container: Container) -> None:
    page = await search(container, "wyvern")

    assert titles(page)[0] == "Taming a wyvern"
    assert set(titles(page)) == {"Taming a wyvern", "Cooking notes", "Garden diary"}
    assert page.total == 3
    assert page.hits[0].rank > page.hits[1].rank >= page.hits[2].rank > 0
    assert all(hit.article.body is None for hit in page.hits)


@pytest.mark.usefixtures("library")
async def test_every_word_is_required_and_a_minus_word_excludes(container: Container) -> None:
    assert titles(await search(container, "wyvern soup")) == ["Cooking notes"]
    assert set(titles(await search(container, "wyvern -soup"))) == {
        "Taming a wyvern",
        "Garden diary",
    }
    assert set(titles(await search(container, "lava or roses"))) == {
        "Volcano field notes",
        "Garden diary",
    }


@pytest.mark.usefixtures("library")
async def test_quoted_words_must_appear_together(container: Container) -> None:
    assert titles(await search(container, '"fire pit"')) == ["Garden diary"]
    assert titles(await search(container, '"pit fire"')) == []


@pytest.mark.usefixtures("library")
async def test_no_match_is_an_empty_page_with_a_zero_total(container: Container) -> None:
    page = await search(container, "submarine")

    assert page == SearchPage(hits=(), total=0, next=None)


@pytest.mark.usefixtures("library")
async def test_the_excerpt_marks_the_matching_words(container: Container) -> None:
    page = await search(container, "soup")

    snippet = page.hits[0].snippet
    assert f"{MATCH_START}soup{MATCH_END}" in snippet.casefold()
    assert snippet.replace(MATCH_START, "").replace(MATCH_END, "").strip()


@pytest.mark.usefixtures("library")
@pytest.mark.parametrize("limit", [1, 2])
async def test_following_the_cursor_walks_every_match_once_in_rank_order(
    container: Container, limit: int
) -> None:
    everything = await search(container, "wyvern")
    searcher: ArticleSearch = container.article_search()
    terms = SearchTerms.parse("wyvern")

    pages = [await searcher.search(SearchRequest(terms, limit), None)]
    while pages[-1].next is not None:
        after = pages[-1].next
        pages.append(await searcher.search(SearchRequest(terms, limit, after), None))

    assert [t for page in pages for t in titles(page)] == titles(everything)
    assert {page.total for page in pages} == {3}


@pytest.mark.usefixtures("library")
async def test_a_cursor_past_the_last_match_gives_an_empty_page_with_the_total(
    container: Container,
) -> None:
    searcher: ArticleSearch = container.article_search()
    after = RankedPosition(rank=0.0, id=1)

    page = await searcher.search(SearchRequest(SearchTerms.parse("wyvern"), 5, after), None)

    assert page.hits == ()
    assert page.total == 3


async def test_the_index_follows_edits_and_deletions(
    storage: Storage, container: Container, library: User
) -> None:
    await storage.edit_article("garden-diary", library, body="Only roses here now.")
    cooking = await storage.article(library, "Cooking wyvern stew")
    await storage.delete_article(cooking)

    assert set(titles(await search(container, "wyvern"))) == {"Taming a wyvern", "Cooking notes"}
    assert titles(await search(container, "roses")) == ["Garden diary"]


async def test_drafts_and_deleted_articles_never_match(
    storage: Storage, container: Container, library: User
) -> None:
    await storage.article(library, "Wyvern draft", status=ArticleStatus.DRAFT)
    binned = await storage.article(library, "Wyvern binned")
    await storage.delete_article(binned)

    page = await search(container, "wyvern")

    assert set(titles(page)) == {"Taming a wyvern", "Cooking notes", "Garden diary"}
    assert page.total == 3
