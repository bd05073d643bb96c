"""CommentQueries.list_comments: an article's comments oldest first, with their authors as the
viewer sees them; ``None`` for an unknown slug."""

from datetime import timedelta

from infrastructure.container import Container
from tests.contract.storage import Storage, id_of
from tests.factories import EPOCH


async def test_comments_are_listed_oldest_first_whatever_the_order_they_were_stored_in(
    container: Container, storage: Storage
) -> None:
    jake, fan = await storage.users("jake", "fan")
    article = await storage.article(jake)
    later = await storage.comment(article, fan, "Second", at=EPOCH + timedelta(minutes=2))
    earlier = await storage.comment(article, jake, "First", at=EPOCH + timedelta(minutes=1))
    tied = await storage.comment(article, jake, "Third", at=EPOCH + timedelta(minutes=2))

    comments = await container.comment_queries().list_comments(article.slug.value, None)

    assert comments is not None
    assert [(c.id, c.body, c.author.username) for c in comments] == [
        (earlier.id, "First", "jake"),
        (later.id, "Second", "fan"),
        (tied.id, "Third", "jake"),
    ]
    assert [c.created_at for c in comments] == [EPOCH + timedelta(minutes=m) for m in (1, 2, 2)]


async def test_only_the_articles_own_comments_are_listed(
    container: Container, storage: Storage
) -> None:
    jake = await storage.user()
    article = await storage.article(jake, "One")
    other = await storage.article(jake, "Two")
    await storage.comment(article, jake, "Here")
    await storage.comment(other, jake, "Elsewhere")

    comments = await container.comment_queries().list_comments("one", viewer_id=None)

    assert comments is not None
    assert [c.body for c in comments] == ["Here"]


async def test_an_article_without_comments_has_an_empty_list(
    container: Container, storage: Storage
) -> None:
    await storage.article(await storage.user(), "Quiet")

    assert await container.comment_queries().list_comments("quiet", viewer_id=None) == ()


async def test_an_unknown_slug_has_no_comment_list(container: Container) -> None:
    assert await container.comment_queries().list_comments("unicorns", viewer_id=None) is None


async def test_comment_authors_show_whether_the_viewer_follows_them(
    container: Container, storage: Storage
) -> None:
    jake, fan, celeb = await storage.users("jake", "fan", "celeb")
    article = await storage.article(jake)
    await storage.comment(article, jake, "By the author")
    await storage.comment(article, celeb, "By celeb", at=EPOCH + timedelta(minutes=1))
    await storage.follow(fan, jake)
    queries = container.comment_queries()

    as_fan = await queries.list_comments(article.slug.value, viewer_id=id_of(fan))
    anonymous = await queries.list_comments(article.slug.value, viewer_id=None)

    assert as_fan is not None
    assert anonymous is not None
    assert [(c.author.username, c.author.following) for c in as_fan] == [
        ("jake", True),
        ("celeb", False),
    ]
    assert [c.author.following for c in anonymous] == [False, False]
    assert [(c.author.bio, c.author.image) for c in anonymous] == [("", "")] * 2
