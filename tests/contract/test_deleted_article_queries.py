"""Read ports and soft deletes: a deleted article or comment vanishes from every public read,
and only its author finds the article on the ``DELETED`` shelf."""

from datetime import timedelta

from application.ports.queries import ArticleFilter, Shelf
from infrastructure.container import Container
from tests.contract.storage import Storage, id_of
from tests.factories import EPOCH


async def test_a_deleted_article_vanishes_from_every_public_read(
    container: Container, storage: Storage
) -> None:
    jake, fan = await storage.users("jake", "fan")
    doomed = await storage.article(jake, "Doomed", tags=["doomed", "shared"])
    await storage.article(jake, "Kept", tags=["shared"], at=EPOCH + timedelta(minutes=1))
    await storage.comment(doomed, fan)
    await storage.favorite(fan, doomed)
    await storage.follow(fan, jake)

    await storage.delete_article(doomed)

    articles = container.article_queries()
    lists = [
        await articles.list_articles(ArticleFilter(), id_of(fan)),
        await articles.list_articles(ArticleFilter(tag="doomed"), None),
        await articles.list_articles(ArticleFilter(author="jake"), None),
        await articles.list_articles(ArticleFilter(favorited_by="fan"), None),
        await articles.feed(id_of(fan), limit=20, offset=0),
    ]
    assert [[a.slug for a in page.articles] for page in lists] == [
        ["kept"],
        [],
        ["kept"],
        [],
        ["kept"],
    ]
    assert [page.total for page in lists] == [1, 0, 1, 0, 1]
    assert await articles.get_article("doomed", id_of(jake)) is None
    assert await container.comment_queries().list_comments("doomed", None) is None
    assert await container.tag_queries().list_tags() == ("shared",)


async def test_the_deleted_shelf_holds_only_the_callers_deleted_articles(
    container: Container, storage: Storage
) -> None:
    jake, other = await storage.users("jake", "other")
    first = await storage.article(jake, "First", at=EPOCH)
    second = await storage.article(jake, "Second", at=EPOCH + timedelta(minutes=1))
    await storage.article(jake, "Live", at=EPOCH + timedelta(minutes=2))
    theirs = await storage.article(other, "Theirs")
    for article in (first, second, theirs):
        await storage.delete_article(article, at=EPOCH + timedelta(hours=1))

    articles = container.article_queries()
    page = await articles.own_articles(id_of(jake), Shelf.DELETED, limit=1, offset=0)
    rest = await articles.own_articles(
        id_of(jake), Shelf.DELETED, limit=1, offset=0, after=page.next
    )

    assert ([a.slug for a in page.articles], page.total) == (["second"], 2)
    assert [a.slug for a in rest.articles] == ["first"]
    assert rest.next is None
    assert page.articles[0].deleted_at == EPOCH + timedelta(hours=1)


async def test_a_deleted_comment_vanishes_from_the_article_comments(
    container: Container, storage: Storage
) -> None:
    jake = await storage.user()
    article = await storage.article(jake)
    doomed = await storage.comment(article, jake, "Doomed")
    await storage.comment(article, jake, "Kept")

    await storage.delete_comment(doomed)

    comments = await container.comment_queries().list_comments(article.slug.value, None)
    assert comments is not None
    assert [c.body for c in comments] == ["Kept"]
