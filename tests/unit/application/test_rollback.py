"""A use case that fails leaves the store exactly as it was, and free for the next one."""

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import pytest

from application.articles.create_article import CreateArticle, CreateArticleCommand
from application.articles.update_article import UpdateArticleCommand
from application.comments.add_comment import AddComment, AddCommentCommand
from application.profiles.follow_user import FollowUser
from application.users.register_user import RegisterUser, RegisterUserCommand
from application.users.update_current_user import UpdateUserCommand
from domain.shared.errors import DomainError
from infrastructure.persistence.memory.unit_of_work import InMemoryUnitOfWork
from tests.factories import PASSWORD
from tests.unit.application.wiring import Conduit


class StorageFailed(Exception):
    """The storage went away at the worst moment: during commit."""


class CommitFailingUnitOfWork(InMemoryUnitOfWork):
    async def commit(self) -> None:
        raise StorageFailed("connection lost")


@dataclass(frozen=True)
class World:
    """jake wrote an article that fan commented on, favored, and whose author fan follows."""

    conduit: Conduit
    jake: int
    fan: int
    slug: str


async def populated(conduit: Conduit) -> World:
    jake = await conduit.sign_up("jake")
    fan = await conduit.sign_up("fan")
    slug = await conduit.publish(jake, tags=["dragons"])
    await conduit.comment(slug, fan)
    await conduit.favorite_article.execute(slug, fan)
    await conduit.follow_user.execute("jake", fan)
    return World(conduit, jake, fan, slug)


Failure = Callable[[World], Awaitable[Any]]

FAILURES: dict[str, Failure] = {
    "register-taken-email": lambda w: w.conduit.register_user.execute(
        RegisterUserCommand("newcomer", "JAKE@example.com", PASSWORD)
    ),
    "update-user-taken-username": lambda w: w.conduit.update_current_user.execute(
        UpdateUserCommand(user_id=w.fan, username="jake", bio="changed")
    ),
    "edit-by-stranger": lambda w: w.conduit.update_article.execute(
        UpdateArticleCommand(slug=w.slug, editor_id=w.fan, title="Hijacked")
    ),
    "edit-with-too-many-tags": lambda w: w.conduit.update_article.execute(
        UpdateArticleCommand(
            slug=w.slug, editor_id=w.jake, title="New", tags=[f"t{n}" for n in range(21)]
        )
    ),
    "delete-article-by-stranger": lambda w: w.conduit.delete_article.execute(w.slug, w.fan),
    "delete-comment-by-stranger": lambda w: w.conduit.delete_comment.execute(
        w.slug, next(iter(w.conduit.store.committed.comments)), w.jake
    ),
    "self-follow": lambda w: w.conduit.follow_user.execute("fan", w.fan),
    "favorite-unknown": lambda w: w.conduit.favorite_article.execute("nope", w.fan),
}


@pytest.mark.parametrize("failure", FAILURES.values(), ids=FAILURES.keys())
async def test_a_refused_use_case_leaves_the_store_as_it_was(
    conduit: Conduit, failure: Failure
) -> None:
    world = await populated(conduit)
    committed = conduit.store.committed
    before = conduit.snapshot()

    with pytest.raises(DomainError):
        await failure(world)

    assert conduit.store.committed is committed
    assert conduit.snapshot() == before


async def test_writes_before_a_failed_commit_are_rolled_back(conduit: Conduit) -> None:
    world = await populated(conduit)
    jake, fan, slug = world.jake, world.fan, world.slug
    before = conduit.snapshot()
    failing = CommitFailingUnitOfWork(conduit.store, conduit.clock)
    use_cases: list[Callable[[], Awaitable[Any]]] = [
        lambda: RegisterUser(failing, conduit.hasher, conduit.tokens).execute(
            RegisterUserCommand("newcomer", "newcomer@example.com", PASSWORD)
        ),
        lambda: CreateArticle(failing, conduit.clock).execute(
            CreateArticleCommand(author_id=jake, title="New", description="", body="Body")
        ),
        lambda: AddComment(failing).execute(
            AddCommentCommand(slug=slug, author_id=fan, body="Lost")
        ),
        lambda: FollowUser(failing).execute("fan", jake),
    ]

    for run in use_cases:
        with pytest.raises(StorageFailed):
            await run()

    assert conduit.snapshot() == before


async def test_a_failed_use_case_leaves_the_store_free_for_the_next_one(conduit: Conduit) -> None:
    world = await populated(conduit)
    with pytest.raises(DomainError):
        await conduit.delete_article.execute(world.slug, world.fan)

    await asyncio.wait_for(conduit.delete_article.execute(world.slug, world.jake), timeout=1)

    assert [a.deleted_at for a in conduit.store.committed.articles.values()] == [
        conduit.clock.now()
    ]
