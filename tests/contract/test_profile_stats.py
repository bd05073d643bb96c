"""Profile statistics on every adapter: counts, the rank by favorites received (ties share a
place, as RANK() does), and the top tags with counts."""

import pytest

from application.read_models import ProfileStatsView, TagCount
from domain.articles.article import ArticleStatus
from infrastructure.container import Container
from tests.contract.storage import Storage


@pytest.fixture
async def community(storage: Storage) -> None:
    """ada: 3 articles, 4 favorites received; grace: 2 articles, 4 favorites; linus: 1
    article, 1 favorite; reader: nothing written, 2 comments, follows ada and grace."""
    ada, grace, linus, reader = await storage.users("ada", "grace", "linus", "reader")
    ada_articles = [
        await storage.article(ada, "Ada one", tags=["math", "engines", "notes"]),
        await storage.article(ada, "Ada two", tags=["math", "engines"]),
        await storage.article(ada, "Ada three", tags=["math", "zebra", "alpha", "beta", "c"]),
    ]
    grace_articles = [
        await storage.article(grace, "Grace one", tags=["cobol"]),
        await storage.article(grace, "Grace two", tags=["cobol", "navy"]),
    ]
    linus_article = await storage.article(linus, "Linus one", tags=[])
    for fan in (grace, linus, reader):
        await storage.favorite(fan, ada_articles[0])
    await storage.favorite(reader, ada_articles[1])
    for fan in (ada, linus):
        for article in grace_articles:
            await storage.favorite(fan, article)
    await storage.favorite(reader, linus_article)
    await storage.comment(ada_articles[0], reader, "First")
    await storage.comment(grace_articles[0], reader, "Second")
    await storage.comment(grace_articles[0], ada, "Third")
    await storage.follow(reader, ada)
    await storage.follow(reader, grace)
    await storage.follow(grace, ada)


@pytest.mark.usefixtures("community")
async def test_an_author_s_stats_count_what_they_wrote_and_received(
    container: Container,
) -> None:
    stats = await container.profile_queries().get_stats("ada")

    assert stats == ProfileStatsView(
        username="ada",
        articles=3,
        comments=1,
        favorites_received=4,
        followers=2,
        favorites_rank=1,
        top_tags=(
            TagCount("math", 3),
            TagCount("engines", 2),
            TagCount("alpha", 1),
            TagCount("beta", 1),
            TagCount("c", 1),
        ),
    )


@pytest.mark.usefixtures("community")
async def test_equal_favorites_share_a_rank_and_the_next_place_is_skipped(
    container: Container,
) -> None:
    queries = container.profile_queries()

    ranks = {name: (await queries.get_stats(name)) for name in ("ada", "grace", "linus", "reader")}

    assert {name: s.favorites_rank for name, s in ranks.items() if s} == {
        "ada": 1,
        "grace": 1,
        "linus": 3,
        "reader": 4,
    }


@pytest.mark.usefixtures("community")
async def test_a_user_who_wrote_nothing_has_zero_counts_and_no_tags(
    container: Container,
) -> None:
    stats = await container.profile_queries().get_stats("reader")

    assert stats is not None
    assert (stats.articles, stats.comments, stats.favorites_received, stats.followers) == (
        0,
        2,
        0,
        0,
    )
    assert stats.top_tags == ()


async def test_an_unknown_username_has_no_stats(container: Container) -> None:
    assert await container.profile_queries().get_stats("nobody") is None


async def test_drafts_deleted_articles_and_deleted_comments_do_not_count(
    storage: Storage, container: Container
) -> None:
    ada, fan = await storage.users("ada", "fan")
    public = await storage.article(ada, "Public", tags=["kept"])
    draft = await storage.article(ada, "Draft", tags=["hidden"], status=ArticleStatus.DRAFT)
    binned = await storage.article(ada, "Binned", tags=["hidden"])
    for article in (public, binned):
        await storage.favorite(fan, article)
        await storage.comment(article, ada, "On it")
    await storage.comment(draft, ada, "On my draft")
    await storage.delete_comment(await storage.comment(public, ada, "Regret"))
    await storage.delete_article(binned)

    stats = await container.profile_queries().get_stats("ada")

    assert stats is not None
    assert (stats.articles, stats.comments, stats.favorites_received) == (1, 1, 1)
    assert stats.top_tags == (TagCount("kept", 1),)
