"""SQL repositories: they write in the unit of work's transaction and never commit.

Users, articles, comments and links go through Core statements built once (``driver``: sent by
asyncpg itself on PostgreSQL, through the session elsewhere); no ORM row stands behind an entity.
A few rarer statements (a purge's batch, an import's keys, saved settings) are built per call
and run through the session.
"""

import functools
from collections.abc import Callable, Collection, Sequence
from dataclasses import asdict, replace
from datetime import datetime
from typing import Any, cast

import orjson
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from application.change_log import ChangeLog
from application.ports import repositories as ports
from application.ports.clock import Clock
from domain.articles.article import Article
from domain.articles.comment import Comment
from domain.articles.errors import ArticleChanged
from domain.articles.favorite import Favorite
from domain.profiles.follow import Follow
from domain.users.settings import NotificationPreferences, UserSettings
from domain.users.user import User
from domain.users.values import Email
from infrastructure.persistence.sqlmodel import driver, mappers, mariadb, statements
from infrastructure.persistence.sqlmodel.errors import translate_integrity_error
from infrastructure.persistence.sqlmodel.keys import storable, storable_id
from infrastructure.persistence.sqlmodel.reads import Row
from infrastructure.persistence.sqlmodel.tables import (
    article_tags,
    articles,
    comments,
    favorites,
    follows,
    tags,
    user_settings,
    users,
)


async def execute(session: AsyncSession, statement: sa.Executable) -> int:
    """Run a write; returns how many rows it changed."""
    try:
        result = await session.execute(statement)
    except IntegrityError as error:
        raise translate_integrity_error(error) from error
    return int(result.rowcount)  # type: ignore[attr-defined]


async def execute_many(
    session: AsyncSession, insert: sa.Insert, rows: list[dict[str, Any]]
) -> None:
    """One INSERT of many rows, compiled once. With its rows in ``VALUES`` an INSERT cannot be
    cached by SQLAlchemy (each request compiled it anew); given as parameters with a
    ``RETURNING``, they go out as one multi-row statement ("insertmanyvalues")."""
    table = insert.table
    assert isinstance(table, sa.Table)
    try:
        await session.execute(insert.returning(*table.primary_key.columns), rows)
    except IntegrityError as error:
        raise translate_integrity_error(error) from error


def dialect_insert(
    session: AsyncSession, table: sa.Table
) -> postgresql.Insert | sqlite.Insert | mariadb.Insert:
    """A dialect-aware INSERT that supports ``ON CONFLICT DO NOTHING``."""
    dialect = session.get_bind().dialect.name
    if dialect == mariadb.DIALECT:
        return mariadb.insert(table)
    return postgresql.insert(table) if dialect == "postgresql" else sqlite.insert(table)


async def _count_deleted(session: AsyncSession, table: sa.Table, before: datetime) -> int:
    found = await session.scalar(
        sa.select(sa.func.count()).select_from(table).where(table.c.deleted_at < before)
    )
    return int(found or 0)


async def _purge_deleted(
    session: AsyncSession,
    changes: ChangeLog,
    table: sa.Table,
    to_domain: Callable[[Row], Article | Comment],
    before: datetime,
    limit: int,
) -> int:
    """Hard-delete one batch of rows of ``table`` soft-deleted before ``before``, oldest
    first."""
    # Locked: a restore committed meanwhile takes its row out of the batch (PostgreSQL re-reads
    # a row it waited for), rather than this purge deleting a live article (and leaving it
    # counted as public).
    batch = (
        sa.select(table)
        .where(table.c.deleted_at < before)
        .order_by(table.c.deleted_at, table.c.id)
        .limit(limit)
        .with_for_update()
    )
    rows = cast(Sequence[Row], (await session.execute(batch)).mappings().all())
    if rows:
        await execute(session, sa.delete(table).where(table.c.id.in_([row["id"] for row in rows])))
    for row in rows:
        changes.removed(to_domain(row))
    return len(rows)


class SqlModelUserRepository(ports.UserRepository):
    """Users through Core statements built once (``driver``), as articles are."""

    def __init__(self, session: AsyncSession, changes: ChangeLog, clock: Clock) -> None:
        self._session = session
        self._changes = changes
        self._clock = clock
        # What each loaded user was: a save compares with it, and it is the change's "before".
        self._loaded: dict[int, User] = {}

    async def add(self, user: User) -> User:
        now = self._clock.now()
        fields = mappers.user_fields(user) | {"created_at": now, "updated_at": now}
        [row] = await driver.fetch(self._session, _INSERT_USER, fields)
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
        await driver.execute(
            self._session, _UPDATE_USER, fields | {"updated_at": now, "user_id": user_id}
        )
        user.updated_at = now
        self._loaded[user_id] = replace(user)
        self._changes.changed(before, user)

    async def _one(self, statement: sa.Select[Any], params: dict[str, Any]) -> User | None:
        rows = await driver.fetch(self._session, statement, params)
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


