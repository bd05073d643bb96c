"""CommentRepository: comments by id on their own article; soft deletes hide only that
comment until a purge removes it."""

from datetime import timedelta

from domain.articles.comment import Comment
from infrastructure.container import Container
from tests.contract.storage import Storage, id_of
from tests.factories import EPOCH


async def test_adding_comments_gives_each_its_own_id(
    container: Container, storage: Storage
) -> None:
    jake = await storage.user()
    article = await storage.article(jake)
    first = Comment.write(article_id=id_of(article), author_id=id_of(jake), body="One")
    second = Comment.write(article_id=id_of(article), author_id=id_of(jake), body="Two")

    async with container.uow() as uow:
        assert await uow.comments.add(first) is first
        await uow.comments.add(second)
        await uow.commit()

    assert isinstance(first.id, int)
    assert isinstance(second.id, int)
    assert first.id != second.id


async def test_a_stored_comment_comes_back_on_its_article(
    container: Container, storage: Storage
) -> None:
    jake, fan = await storage.users("jake", "fan")
    article = await storage.article(jake)
    stored = await storage.comment(article, fan, "Great read")

    async with container.uow() as uow:
        found = await uow.comments.get(id_of(stored), id_of(article))

    assert found is not None
    assert (found.id, found.body, found.article_id, found.author_id) == (
        stored.id,
        "Great read",
        article.id,
        fan.id,
    )
    assert (found.created_at, found.updated_at) == (EPOCH, EPOCH)


async def test_a_comment_asked_for_on_another_article_or_unknown_is_none(
    container: Container, storage: Storage
) -> None:
    jake = await storage.user()
    article = await storage.article(jake, "One")
    other = await storage.article(jake, "Two")
    stored = await storage.comment(article, jake)

    async with container.uow() as uow:
        assert await uow.comments.get(id_of(stored), id_of(other)) is None
        assert await uow.comments.get(id_of(stored) + 1000, id_of(article)) is None


async def test_a_deleted_comment_is_gone_until_purged_and_others_stay(
    container: Container, storage: Storage
) -> None:
    jake = await storage.user()
    article = await storage.article(jake)
    doomed = await storage.comment(article, jake, "Doomed")
    kept = await storage.comment(article, jake, "Kept")

    await storage.delete_comment(doomed, at=EPOCH)

    async with container.uow() as uow:
        assert await uow.comments.get(id_of(doomed), id_of(article)) is None
        assert await uow.comments.get(id_of(kept), id_of(article)) is not None
        assert await uow.comments.count_deleted(EPOCH) == 0
        assert await uow.comments.count_deleted(EPOCH + timedelta(seconds=1)) == 1
        assert await uow.comments.purge_deleted(EPOCH + timedelta(seconds=1), limit=10) == 1
        await uow.commit()

    async with container.uow() as uow:
        assert await uow.comments.count_deleted(EPOCH + timedelta(days=1)) == 0
        assert await uow.comments.get(id_of(kept), id_of(article)) is not None
