"""Drafts on every adapter: stored with their status, shown to their author alone, in no list,
feed or tag list, and on the author's ``DRAFTS`` shelf."""

from datetime import timedelta

from application.ports.queries import ArticleFilter, Shelf
from domain.articles.article import ArticleStatus
from infrastructure.container import Container
from tests.contract.storage import Storage, id_of
from tests.factories import EPOCH

DRAFT = ArticleStatus.DRAFT


async def test_status_and_publication_time_round_trip(
    container: Container, storage: Storage
) -> None:
    jake = await storage.user()
    await storage.article(jake, "Draft", status=DRAFT)
    await storage.article(jake, "Public", at=EPOCH + timedelta(minutes=1))

    async with container.uow() as uow:
        draft = await uow.articles.get_by_slug("draft")
        public = await uow.articles.get_by_slug("public")
        assert draft is not None
        assert public is not None
        assert (draft.status, draft.published_at) == (DRAFT, None)
        assert (public.status, public.published_at) == (
            ArticleStatus.PUBLISHED,
            EPOCH + timedelta(minutes=1),
        )
        draft.publish(by=id_of(jake), now=EPOCH + timedelta(hours=1))
        await uow.articles.update(draft)
        await uow.commit()

    async with container.uow() as uow:
        published = await uow.articles.get_by_slug("draft")
    assert published is not None
    assert (published.status, published.published_at) == (
        ArticleStatus.PUBLISHED,
        EPOCH + timedelta(hours=1),
    )


async def test_a_draft_is_in_no_public_read_and_only_its_author_reads_it(
    container: Container, storage: Storage
) -> None:
    jake, fan = await storage.users("jake", "fan")
    draft = await storage.article(jake, "Draft", tags=["secret"], status=DRAFT)
    await storage.article(jake, "Public", tags=["open"], at=EPOCH + timedelta(minutes=1))
    await storage.follow(fan, jake)
    await storage.favorite(jake, draft)

    articles = container.article_queries()
    lists = [
        await articles.list_articles(ArticleFilter(), id_of(jake)),
        await articles.list_articles(ArticleFilter(tag="secret"), id_of(jake)),
        await articles.list_articles(ArticleFilter(author="jake"), id_of(jake)),
        await articles.list_articles(ArticleFilter(favorited_by="jake"), id_of(jake)),
        await articles.feed(id_of(fan), limit=20, offset=0),
    ]
    own = await articles.get_article("draft", id_of(jake))

    assert [[a.slug for a in page.articles] for page in lists] == [
        ["public"],
        [],
        ["public"],
        [],
        ["public"],
    ]
    assert [page.total for page in lists] == [1, 0, 1, 0, 1]
    assert own is not None
    assert own.status is DRAFT
    assert await articles.get_article("draft", id_of(fan)) is None
    assert await articles.get_article("draft", None) is None
    assert await container.comment_queries().list_comments("draft", id_of(fan)) is None
    assert await container.comment_queries().list_comments("draft", id_of(jake)) == ()
    assert await container.tag_queries().list_tags() == ("open",)


async def test_the_drafts_shelf_holds_the_authors_live_drafts_newest_first(
    container: Container, storage: Storage
) -> None:
    jake, other = await storage.users("jake", "other")
    await storage.article(jake, "First", status=DRAFT, at=EPOCH)
    await storage.article(jake, "Second", status=DRAFT, at=EPOCH + timedelta(minutes=1))
    binned = await storage.article(jake, "Binned", status=DRAFT, at=EPOCH + timedelta(minutes=2))
    await storage.article(jake, "Public")
    await storage.article(other, "Theirs", status=DRAFT)
    await storage.delete_article(binned)

    articles = container.article_queries()
    drafts = await articles.own_articles(id_of(jake), Shelf.DRAFTS, limit=20, offset=0)
    deleted = await articles.own_articles(id_of(jake), Shelf.DELETED, limit=20, offset=0)

    assert ([a.slug for a in drafts.articles], drafts.total) == (["second", "first"], 2)
    assert all(a.status is DRAFT for a in drafts.articles)
    assert [a.slug for a in deleted.articles] == ["binned"]