def _names(aggregated: object) -> list[str]:
    """Tag names as the dialect aggregates them: a list (PostgreSQL) or JSON array text."""
    if aggregated is None:
        return []
    names: list[str] = (
        orjson.loads(aggregated) if isinstance(aggregated, str) else list(aggregated)  # type: ignore[call-overload]
    )
    return names


class SqlModelArticleRepository(ports.ArticleRepository):
    """Articles through Core statements built once (``driver``): sent by asyncpg on
    PostgreSQL, through the session elsewhere. No ORM row stands behind an article: what it was
    when loaded is kept here, and is what a save compares with and what its version checks."""

    def __init__(self, session: AsyncSession, changes: ChangeLog, clock: Clock) -> None:
        self._session = session
        self._changes = changes
        self._clock = clock
        # What each loaded article was: the change's "before", and whether its tags changed.
        self._loaded: dict[int, Article] = {}

    async def add(self, article: Article) -> Article:
        # Stamped with the unit of work's clock; an import keeps its own created_at.
        created = article.created_at or self._clock.now()
        fields = mappers.article_fields(article) | {"created_at": created, "updated_at": created}
        [row] = await driver.fetch(self._session, _INSERT_ARTICLE, fields)
        article.id = row["id"]
        article.created_at, article.updated_at = created, created
        await self._link_tags(article)
        self._changes.added(article)
        return article

    async def get_by_slug(self, slug: str, *, lock: bool = False) -> Article | None:
        if not storable(slug):
            return None
        if lock:
            return await self._locked(slug)
        return await self._unlocked(_by_slug(self._dialect, deleted=False), slug)

    async def get_deleted_by_slug(self, slug: str) -> Article | None:
        if not storable(slug):
            return None
        return await self._unlocked(_by_slug(self._dialect, deleted=True), slug)

    @property
    def _dialect(self) -> str:
        return self._session.get_bind().dialect.name

    async def _unlocked(self, statement: sa.Select[Any], slug: str) -> Article | None:
        """The article and its tag names in one statement."""
        rows = await driver.fetch(self._session, statement, {"slug": slug})
        if not rows:
            return None
        return self._seen(mappers.article_to_domain(rows[0], _names(rows[0]["tag_names"])))

    async def _locked(self, slug: str) -> Article | None:
        # FOR UPDATE on PostgreSQL and MariaDB; SQLite has no row locks (nor needs them: it
        # runs one writing transaction at a time) and SQLAlchemy leaves the clause out there.
        # The tags are read by a statement of their own, after the lock: a row lock waited for
        # is read at its newest version, but the rest of its statement keeps the snapshot taken
        # before the wait, so tags read beside it could be those a concurrent edit replaced.
        rows = await driver.fetch(self._session, _LOCKED_BY_SLUG, {"slug": slug})
        if not rows:
            return None
        return self._seen(await self._with_tags(rows[0]))

    async def _with_tags(self, row: Row) -> Article:
        names = await driver.fetch(self._session, _TAG_NAMES_OF, {"article_id": row["id"]})
        return mappers.article_to_domain(row, [name["name"] for name in names])

    def _seen(self, article: Article) -> Article:
        self._loaded[article.stored_id()] = replace(article)
        self._changes.seen(article)
        return article

    async def imported_keys(self, author_id: int, keys: Collection[str]) -> set[str]:
        keys = [key for key in keys if storable(key)]
        if not keys:
            return set()
        found = await self._session.scalars(
            sa.select(articles.c.import_key).where(
                articles.c.author_id == author_id, articles.c.import_key.in_(keys)
            )
        )
        return set(found)

    async def update(self, article: Article) -> None:
        article_id = article.stored_id()
        before = self._loaded.get(article_id) or await self._stored(article_id)
        if before is None or before.version != article.version:
            raise ArticleChanged()
        # Only storage sets timestamps: the entity gets back those stored.
        article.created_at, article.updated_at = before.created_at, before.updated_at
        retagged = before.tags != article.tags
        fields = mappers.article_fields(article)
        if not retagged and fields == mappers.article_fields(before):
            return  # the same values again: nothing written, nothing audited
        now, version = self._clock.now(), article.version + 1
        stored = fields | {"updated_at": now, "version": version}
        checked = {"article_id": article_id, "loaded_version": article.version}
        # The version loaded is checked by the UPDATE itself: a concurrent writer that committed
        # first leaves this one matching no row (PostgreSQL re-reads the row after waiting).
        if not await driver.execute(self._session, _UPDATE_ARTICLE, stored | checked):
            raise ArticleChanged()
        article.version, article.updated_at = version, now
        if retagged:
            await driver.execute(self._session, _UNLINK_TAGS, {"article_id": article_id})
            await self._link_tags(article)
        self._loaded[article_id] = replace(article)
        self._changes.changed(before, article)

    async def _stored(self, article_id: int) -> Article | None:
        """An article this unit of work did not load (or ``None``: it is gone)."""
        rows = await driver.fetch(self._session, _BY_ID, {"article_id": article_id})
        return await self._with_tags(rows[0]) if rows else None

    async def count_deleted(self, before: datetime) -> int:
        return await _count_deleted(self._session, articles, before)

    async def purge_deleted(self, before: datetime, limit: int) -> int:
        # Comments, favorites and tag links go with the articles through ON DELETE CASCADE.
        return await _purge_deleted(
            self._session,
            self._changes,
            articles,
            lambda row: mappers.article_to_domain(row, []),
            before,
            limit,
        )

    async def _link_tags(self, article: Article) -> None:
        if not article.tags:
            return
        if driver.on_postgresql(self._session):
            params = {"names": list(article.tags), "article_id": article.id}
            await driver.fetch(self._session, _ADD_TAGS, params)
            await driver.fetch(self._session, _LINK_TAGS, params)
            return
        await execute_many(
            self._session,
            dialect_insert(self._session, tags).on_conflict_do_nothing(index_elements=["name"]),
            [{"name": name} for name in article.tags],
        )
        tag_ids = sa.select(sa.literal(article.id), tags.c.id).where(tags.c.name.in_(article.tags))
        await execute(
            self._session, sa.insert(article_tags).from_select(["article_id", "tag_id"], tag_ids)
        )


