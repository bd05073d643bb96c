"""Each rule is stated once, in the domain; every adapter translates it (the SQL adapter into
query predicates and constraints). These tests ask each adapter and the domain the same
questions and expect the same answers: who reads an article (drafts), whose shelves hold
it (ownership), and who may follow whom."""

from datetime import timedelta

import pytest

from application.ports.queries import ArticleFilter, Shelf
from domain.articles.article import Article, ArticleStatus
from domain.profiles.follow import SelfFollow, ensure_can_follow
from domain.users.user import User
from infrastructure.container import Container
from tests.contract.storage import Storage, id_of
from tests.factories import EPOCH


async def stored_articles(storage: Storage, author: User) -> list[Article]:
    """A published and a draft article, live, and one of each in the author's bin."""
    kinds = [(status, deleted) for deleted in (False, True) for status in ArticleStatus]
    stored = []
    for number, (status, deleted) in enumerate(kinds):
        at = EPOCH + timedelta(minutes=number)
        article = await storage.article(author, f"Rule {number}", at=at, status=status)
        if deleted:
            await storage.delete_article(article, at=at)
            article.deleted_at = at
        stored.append(article)
    return stored


async def test_an_article_is_read_by_exactly_whom_the_domain_lets_read_it(
    container: Container, storage: Storage
) -> None:
    jake, fan = await storage.users("jake", "fan")
    articles = await stored_articles(storage, jake)
    queries = container.article_queries()

    for viewer in (id_of(jake), id_of(fan), None):
        for article in articles:
            expected = article.deleted_at is None and article.is_visible_to(viewer)
            read = await queries.get_article(article.slug.value, viewer)
            assert (read is not None) == expected, (article.slug.value, viewer)


async def test_the_public_lists_hold_exactly_the_articles_the_domain_calls_public(
    container: Container, storage: Storage
) -> None:
    jake, fan = await storage.users("jake", "fan")
    articles = await stored_articles(storage, jake)
    await storage.follow(fan, jake)
    queries = container.article_queries()

    public = sorted(a.slug.value for a in articles if a.is_public)
    listed = await queries.list_articles(ArticleFilter(), id_of(jake))
    feed = await queries.feed(id_of(fan), limit=20, offset=0)

    assert len(public) == 1
    assert sorted(a.slug for a in listed.articles) == public
    assert sorted(a.slug for a in feed.articles) == public


async def test_an_authors_shelves_hold_only_what_the_domain_says_is_theirs(
    container: Container, storage: Storage
) -> None:
    jake, fan = await storage.users("jake", "fan")
    articles = await stored_articles(storage, jake)
    queries = container.article_queries()

    for owner in (id_of(jake), id_of(fan)):
        drafts = await queries.own_articles(owner, Shelf.DRAFTS, limit=20, offset=0)
        deleted = await queries.own_articles(owner, Shelf.DELETED, limit=20, offset=0)
        mine = [a for a in articles if a.is_authored_by(owner)]
        assert sorted(a.slug for a in drafts.articles) == sorted(
            a.slug.value for a in mine if a.deleted_at is None and a.status is ArticleStatus.DRAFT
        )
        assert sorted(a.slug for a in deleted.articles) == sorted(
            a.slug.value for a in mine if a.deleted_at is not None
        )


async def test_following_oneself_is_refused_by_storage_as_by_the_domain(storage: Storage) -> None:
    jake = await storage.user()
    with pytest.raises(SelfFollow) as by_the_domain:
        ensure_can_follow(id_of(jake), id_of(jake))

    with pytest.raises(SelfFollow) as by_storage:
        await storage.follow(jake, jake)

    assert (by_storage.value.field, by_storage.value.message) == (
        by_the_domain.value.field,
        by_the_domain.value.message,
    )
