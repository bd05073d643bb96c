"""The relay's handler and the notification reads, on every backend."""

import asyncio
from collections.abc import Sequence
from datetime import timedelta

from dependency_injector import providers

from application.articles.create_article import CreateArticleCommand
from application.comments.add_comment import AddCommentCommand
from application.events import Delivery
from application.ports.notifications import Addressed, Notice, NotificationRepository
from domain.articles.article import ArticleStatus
from domain.users.user import User
from infrastructure.container import Container
from tests.contract.storage import Storage, id_of
from tests.factories import EPOCH


class BrokerDown(Exception):
    """The broker refused the publication."""


class FailingPublisher:
    def __init__(self) -> None:
        self.attempts = 0

    async def publish(self, delivery: Delivery) -> None:
        self.attempts += 1
        raise BrokerDown(delivery.record.id)


class RefusingNotices:
    """Stores notices through the real repository, but refuses any batch holding ``title``'s."""

    def __init__(self, repository: NotificationRepository, title: str) -> None:
        self._repository = repository
        self._title = title
        self.refused = 0

    async def store(self, batch: Sequence[Addressed]) -> dict[str, tuple[int, ...]]:
        if any(item.notice.article_title == self._title for item in batch):
            self.refused += 1
            raise BrokerDown(self._title)
        return await self._repository.store(batch)


async def publish_article(container: Container, author: User, title: str = "Dragons") -> str:
    view = await container.create_article().execute(
        CreateArticleCommand(author_id=id_of(author), title=title, description="d", body="b")
    )
    return view.slug


async def relay(container: Container) -> int:
    return await container.relay_outbox().execute()


async def kinds_for(container: Container, user: User) -> list[tuple[str, str]]:
    page = await container.notification_queries().newest(id_of(user), 100, None)
    return [(n.kind, n.actor.username) for n in page.notifications]


def a_notice(event_id: str, actor: User, kind: str = "article_published") -> Notice:
    return Notice(
        event_id=event_id,
        kind=kind,
        actor_id=id_of(actor),
        article_slug="dragons",
        article_title="Dragons",
        created_at=EPOCH,
    )


async def test_a_new_article_notifies_each_follower_of_its_author(
    container: Container, storage: Storage
) -> None:
    jake, ann, bob, eve = await storage.users("jake", "ann", "bob", "eve")
    await storage.follow(ann, jake)
    await storage.follow(bob, jake)

    await publish_article(container, jake)
    assert await relay(container) == 1

    assert await kinds_for(container, ann) == [("article_published", "jake")]
    assert await kinds_for(container, bob) == [("article_published", "jake")]
    assert await kinds_for(container, eve) == []
    assert await kinds_for(container, jake) == []


async def test_comments_and_favorites_notify_the_article_author_but_not_for_their_own(
    container: Container, storage: Storage
) -> None:
    jake, ann = await storage.users("jake", "ann")
    slug = await publish_article(container, jake)
    await container.add_comment().execute(AddCommentCommand(slug, id_of(ann), "Great"))
    await container.add_comment().execute(AddCommentCommand(slug, id_of(jake), "Thanks"))
    await container.favorite_article().execute(slug, id_of(ann))
    await container.favorite_article().execute(slug, id_of(jake))

    await relay(container)

    page = await container.notification_queries().newest(id_of(jake), 100, None)
    assert [(n.kind, n.actor.username, n.comment_body) for n in page.notifications] == [
        ("article_favorited", "ann", None),
        ("comment_added", "ann", "Great"),
    ]
    assert {n.article_slug for n in page.notifications} == {slug}


async def test_a_notice_to_followers_reaches_only_those_who_followed_by_its_time(
    container: Container, storage: Storage
) -> None:
    jake, ann, bob = await storage.users("jake", "ann", "bob")
    await storage.follow(ann, jake, at=EPOCH)
    await storage.follow(bob, jake, at=EPOCH + timedelta(seconds=1))

    held = await container.notification_repository().store(
        [Addressed(a_notice("e-1", jake), id_of(jake), followers=True)]
    )

    assert held == {"e-1": (id_of(ann),)}
    assert await kinds_for(container, bob) == []


async def test_storing_a_notice_twice_notifies_once(container: Container, storage: Storage) -> None:
    jake, ann = await storage.users("jake", "ann")
    await storage.follow(ann, jake)
    repository = container.notification_repository()

    to_followers = Addressed(a_notice("e-1", jake), id_of(jake), followers=True)
    first = await repository.store([to_followers])
    second = await repository.store([to_followers, to_followers])
    direct = await repository.store([Addressed(a_notice("e-1", jake), id_of(ann))])

    assert first == second == direct == {"e-1": (id_of(ann),)}
    assert await kinds_for(container, ann) == [("article_published", "jake")]


