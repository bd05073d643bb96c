"""Arrange and act through the ports: each helper is one committed unit of work.

Storage stamps what it stores with the container's clock, so each helper writes with the
clock fixed at its ``at=`` / ``now=`` (``EPOCH`` unless told), and puts the clock back after.
"""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime
from typing import Any

from dependency_injector import providers

from application.ports.unit_of_work import UnitOfWork
from domain.articles.article import Article, ArticleStatus
from domain.articles.comment import Comment
from domain.users.user import User
from infrastructure.container import Container
from tests.factories import EPOCH, FixedClock, a_user, an_article


def id_of(stored: User | Article | Comment) -> int:
    assert stored.id is not None, "store it first"
    return stored.id


class Storage:
    def __init__(self, container: Container) -> None:
        self._container = container

    @asynccontextmanager
    async def writing(self, at: datetime = EPOCH) -> AsyncIterator[UnitOfWork]:
        """A unit of work whose writes happen at ``at``."""
        with self._container.clock.override(providers.Object(FixedClock(at))):
            async with self._container.uow() as uow:
                yield uow

    async def add_user(self, user: User, *, at: datetime = EPOCH) -> User:
        async with self.writing(at) as uow:
            await uow.users.add(user)
            await uow.commit()
        return user

    async def user(self, name: str = "jake", *, at: datetime = EPOCH) -> User:
        return await self.add_user(a_user(name), at=at)

    async def users(self, *names: str) -> list[User]:
        return [await self.user(name) for name in names]

    async def edit_user(self, user: User, *, now: datetime = EPOCH, **changes: Any) -> None:
        """Apply ``User.update_profile`` to the stored user and update it."""
        async with self.writing(now) as uow:
            stored = await uow.users.get(id_of(user))
            assert stored is not None
            stored.update_profile(**changes)
            await uow.users.update(stored)
            await uow.commit()

    async def add_article(self, article: Article, *, at: datetime = EPOCH) -> Article:
        async with self.writing(at) as uow:
            await uow.articles.add(article)
            await uow.commit()
        return article

    async def article(
        self,
        author: User,
        title: str = "How to train your dragon",
        *,
        tags: list[str] | None = None,
        at: datetime = EPOCH,
        status: ArticleStatus = ArticleStatus.PUBLISHED,
    ) -> Article:
        return await self.add_article(
            an_article(id_of(author), title, tags=tags, at=at, status=status), at=at
        )

    async def edit_article(
        self, slug: str, by: User, *, now: datetime = EPOCH, **changes: Any
    ) -> None:
        """Apply ``Article.edit`` to the stored article and update it."""
        async with self.writing(now) as uow:
            stored = await uow.articles.get_by_slug(slug)
            assert stored is not None
            stored.edit(by=id_of(by), now=now, **changes)
            await uow.articles.update(stored)
            await uow.commit()

    async def delete_article(self, article: Article, *, at: datetime = EPOCH) -> None:
        """Soft-delete the stored article as its author would."""
        async with self.writing(at) as uow:
            stored = await uow.articles.get_by_slug(article.slug.value)
            assert stored is not None
            stored.delete(by=stored.author_id, now=at)
            await uow.articles.update(stored)
            await uow.commit()

    async def delete_comment(self, comment: Comment, *, at: datetime = EPOCH) -> None:
        async with self.writing(at) as uow:
            comment.delete(by=comment.author_id, now=at)
            await uow.comments.update(comment)
            await uow.commit()

    async def comment(
        self, article: Article, author: User, body: str = "Nice", *, at: datetime = EPOCH
    ) -> Comment:
        comment = Comment.write(article_id=id_of(article), author_id=id_of(author), body=body)
        async with self.writing(at) as uow:
            await uow.comments.add(comment)
            await uow.commit()
        return comment

    async def follow(self, follower: User, followee: User, *, at: datetime = EPOCH) -> None:
        async with self.writing(at) as uow:
            await uow.follows.follow(id_of(follower), id_of(followee))
            await uow.commit()

    async def favorite(self, fan: User, article: Article, *, at: datetime = EPOCH) -> None:
        async with self.writing(at) as uow:
            await uow.favorites.favorite(id_of(fan), id_of(article))
            await uow.commit()
