"""Timestamps come back from every port as the same instant, timezone-aware, in UTC, to the
microsecond."""

from datetime import UTC, datetime, timedelta

from application.ports.queries import ArticleFilter
from infrastructure.container import Container
from tests.contract.storage import Storage, id_of

WRITTEN = datetime(2026, 3, 4, 5, 6, 7, 891234, tzinfo=UTC)
EDITED = WRITTEN + timedelta(days=1, microseconds=1)


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
