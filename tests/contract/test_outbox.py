"""Outbox: events are stored with their change or not at all, and leased to one relay at a time."""

from datetime import UTC, datetime, timedelta

import pytest

from application.events import ArticlePublished, EventRecord, UserFollowed
from infrastructure.container import Container
from tests.contract.storage import Storage, id_of
from tests.factories import a_user


class Boom(Exception):
    """Something went wrong after the event was recorded."""


def soon(seconds: float = 1) -> datetime:
    """A moment after every event recorded so far (their times come from their UUIDv7 ids)."""
    return datetime.now(UTC) + timedelta(seconds=seconds)


async def due(container: Container, *, limit: int = 100) -> tuple[EventRecord, ...]:
    now = soon()
    return await container.outbox().lease(limit, now, now + timedelta(seconds=30))


async def record_follow(container: Container, follower: int, followee: int) -> None:
    async with container.uow() as uow:
        await uow.follows.follow(follower, followee)
        uow.record(UserFollowed(follower_id=follower, followee_id=followee))
        await uow.commit()


async def test_a_committed_event_is_in_the_outbox_with_a_uuid7_id(
    container: Container, storage: Storage
) -> None:
    jake, ann = await storage.users("jake", "ann")

    await record_follow(container, id_of(ann), id_of(jake))

    (record,) = await due(container)
    assert record.event == UserFollowed(follower_id=id_of(ann), followee_id=id_of(jake))
    assert record.id[14] == "7", record.id
    assert abs(record.occurred_at - datetime.now(UTC)) < timedelta(seconds=5)


async def record_then_fail(container: Container) -> None:
    async with container.uow() as uow:
        await uow.users.add(a_user("jake"))
        uow.record(UserFollowed(follower_id=1, followee_id=2))
        raise Boom


async def test_events_of_a_rolled_back_unit_of_work_are_not_stored(container: Container) -> None:
    with pytest.raises(Boom):
        await record_then_fail(container)

    async with container.uow() as uow:
        uow.record(UserFollowed(follower_id=3, followee_id=4))
        await uow.rollback()
        await uow.commit()

    assert await due(container) == ()


async def test_leased_events_come_oldest_first_and_are_skipped_by_other_relays(
    container: Container, storage: Storage
) -> None:
    jake, ann, bob = await storage.users("jake", "ann", "bob")
    await record_follow(container, id_of(ann), id_of(jake))
    await record_follow(container, id_of(bob), id_of(jake))

    first = await due(container, limit=1)
    second = await due(container, limit=1)

    assert [r.event.follower_id for r in first + second] == [id_of(ann), id_of(bob)]  # type: ignore[union-attr]
    assert await due(container) == ()


async def test_an_expired_lease_makes_the_event_due_again(
    container: Container, storage: Storage
) -> None:
    jake, ann = await storage.users("jake", "ann")
    await record_follow(container, id_of(ann), id_of(jake))
    now = soon()
    (leased,) = await container.outbox().lease(10, now, now + timedelta(seconds=30))

    later = now + timedelta(seconds=31)
    (again,) = await container.outbox().lease(10, later, later + timedelta(seconds=30))

    assert again.id == leased.id


async def test_a_published_event_is_never_leased_again(
    container: Container, storage: Storage
) -> None:
    jake, ann = await storage.users("jake", "ann")
    await record_follow(container, id_of(ann), id_of(jake))
    (record,) = await due(container)

    await container.outbox().mark_published([record.id], soon())

    much_later = soon(3600)
    assert await container.outbox().lease(10, much_later, much_later) == ()


async def test_a_failed_event_is_due_again_at_its_retry_time(
    container: Container, storage: Storage
) -> None:
    jake, ann = await storage.users("jake", "ann")
    await record_follow(container, id_of(ann), id_of(jake))
    (record,) = await due(container)
    retry_at = soon(60)

    await container.outbox().mark_failed(record.id, "broker down", retry_at)

    assert await container.outbox().lease(10, retry_at - timedelta(seconds=1), retry_at) == ()
    (again,) = await container.outbox().lease(10, retry_at, retry_at + timedelta(seconds=30))
    assert again == record


async def test_events_keep_their_fields_through_the_outbox(
    container: Container, storage: Storage
) -> None:
    jake = await storage.user("jake")
    event = ArticlePublished(
        article_id=7, slug="ünïcode-dragons", title="Ünïcode", author_id=id_of(jake)
    )
    async with container.uow() as uow:
        uow.record(event)
        await uow.commit()

    (record,) = await due(container)

    assert record.event == event


async def test_the_oldest_pending_event_gives_the_relay_lag(
    container: Container, storage: Storage
) -> None:
    jake, ann, bob = await storage.users("jake", "ann", "bob")
    assert await container.outbox().oldest_pending() is None
    await record_follow(container, id_of(ann), id_of(jake))
    await record_follow(container, id_of(bob), id_of(jake))
    first, second = await due(container)

    assert await container.outbox().oldest_pending() == first.occurred_at
    await container.outbox().mark_published([first.id], soon())
    assert await container.outbox().oldest_pending() == second.occurred_at
    await container.outbox().mark_published([second.id], soon())
    assert await container.outbox().oldest_pending() is None