async def test_a_batch_stores_each_notice_for_its_recipients_and_says_who_holds_it(
    container: Container, storage: Storage
) -> None:
    jake, ann, bob = await storage.users("jake", "ann", "bob")
    await storage.follow(ann, jake)
    await storage.follow(bob, jake)

    holders = await container.notification_repository().store(
        [
            Addressed(a_notice("e-1", jake), id_of(jake), followers=True),
            Addressed(a_notice("e-2", ann), id_of(jake)),
            Addressed(a_notice("e-3", bob), id_of(bob), followers=True),
        ]
    )

    assert holders == {"e-1": tuple(sorted((id_of(ann), id_of(bob)))), "e-2": (id_of(jake),)}
    assert await kinds_for(container, jake) == [("article_published", "ann")]


async def test_notifications_page_newest_first_and_resume_oldest_first(
    container: Container, storage: Storage
) -> None:
    jake, ann = await storage.users("jake", "ann")
    repository = container.notification_repository()
    for number in range(5):
        await repository.store([Addressed(a_notice(f"e-{number}", jake), id_of(ann))])
    queries = container.notification_queries()

    first = await queries.newest(id_of(ann), 2, None)
    second = await queries.newest(id_of(ann), 2, first.next)
    last = await queries.newest(id_of(ann), 2, second.next)
    ids = [n.id for page in (first, second, last) for n in page.notifications]

    assert ids == sorted(ids, reverse=True)
    assert len(set(ids)) == 5
    assert last.next is None
    missed = await queries.since(id_of(ann), ids[3], 10)
    assert [n.id for n in missed] == [ids[2], ids[1], ids[0]]


async def test_the_relay_publishes_each_event_with_whom_it_notified(
    container: Container, storage: Storage
) -> None:
    jake, ann = await storage.users("jake", "ann")
    await storage.follow(ann, jake)
    await publish_article(container, jake)

    async with container.event_bus().subscribe() as deliveries:
        await relay(container)
        delivery = await anext(deliveries)

    assert delivery.notified == (id_of(ann),)
    assert delivery.record.event.slug == "dragons"  # type: ignore[union-attr]
    assert await relay(container) == 0


async def test_an_event_whose_publishing_fails_is_retried_and_notifies_once(
    container: Container, storage: Storage
) -> None:
    jake, ann = await storage.users("jake", "ann")
    await storage.follow(ann, jake)
    await publish_article(container, jake)
    failing = FailingPublisher()
    settings = container.settings().model_copy(update={"relay_retry_seconds": 0.01})
    container.settings.override(providers.Object(settings))

    with container.event_bus.override(providers.Object(failing)):
        assert await relay(container) == 1
    assert failing.attempts == 1

    async with container.event_bus().subscribe() as deliveries:
        await asyncio.sleep(0.02)
        assert await relay(container) == 1
        delivery = await anext(deliveries)

    assert delivery.notified == (id_of(ann),)
    assert await kinds_for(container, ann) == [("article_published", "jake")]
    assert await relay(container) == 0


async def test_an_event_whose_notice_cannot_be_stored_holds_back_no_other_of_its_batch(
    container: Container, storage: Storage
) -> None:
    jake, ann = await storage.users("jake", "ann")
    await storage.follow(ann, jake)
    for title in ("First", "Poison", "Last"):
        await publish_article(container, jake, title)
    refusing = RefusingNotices(container.notification_repository(), "Poison")

    with container.notification_repository.override(providers.Object(refusing)):
        assert await relay(container) == 3

    assert refusing.refused == 2, "the batch, then the event alone"
    titles = {
        n.article_title
        for n in (await container.notification_queries().newest(id_of(ann), 10, None)).notifications
    }
    assert titles == {"First", "Last"}
    assert await container.outbox().oldest_pending() is not None, "the refused event waits"


async def test_a_draft_notifies_nobody_until_it_is_published(
    container: Container, storage: Storage
) -> None:
    jake, ann = await storage.users("jake", "ann")
    await storage.follow(ann, jake)
    draft = await container.create_article().execute(
        CreateArticleCommand(
            author_id=id_of(jake),
            title="Secret",
            description="d",
            body="b",
            status=ArticleStatus.DRAFT,
        )
    )
    await relay(container)
    assert await kinds_for(container, ann) == []

    await container.publish_article().execute(draft.slug, id_of(jake))
    await relay(container)

    assert await kinds_for(container, ann) == [("article_published", "jake")]


async def test_the_relay_reports_how_long_the_oldest_event_has_waited(
    container: Container, storage: Storage
) -> None:
    jake = await storage.user("jake")
    assert await container.relay_outbox().lag() == timedelta(0)
    await publish_article(container, jake)
    await asyncio.sleep(0.01)

    waited = await container.relay_outbox().lag()
    await relay(container)

    assert timedelta(0) < waited < timedelta(seconds=30)
    assert await container.relay_outbox().lag() == timedelta(0)
