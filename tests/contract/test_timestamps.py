"""Timestamps are storage's, set in one place per adapter with the unit of work's clock: a new
entity gets both, a real change moves ``updated_at``, a save that changes nothing moves nothing,
``created_at`` never moves. They come back from every port as the same instant, timezone-aware,
in UTC, to the microsecond."""

from datetime import UTC, datetime, timedelta

from application.ports.queries import ArticleFilter, AuditFilter
from domain.articles.article import Article
from domain.articles.comment import Comment
from domain.articles.values import Slug
from infrastructure.container import Container
from tests.contract.storage import Storage, id_of
from tests.factories import a_user, an_article

WRITTEN = datetime(2026, 3, 4, 5, 6, 7, 891234, tzinfo=UTC)
EDITED = WRITTEN + timedelta(days=1, microseconds=1)
LATER = EDITED + timedelta(days=1)


def assert_utc(*moments: datetime) -> None:
    assert all(moment.utcoffset() == timedelta(0) for moment in moments), moments


async def test_repositories_give_back_utc_timestamps(
    container: Container, storage: Storage
) -> None:
    jake = await storage.user("jake", at=WRITTEN)
    article = await storage.article(jake, "Dragons", at=WRITTEN)
    comment = await storage.comment(article, jake, at=WRITTEN)

    async with container.uow() as uow:
        user = await uow.users.get(id_of(jake))
        found_article = await uow.articles.get_by_slug("dragons")
        found_comment = await uow.comments.get(id_of(comment), id_of(article))

    assert user is not None
    assert found_article is not None
    assert found_comment is not None
    stamps = [
        (entity.created_at, entity.updated_at) for entity in (user, found_article, found_comment)
    ]
    assert stamps == [(WRITTEN, WRITTEN)] * 3
    assert_utc(*(moment for pair in stamps for moment in pair))


async def test_an_edit_moves_updated_at_only(container: Container, storage: Storage) -> None:
    jake = await storage.user("jake", at=WRITTEN)
    await storage.article(jake, "Dragons", at=WRITTEN)

    await storage.edit_article("dragons", jake, now=EDITED, body="Edited")

    view = await container.article_queries().get_article("dragons", viewer_id=None)
    assert view is not None
    assert (view.created_at, view.updated_at) == (WRITTEN, EDITED)
    assert_utc(view.created_at, view.updated_at)


async def test_read_views_give_back_utc_timestamps(container: Container, storage: Storage) -> None:
    jake, fan = await storage.users("jake", "fan")
    article = await storage.article(jake, "Dragons", at=WRITTEN)
    await storage.comment(article, fan, at=WRITTEN)
    await storage.follow(fan, jake)
    articles = container.article_queries()

    single = await articles.get_article("dragons", viewer_id=None)
    listed = (await articles.list_articles(ArticleFilter(), viewer_id=None)).articles[0]
    fed = (await articles.feed(id_of(fan), limit=1, offset=0)).articles[0]
    comments = await container.comment_queries().list_comments("dragons", viewer_id=None)

    assert single is not None
    assert comments is not None
    views = [single, listed, fed, *comments]
    assert [(v.created_at, v.updated_at) for v in views] == [(WRITTEN, WRITTEN)] * 4
    assert_utc(*(moment for v in views for moment in (v.created_at, v.updated_at)))


async def test_adding_stamps_each_new_entity_with_the_unit_of_works_time(
    storage: Storage,
) -> None:
    async with storage.writing(WRITTEN) as uow:
        user = await uow.users.add(a_user("jake"))
        article = await uow.articles.add(an_article(id_of(user), "Dragons"))
        comment = await uow.comments.add(
            Comment.write(article_id=id_of(article), author_id=id_of(user), body="Nice")
        )
        stamped_before_commit = [(e.created_at, e.updated_at) for e in (user, article, comment)]
        await uow.commit()

    assert stamped_before_commit == [(WRITTEN, WRITTEN)] * 3


