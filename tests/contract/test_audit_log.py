"""The audit trail on every adapter: each write of an article, comment or user appends one
entry (who, what, when, before and after) in the write's own transaction; the read port pages
it newest first and filters by entity and actor."""

import contextlib
from datetime import UTC, datetime, timedelta

from application.events import ArticlePublished
from application.ports.queries import AuditFilter
from infrastructure.container import Container
from tests.contract.storage import Storage, id_of
from tests.factories import EPOCH, a_user, an_article


async def entries(container: Container, **filters: object) -> list[tuple[str, str, str | None]]:
    page = await container.audit_queries().list_entries(AuditFilter(**filters))  # type: ignore[arg-type]
    return [(e.entity, e.action, e.actor) for e in page.entries]


async def test_every_write_appends_an_entry_newest_first(
    container: Container, storage: Storage
) -> None:
    jake, fan = await storage.users("jake", "fan")
    article = await storage.article(jake, "Dragons")
    await storage.edit_article("dragons", jake, title="Wyverns")
    comment = await storage.comment(article, fan)
    await storage.delete_comment(comment)
    await storage.delete_article(article)

    assert await entries(container) == [
        ("article", "delete", "jake"),
        ("comment", "delete", "fan"),
        ("comment", "create", "fan"),
        ("article", "update", "jake"),
        ("article", "create", "jake"),
        ("user", "create", "fan"),
        ("user", "create", "jake"),
    ]
    page = await container.audit_queries().list_entries(AuditFilter(entity="article", limit=2))
    update = page.entries[1]
    assert update.entity_id == str(id_of(article))
    assert update.before is not None
    assert update.after is not None
    assert (update.before["title"], update.after["title"]) == ("Dragons", "Wyverns")
    assert (update.before["version"], update.after["version"]) == (1, 2)
    assert update.occurred_at is not None


async def test_the_log_filters_by_entity_and_actor_and_pages_by_cursor(
    container: Container, storage: Storage
) -> None:
    jake, fan = await storage.users("jake", "fan")
    for title in ("One", "Two", "Three"):
        await storage.article(jake, title)
    await storage.article(fan, "Theirs")

    first = await container.audit_queries().list_entries(
        AuditFilter(entity="article", actor="jake", limit=2)
    )
    rest = await container.audit_queries().list_entries(
        AuditFilter(entity="article", actor="jake", limit=2, after=first.next)
    )

    titles = [e.after["title"] for e in first.entries + rest.entries if e.after]
    assert titles == ["Three", "Two", "One"]
    assert rest.next is None
    assert await entries(container, actor="nobody") == []
    assert await entries(container, entity="user") == [
        ("user", "create", "fan"),
        ("user", "create", "jake"),
    ]


async def test_a_write_that_rolls_back_leaves_no_entry(
    container: Container, storage: Storage
) -> None:
    await storage.user("jake")

    async with container.uow() as uow:
        await uow.users.add(a_user("ghost"))
        await uow.rollback()

    assert await entries(container) == [("user", "create", "jake")]


async def test_a_purge_is_logged_as_the_systems(container: Container, storage: Storage) -> None:
    jake = await storage.user("jake")
    article = await storage.article(jake, "Old")
    await storage.delete_article(article, at=EPOCH)

    async with container.uow() as uow:
        await uow.articles.purge_deleted(EPOCH + timedelta(days=1), limit=10)
        await uow.commit()

    page = await container.audit_queries().list_entries(AuditFilter(limit=1))
    purge = page.entries[0]
    assert (purge.action, purge.actor, purge.after) == ("purge", None, None)
    assert purge.before is not None
    assert purge.before["slug"] == "old"


async def test_follows_and_favorites_are_logged_once_per_change(
    container: Container, storage: Storage
) -> None:
    jake, fan = await storage.users("jake", "fan")
    article = await storage.article(jake)
    for _ in range(2):
        await storage.follow(fan, jake)
        await storage.favorite(fan, article)
    async with container.uow() as uow:
        await uow.follows.unfollow(id_of(fan), id_of(jake))
        await uow.follows.unfollow(id_of(fan), id_of(jake))
        await uow.favorites.unfavorite(id_of(fan), id_of(article))
        await uow.commit()

    assert await entries(container, actor="fan") == [
        ("favorite", "delete", "fan"),
        ("follow", "delete", "fan"),
        ("favorite", "create", "fan"),
        ("follow", "create", "fan"),
        ("user", "create", "fan"),
    ]
    page = await container.audit_queries().list_entries(AuditFilter(entity="follow", limit=1))
    assert page.entries[0].before == {"followerId": id_of(fan), "followeeId": id_of(jake)}


class Undone(Exception):
    pass


async def test_a_savepoint_that_rolls_back_takes_its_entries_and_events_with_it(
    container: Container, storage: Storage
) -> None:
    jake = await storage.user("jake")

    async with container.uow() as uow:
        kept = await uow.articles.add(an_article(id_of(jake), "Kept"))
        with contextlib.suppress(Undone):
            async with uow.savepoint():
                await uow.articles.add(an_article(id_of(jake), "Undone"))
                raise Undone
        await uow.commit()

    assert await entries(container, entity="article") == [("article", "create", "jake")]
    now = datetime.now(UTC) + timedelta(seconds=1)
    leased = await container.outbox().lease(10, now, now + timedelta(seconds=30))
    assert [record.event for record in leased] == [
        ArticlePublished(id_of(kept), "kept", "Kept", id_of(jake))
    ]