_ARTICLE_FIELDS = (
    "slug",
    "title",
    "description",
    "body",
    "author_id",
    "status",
    "published_at",
    "deleted_at",
    "meta",
    "word_count",
    "import_key",
)
_SLUG = articles.c.slug == sa.bindparam("slug")
_ARTICLE_ID = sa.bindparam("article_id", type_=sa.Integer)


@functools.cache
def _by_slug(dialect: str, *, deleted: bool) -> sa.Select[Any]:
    """A live (or a deleted) article by slug, its tag names beside it (aggregated per dialect)."""
    names = statements.tag_names(dialect, articles.c.id).label("tag_names")
    state = articles.c.deleted_at.is_not(None) if deleted else articles.c.deleted_at.is_(None)
    return sa.select(articles, names).where(_SLUG, state)


_LOCKED_BY_SLUG = (
    sa.select(articles).where(_SLUG, articles.c.deleted_at.is_(None)).with_for_update()
)
_BY_ID = sa.select(articles).where(articles.c.id == _ARTICLE_ID)
_TAG_NAMES_OF = (
    sa.select(tags.c.name)
    .join(article_tags, article_tags.c.tag_id == tags.c.id)
    .where(article_tags.c.article_id == _ARTICLE_ID)
)
_UPDATE_ARTICLE = (
    sa.update(articles)
    .where(articles.c.id == _ARTICLE_ID, articles.c.version == sa.bindparam("loaded_version"))
    .values(driver.parameters(articles, (*_ARTICLE_FIELDS, "updated_at", "version")))
)
_UNLINK_TAGS = sa.delete(article_tags).where(article_tags.c.article_id == _ARTICLE_ID)
_INSERT_ARTICLE = driver.insert_returning_id(
    articles, (*_ARTICLE_FIELDS, "created_at", "updated_at")
)
_INSERT_COMMENT = driver.insert_returning_id(
    comments, ("article_id", "author_id", "body", "created_at", "updated_at")
)
_COMMENT_ID = sa.bindparam("comment_id", type_=sa.Integer)
_COMMENT_BY_ID = sa.select(comments).where(comments.c.id == _COMMENT_ID)
_UPDATE_COMMENT = (
    sa.update(comments)
    .where(comments.c.id == _COMMENT_ID)
    .values(driver.parameters(comments, ("body", "deleted_at", "updated_at")))
)

# PostgreSQL's tag upsert and links, built once, the names passed as one array. Two statements:
# a tag another transaction adds meanwhile is seen by the second one's snapshot only.
_TAG_NAMES = sa.bindparam("names", type_=postgresql.ARRAY(sa.String()))
_ADD_TAGS = (
    postgresql.insert(tags)
    .from_select(["name"], sa.select(sa.func.unnest(_TAG_NAMES)))
    .on_conflict_do_nothing(index_elements=["name"])
)
_LINK_TAGS = sa.insert(article_tags).from_select(
    ["article_id", "tag_id"],
    sa.select(sa.bindparam("article_id", type_=sa.Integer), tags.c.id).where(
        tags.c.name == sa.any_(_TAG_NAMES)
    ),
)