async def test_a_real_change_moves_updated_at_and_never_created_at(
    container: Container, storage: Storage
) -> None:
    jake = await storage.user("jake", at=WRITTEN)
    article = await storage.article(jake, "Dragons", tags=["dragons"], at=WRITTEN)
    comment = await storage.comment(article, jake, at=WRITTEN)

    await storage.edit_user(jake, now=EDITED, bio="Edited")
    # Tags live outside the article's row: changing only them is still a change.
    await storage.edit_article("dragons", jake, now=EDITED, tags=["wyverns"])
    await storage.delete_comment(comment, at=EDITED)

    async with container.uow() as uow:
        user = await uow.users.get(id_of(jake))
        stored = await uow.articles.get_by_slug("dragons")
    assert user is not None
    assert stored is not None
    assert (user.created_at, user.updated_at) == (WRITTEN, EDITED)
    assert (stored.created_at, stored.updated_at, stored.version) == (WRITTEN, EDITED, 2)
    assert (comment.created_at, comment.updated_at) == (WRITTEN, EDITED)


async def test_a_save_that_changes_nothing_moves_nothing(
    container: Container, storage: Storage
) -> None:
    jake = await storage.user("jake", at=WRITTEN)
    article = await storage.article(jake, "Dragons", tags=["dragons"], at=WRITTEN)
    comment = await storage.comment(article, jake, at=WRITTEN)

    await storage.edit_user(jake, now=EDITED, bio="", image="")
    await storage.edit_article(
        "dragons", jake, now=EDITED, title="Dragons", body="You have to believe", tags=["dragons"]
    )
    async with storage.writing(EDITED) as uow:
        await uow.comments.update(comment)
        await uow.commit()

    async with container.uow() as uow:
        user = await uow.users.get(id_of(jake))
        stored = await uow.articles.get_by_slug("dragons")
        stored_comment = await uow.comments.get(id_of(comment), id_of(article))
    assert user is not None
    assert stored is not None
    assert stored_comment is not None
    stamps = [(e.created_at, e.updated_at) for e in (user, stored, stored_comment)]
    assert stamps == [(WRITTEN, WRITTEN)] * 3
    assert stored.version == 1
    log = await container.audit_queries().list_entries(AuditFilter())
    assert {entry.action for entry in log.entries} == {"create"}


async def test_an_entity_cannot_set_its_own_timestamps(
    container: Container, storage: Storage
) -> None:
    jake = await storage.user("jake", at=WRITTEN)
    await storage.article(jake, "Dragons", at=WRITTEN)
    await storage.article(jake, "Wyverns", at=WRITTEN)

    async with storage.writing(EDITED) as uow:
        edited = await uow.articles.get_by_slug("dragons")
        untouched = await uow.articles.get_by_slug("wyverns")
        assert edited is not None
        assert untouched is not None
        for article in (edited, untouched):
            article.created_at = article.updated_at = LATER
        edited.edit(by=id_of(jake), now=EDITED, body="Edited")
        await uow.articles.update(edited)
        await uow.articles.update(untouched)
        await uow.commit()

    views = [await container.article_queries().get_article(s, None) for s in ("dragons", "wyverns")]
    assert [(v.created_at, v.updated_at) for v in views if v] == [
        (WRITTEN, EDITED),
        (WRITTEN, WRITTEN),
    ]
    assert (edited.created_at, edited.updated_at) == (WRITTEN, EDITED)
    assert (untouched.created_at, untouched.updated_at) == (WRITTEN, WRITTEN)


async def test_an_imported_article_keeps_the_creation_time_it_arrives_with(
    container: Container, storage: Storage
) -> None:
    jake = await storage.user("jake", at=WRITTEN)
    older = WRITTEN - timedelta(days=3650)
    imported = Article.write(
        author_id=id_of(jake),
        title="Old news",
        description="From elsewhere",
        body="Written long ago",
        tags=[],
        slug=Slug.from_title("Old news"),
        now=older,
        import_key="old-1",
        created_at=older,
    )

    await storage.add_article(imported, at=EDITED)

    view = await container.article_queries().get_article("old-news", viewer_id=None)
    assert view is not None
    assert (view.created_at, view.updated_at) == (older, older)
