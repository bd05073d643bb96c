"""Follows and favorites in SQL: pairs of ids with the time each was made."""

import functools
from dataclasses import asdict
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from application.change_log import ChangeLog
from application.ports import repositories as ports
from application.ports.clock import Clock
from domain.articles.favorite import Favorite
from domain.profiles.follow import Follow
from infrastructure.persistence.sqlmodel import driver
from infrastructure.persistence.sqlmodel.driver import Transaction
from infrastructure.persistence.sqlmodel.repositories import (
    dialect_insert,
)
from infrastructure.persistence.sqlmodel.tables import (
    favorites,
    follows,
)


class _SqlLinks:
    """A table of id pairs with the time each was made (``_table``, its columns named like the
    relation's fields); a link made twice or undone twice changes nothing the second time."""

    _table: sa.Table

    def __init__(self, transaction: Transaction, changes: ChangeLog, clock: Clock) -> None:
        self._transaction = transaction
        self._changes = changes
        self._clock = clock

    async def _link(self, relation: Follow | Favorite) -> None:
        row = asdict(relation) | {"created_at": self._clock.now()}
        if self._transaction.dialect == "postgresql":
            linked = await self._transaction.execute(_link_statement(self._table), row)
        else:
            # Built per link: MariaDB's form for a table with foreign keys embeds the values.
            insert = dialect_insert(self._transaction.dialect, self._table).values(**row)
            linked = await self._transaction.execute_once(insert.on_conflict_do_nothing())
        if linked:
            self._changes.linked(relation)

    async def _unlink(self, relation: Follow | Favorite) -> None:
        unlink = _unlink_statement(self._table)
        if await self._transaction.execute(unlink, asdict(relation)):
            self._changes.unlinked(relation)


def _pair(table: sa.Table) -> tuple[sa.Column[Any], ...]:
    return tuple(column for column in table.primary_key.columns)


@functools.cache
def _link_statement(table: sa.Table) -> sa.Insert:
    """PostgreSQL's INSERT of a pair and its time, skipped when the pair is stored."""
    columns = (*(column.name for column in _pair(table)), "created_at")
    return (
        postgresql.insert(table).values(driver.parameters(table, columns)).on_conflict_do_nothing()
    )


@functools.cache
def _unlink_statement(table: sa.Table) -> sa.Delete:
    return sa.delete(table).where(
        *(column == sa.bindparam(column.name, type_=column.type) for column in _pair(table))
    )


class SqlModelFollowRepository(_SqlLinks, ports.FollowRepository):
    _table = follows

    async def follow(self, follower_id: int, followee_id: int) -> None:
        await self._link(Follow(follower_id, followee_id))

    async def unfollow(self, follower_id: int, followee_id: int) -> None:
        await self._unlink(Follow(follower_id, followee_id))


class SqlModelFavoriteRepository(_SqlLinks, ports.FavoriteRepository):
    _table = favorites

    async def favorite(self, user_id: int, article_id: int) -> None:
        await self._link(Favorite(user_id, article_id))

    async def unfavorite(self, user_id: int, article_id: int) -> None:
        await self._unlink(Favorite(user_id, article_id))
