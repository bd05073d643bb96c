"""The tables' constraints, the last line of defence: a write that slipped past the domain's
rules is refused with the same clear domain error on every adapter, and changes nothing."""

from collections.abc import Awaitable, Callable
from dataclasses import replace

import pytest

from application.ports.unit_of_work import UnitOfWork
from domain.articles.comment import Comment
from domain.shared.errors import AlreadyExists, InvalidValue
from infrastructure.container import Container
from tests.contract.storage import Storage, id_of
from tests.factories import a_user, an_article


async def committed(container: Container, write: Callable[[UnitOfWork], Awaitable[object]]) -> None:
    async with container.uow() as uow:
        await write(uow)
        await uow.commit()


async def test_a_blank_title_is_refused_as_the_title_at_fault(
    container: Container, storage: Storage
) -> None:
    jake = await storage.user()
    blank = replace(an_article(id_of(jake), "Dragons"), title="   ")

    with pytest.raises(InvalidValue) as refused:
        await committed(container, lambda uow: uow.articles.add(blank))

    assert (refused.value.field, refused.value.message) == ("title", "title can't be blank")
    async with container.uow() as uow:
        assert await uow.articles.get_by_slug("dragons") is None


async def test_a_blank_title_on_update_is_refused(container: Container, storage: Storage) -> None:
    jake = await storage.user()
    await storage.article(jake, "Dragons")

    async def blank_the_title(uow: UnitOfWork) -> None:
        article = await uow.articles.get_by_slug("dragons")
        assert article is not None
        article.title = ""
        await uow.articles.update(article)

    with pytest.raises(InvalidValue) as refused:
        await committed(container, blank_the_title)

    assert refused.value.field == "title"


async def test_a_blank_comment_is_refused(container: Container, storage: Storage) -> None:
    jake = await storage.user()
    article = await storage.article(jake)
    blank = Comment(
        body=" ",
        article_id=id_of(article),
        author_id=id_of(jake),
    )

    with pytest.raises(InvalidValue) as refused:
        await committed(container, lambda uow: uow.comments.add(blank))

    assert refused.value.field == "body"


async def test_a_taken_username_is_refused_by_name(container: Container, storage: Storage) -> None:
    await storage.user("jake")
    twin = replace(a_user("jake"), email=a_user("other").email)

    with pytest.raises(AlreadyExists) as refused:
        await committed(container, lambda uow: uow.users.add(twin))

    assert refused.value.field == "username"