class SqlModelCommentRepository(ports.CommentRepository):
    """Comments through Core statements built once (``driver``), as articles are."""

    def __init__(self, session: AsyncSession, changes: ChangeLog, clock: Clock) -> None:
        self._session = session
        self._changes = changes
        self._clock = clock
        # What each loaded comment was: a save compares with it.
        self._loaded: dict[int, Comment] = {}

    async def add(self, comment: Comment) -> Comment:
        now = self._clock.now()
        fields = {
            "article_id": comment.article_id,
            "author_id": comment.author_id,
            "body": comment.body,
            "created_at": now,
            "updated_at": now,
        }
        [row] = await driver.fetch(self._session, _INSERT_COMMENT, fields)
        comment.id, comment.created_at, comment.updated_at = row["id"], now, now
        self._changes.added(comment)
        return comment

    async def get(self, comment_id: int, article_id: int) -> Comment | None:
        if not storable_id(comment_id):
            return None
        rows = await driver.fetch(self._session, _COMMENT_BY_ID, {"comment_id": comment_id})
        if not rows or rows[0]["article_id"] != article_id or rows[0]["deleted_at"] is not None:
            return None
        comment = mappers.comment_to_domain(rows[0])
        self._loaded[comment.stored_id()] = replace(comment)
        self._changes.seen(comment)
        return comment

    async def update(self, comment: Comment) -> None:
        comment_id = comment.stored_id()
        before = self._loaded.get(comment_id)
        if before is None:
            rows = await driver.fetch(self._session, _COMMENT_BY_ID, {"comment_id": comment_id})
            if not rows:
                return
            before = mappers.comment_to_domain(rows[0])
        # Only storage sets timestamps: the entity gets back those stored.
        comment.created_at, comment.updated_at = before.created_at, before.updated_at
        fields = {"body": comment.body, "deleted_at": comment.deleted_at}
        if fields == {"body": before.body, "deleted_at": before.deleted_at}:
            return  # the same values again: nothing written, nothing audited
        now = self._clock.now()
        stored = fields | {"updated_at": now, "comment_id": comment_id}
        await driver.execute(self._session, _UPDATE_COMMENT, stored)
        comment.updated_at = now
        self._loaded[comment_id] = replace(comment)
        self._changes.changed(before, comment)

    async def count_deleted(self, before: datetime) -> int:
        return await _count_deleted(self._session, comments, before)

    async def purge_deleted(self, before: datetime, limit: int) -> int:
        return await _purge_deleted(
            self._session,
            self._changes,
            comments,
            mappers.comment_to_domain,
            before,
            limit,
        )


class _SqlLinks:
    """A table of id pairs with the time each was made (``_table``, its columns named like the
    relation's fields); a link made twice or undone twice changes nothing the second time."""

    _table: sa.Table

    def __init__(self, session: AsyncSession, changes: ChangeLog, clock: Clock) -> None:
        self._session = session
        self._changes = changes
        self._clock = clock

    async def _link(self, relation: Follow | Favorite) -> None:
        row = asdict(relation) | {"created_at": self._clock.now()}
        if driver.on_postgresql(self._session):
            linked = await driver.execute(self._session, _link_statement(self._table), row)
        else:
            # Built per link: MariaDB's form for a table with foreign keys embeds the values.
            insert = dialect_insert(self._session, self._table).values(**row)
            linked = await execute(self._session, insert.on_conflict_do_nothing())
        if linked:
            self._changes.linked(relation)

    async def _unlink(self, relation: Follow | Favorite) -> None:
        unlink = _unlink_statement(self._table)
        if await driver.execute(self._session, unlink, asdict(relation)):
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


# One statement tells both whether the user exists and what they saved, if anything.
_SETTINGS = (
    sa.select(users.c.id, user_settings)
    .select_from(users.outerjoin(user_settings, user_settings.c.user_id == users.c.id))
    .where(users.c.id == sa.bindparam("user_id", type_=sa.Integer))
)


class SqlModelUserSettingsRepository(ports.UserSettingsRepository):
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get(self, user_id: int) -> UserSettings | None:
        rows = await driver.fetch(self._session, _SETTINGS, {"user_id": user_id})
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
        insert = dialect_insert(self._session, user_settings).values(
            user_id=settings.user_id, **values
        )
        await execute(
            self._session,
            insert.on_conflict_do_update(index_elements=["user_id"], set_=values),
        )
