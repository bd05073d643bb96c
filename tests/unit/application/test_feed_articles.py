"""The feed: articles by followed authors only, newest first, paginated."""

from tests.factories import FixedClock
from tests.unit.application.conduit import Conduit


async def test_the_feed_holds_only_articles_by_followed_authors_newest_first(
    conduit: Conduit, clock: FixedClock
) -> None:
    reader = await conduit.sign_up("reader")
    jake = await conduit.sign_up("jake")
    celeb = await conduit.sign_up("celeb")
    stranger = await conduit.sign_up("stranger")
    await conduit.publish(jake, "Jake one")
    clock.advance(minutes=1)
    await conduit.publish(stranger, "Stranger one")
    clock.advance(minutes=1)
    await conduit.publish(celeb, "Celeb one")
    clock.advance(minutes=1)
    await conduit.publish(jake, "Jake two")
    await conduit.publish(reader, "Reader one")
    await conduit.follow_user.execute("jake", reader)
    await conduit.follow_user.execute("celeb", reader)

    page = await conduit.feed_articles.execute(reader, limit=20, offset=0)

    assert [a.slug for a in page.articles] == ["jake-two", "celeb-one", "jake-one"]
    assert page.total == 3
    assert all(a.author.following and a.body is None for a in page.articles)


async def test_the_feed_is_empty_when_following_nobody(conduit: Conduit) -> None:
    reader = await conduit.sign_up("reader")
    jake = await conduit.sign_up("jake")
    await conduit.publish(jake)
    page = await conduit.feed_articles.execute(reader, limit=20, offset=0)
    assert (page.articles, page.total) == ((), 0)


async def test_the_feed_is_paginated_and_counts_every_match(conduit: Conduit) -> None:
    reader = await conduit.sign_up("reader")
    jake = await conduit.sign_up("jake")
    for title in ["One", "Two", "Three", "Four"]:
        await conduit.publish(jake, title)
    await conduit.follow_user.execute("jake", reader)

    page = await conduit.feed_articles.execute(reader, limit=2, offset=1)

    assert [a.slug for a in page.articles] == ["three", "two"]
    assert page.total == 4


async def test_unfollowing_an_author_takes_their_articles_out_of_the_feed(
    conduit: Conduit,
) -> None:
    reader = await conduit.sign_up("reader")
    jake = await conduit.sign_up("jake")
    await conduit.publish(jake)
    await conduit.follow_user.execute("jake", reader)
    assert (await conduit.feed_articles.execute(reader, limit=20, offset=0)).total == 1
    await conduit.unfollow_user.execute("jake", reader)
    assert (await conduit.feed_articles.execute(reader, limit=20, offset=0)).total == 0
