"""Users and their settings in SQL: Core statements built once (``driver``)."""

from dataclasses import replace
from typing import Any

import sqlalchemy as sa

from application.change_log import ChangeLog
from application.ports import repositories as ports
from application.ports.clock import Clock
from domain.users.settings import NotificationPreferences, UserSettings
from domain.users.user import User
from domain.users.values import Email
from infrastructure.persistence.sqlmodel import driver, mappers
from infrastructure.persistence.sqlmodel.driver import Transaction
from infrastructure.persistence.sqlmodel.keys import storable, storable_id
from infrastructure.persistence.sqlmodel.repositories import (
    dialect_insert,
)
from infrastructure.persistence.sqlmodel.tables import (
    user_settings,
    users,
)


class SqlModelUserRepository(ports.UserRepository):
    """Users through Core statements built once (``driver``), as articles are."""

    def __init__(self, transaction: Transaction, changes: ChangeLog, clock: Clock) -> None:
        self._transaction = transaction
        self._changes = changes
        self._clock = clock
        # What each loaded user was: a save compares with it, and it is the change's "before".
        self._loaded: dict[int, User] = {}

    async def add(self, user: User) -> User:
        now = self._clock.now()
        fields = mappers.user_fields(user) | {"created_at": now, "updated_at": now}
        [row] = await self._transaction.fetch(_INSERT_USER, fields)
        user.id, user.created_at, user.updated_at = row["id"], now, now
        self._changes.added(user)
        return user

    async def get(self, user_id: int) -> User | None:
        if not storable_id(user_id):
            return None
        return await self._one(_USER_BY_ID, {"user_id": user_id})

    async def get_by_email(self, email: Email) -> User | None:
        return await self._one(_USER_BY_EMAIL, {"email": email.value})

    async def get_by_username(self, username: str) -> User | None:
        if not storable(username):
            return None
        return await self._one(_USER_BY_USERNAME, {"username": username})

    async def update(self, user: User) -> None:
        user_id = user.stored_id()
        before = self._loaded.get(user_id) or await self._one(_USER_BY_ID, {"user_id": user_id})
        if before is None:
            return
        # Only storage sets timestamps: the entity gets back those stored.
        user.created_at, user.updated_at = before.created_at, before.updated_at
        fields = mappers.user_fields(user)
        if fields == mappers.user_fields(before):
            return  # the same values again: nothing written, nothing audited
        now = self._clock.now()
        await self._transaction.execute(
            _UPDATE_USER, fields | {"updated_at": now, "user_id": user_id}
        )
        user.updated_at = now
        self._loaded[user_id] = replace(user)
        self._changes.changed(before, user)

    async def _one(self, statement: sa.Select[Any], params: dict[str, Any]) -> User | None:
        rows = await self._transaction.fetch(statement, params)
        if not rows:
            return None
        user = mappers.user_to_domain(rows[0])
        self._loaded[user.stored_id()] = replace(user)
        self._changes.seen(user)
        return user


_USER_FIELDS = ("username", "email", "password_hash", "bio", "image", "token_version", "is_admin")
_USER_ID = sa.bindparam("user_id", type_=sa.Integer)
_USER_BY_ID = sa.select(users).where(users.c.id == _USER_ID)
_USER_BY_EMAIL = sa.select(users).where(users.c.email == sa.bindparam("email"))
_USER_BY_USERNAME = sa.select(users).where(users.c.username == sa.bindparam("username"))
_INSERT_USER = driver.insert_returning_id(users, (*_USER_FIELDS, "created_at", "updated_at"))
_UPDATE_USER = (
    sa.update(users)
    .where(users.c.id == _USER_ID)
    .values(driver.parameters(users, (*_USER_FIELDS, "updated_at")))
)


# One statement tells both whether the user exists and what they saved, if anything.
_SETTINGS = (
    sa.select(users.c.id, user_settings)
    .select_from(users.outerjoin(user_settings, user_settings.c.user_id == users.c.id))
    .where(users.c.id == sa.bindparam("user_id", type_=sa.Integer))
)


class SqlModelUserSettingsRepository(ports.UserSettingsRepository):
    def __init__(self, transaction: Transaction) -> None:
        self._transaction = transaction

    async def get(self, user_id: int) -> UserSettings | None:
        rows = await self._transaction.fetch(_SETTINGS, {"user_id": user_id})
        if not rows:
            return None
        [row] = rows
        if row["user_id"] is None:
            return UserSettings(user_id=user_id)
        return UserSettings(
            user_id=user_id,
            notifications=NotificationPreferences(
                follow=row["notify_on_follow"],
                comment=row["notify_on_comment"],
                favorite=row["notify_on_favorite"],
            ),
            default_language=row["default_language"],
        )

    async def save(self, settings: UserSettings) -> None:
        values = {
            "notify_on_follow": settings.notifications.follow,
            "notify_on_comment": settings.notifications.comment,
            "notify_on_favorite": settings.notifications.favorite,
            "default_language": settings.default_language,
        }
        insert = dialect_insert(self._transaction.dialect, user_settings).values(
            user_id=settings.user_id, **values
        )
        await self._transaction.execute_once(
            insert.on_conflict_do_update(index_elements=["user_id"], set_=values)
        )
