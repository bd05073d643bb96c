"""SQLModel repositories: they stage changes in the unit of work's session and never commit.

Each write also appends its audit entry (``SqlAuditTrail``) in the same transaction. The actor
is the owner of what changes: the domain lets nobody else write it.
"""

from collections.abc import Callable, Collection
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import SQLModel, col

from application.audit import (
    Summary,
    article_action,
    article_summary,
    comment_summary,
    favorite_summary,
    follow_summary,
    purged_article_summary,
    purged_comment_summary,
    user_summary,
)
from application.ports.repositories import (
    ArticleRepository,
    CommentRepository,
    FavoriteRepository,
    FollowRepository,
    UserRepository,
    UserSettingsRepository,
)
from domain.articles.article import Article
from domain.articles.comment import Comment
from domain.articles.errors import ArticleChanged
from domain.users.settings import NotificationPreferences, UserSettings
from domain.users.user import User
from domain.users.values import Email
from infrastructure.persistence.sqlmodel import mappers, mariadb
from infrastructure.persistence.sqlmodel.audit import SqlAuditTrail
from infrastructure.persistence.sqlmodel.errors import translate_integrity_error
from infrastructure.persistence.sqlmodel.keys import storable, storable_id
from infrastructure.persistence.sqlmodel.tables import (
    ArticleRow,
    CommentRow,
    UserRow,
    article_tags,
    articles,
    comments,
    favorites,
    follows,
    tags,
    user_settings,
    users,
)
from infrastructure.persistence.sqlmodel.timestamps import SessionTimestamps


async def flush(session: AsyncSession) -> None:
    try:
        await session.flush()
    except IntegrityError as error:
        raise translate_integrity_error(error) from error


def _changed(session: AsyncSession, row: SQLModel) -> bool:
    """Whether a loaded row holds a real column change (setting a value again is none)."""
    return session.is_modified(row, include_collections=False)


async def execute(session: AsyncSession, statement: sa.Executable) -> int:
    """Run a write; returns how many rows it changed."""
    try:
        result = await session.execute(statement)
    except IntegrityError as error:
        raise translate_integrity_error(error) from error
    return int(result.rowcount)  # type: ignore[attr-defined]


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
    audit: SqlAuditTrail,
    table: sa.Table,
    before: datetime,
    limit: int,
    *,
    entity: str,
    summarize: Callable[[sa.Row[Any]], Summary],
) -> int:
    """Hard-delete one batch of rows soft-deleted before ``before``, oldest first; the audit
    log keeps ``summarize(row)`` of each."""
    batch = (
        sa.select(table)
        .where(table.c.deleted_at < before)
        .order_by(table.c.deleted_at, table.c.id)
        .limit(limit)
    )
    rows = (await session.execute(batch)).all()
    if rows:
        await execute(session, sa.delete(table).where(table.c.id.in_([row.id for row in rows])))
    for row in rows:
        await audit.record(
            entity=entity,
            entity_id=row.id,
            action="purge",
            actor_id=None,
            before=summarize(row),
            after=None,
        )
    return len(rows)


class SqlModelUserRepository(UserRepository):
    def __init__(self, session: AsyncSession, audit: SqlAuditTrail) -> None:
        self._session = session
        self._audit = audit

    async def add(self, user: User) -> User:
        row = UserRow(**mappers.user_fields(user))
        self._session.add(row)
        await flush(self._session)
        user.id = row.id
        mappers.copy_stored_times(row, user)
        await self._audit.record(
            entity="user",
            entity_id=user.id,
            action="create",
            actor_id=user.id,
            before=None,
            after=user_summary(user),
        )
        return user

    async def get(self, user_id: int) -> User | None:
        row = await self._session.get(UserRow, user_id)
        return mappers.user_to_domain(row) if row else None

    async def get_by_email(self, email: Email) -> User | None:
        return await self._one(col(UserRow.email) == email.value)

    async def get_by_username(self, username: str) -> User | None:
        if not storable(username):
            return None
        return await self._one(col(UserRow.username) == username)

    async def update(self, user: User) -> None:
        row = await self._session.get(UserRow, user.id)
        if row is None:
            return
        before = user_summary(mappers.user_to_domain(row))
        row.sqlmodel_update(mappers.user_fields(user))
        if _changed(self._session, row):
            await flush(self._session)
            await self._audit.record(
                entity="user",
                entity_id=user.id,
                action="update",
                actor_id=user.id,
                before=before,
                after=user_summary(user),
            )
        mappers.copy_stored_times(row, user)

    async def _one(self, condition: sa.ColumnElement[bool]) -> User | None:
        row = (await self._session.execute(sa.select(UserRow).where(condition))).scalar()
        return mappers.user_to_domain(row) if row else None


class SqlModelArticleRepository(ArticleRepository):
    def __init__(self, session: AsyncSession, audit: SqlAuditTrail) -> None:
        self._session = session
        self._audit = audit
        # What each loaded article was: the audit log's "before", and whether tags changed.
        self._loaded: dict[int, Summary] = {}

    async def add(self, article: Article) -> Article:
        row = ArticleRow(**mappers.article_fields(article), created_at=article.created_at)
        self._session.add(row)
        await flush(self._session)
        article.id = row.id
        mappers.copy_stored_times(row, article)
        await self._link_tags(article)
        await self._audit.record(
            entity="article",
            entity_id=article.id,
            action="create",
            actor_id=article.author_id,
            before=None,
            after=article_summary(article),
        )
        return article

    async def get_by_slug(self, slug: str) -> Article | None:
        if not storable(slug):
            return None
        return await self._one(col(ArticleRow.slug) == slug, col(ArticleRow.deleted_at).is_(None))

    async def get_deleted_by_slug(self, slug: str) -> Article | None:
        if not storable(slug):
            return None
        return await self._one(
            col(ArticleRow.slug) == slug, col(ArticleRow.deleted_at).is_not(None)
        )

    async def _one(self, *conditions: sa.ColumnElement[bool]) -> Article | None:
        row = (await self._session.execute(sa.select(ArticleRow).where(*conditions))).scalar()
        return await self._loaded_from(row) if row else None

    async def _loaded_from(self, row: ArticleRow) -> Article:
        names = await self._session.scalars(
            sa.select(tags.c.name)
            .join(article_tags, article_tags.c.tag_id == tags.c.id)
            .where(article_tags.c.article_id == row.id)
        )
        article = mappers.article_to_domain(row, list(names))
        self._loaded[article.id or 0] = article_summary(article)
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
        row = await self._session.get(ArticleRow, article.id)
        if row is None or row.version != article.version:
            raise ArticleChanged()
        before = self._loaded.get(row.id or 0) or article_summary(await self._loaded_from(row))
        row.sqlmodel_update(mappers.article_fields(article))
        retagged = before["tags"] != list(article.tags)
        if retagged or _changed(self._session, row):
            await self._store_change(row, article, before, retagged=retagged)
        mappers.copy_stored_times(row, article)

    async def _store_change(
        self, row: ArticleRow, article: Article, before: Summary, *, retagged: bool
    ) -> None:
        row.version = article.version + 1
        try:
            # The ORM's UPDATE checks the version it loaded: a concurrent writer that committed
            # first leaves this one matching no row (PostgreSQL re-reads the row after waiting).
            await self._session.flush()
        except StaleDataError as error:
            raise ArticleChanged() from error
        except IntegrityError as error:
            raise translate_integrity_error(error) from error
        article.version = row.version
        if retagged:
            await execute(
                self._session,
                sa.delete(article_tags).where(article_tags.c.article_id == article.id),
            )
            await self._link_tags(article)
        after = article_summary(article)
        self._loaded[row.id or 0] = after
        await self._audit.record(
            entity="article",
            entity_id=article.id,
            action=article_action(before, after),
            actor_id=article.author_id,
            before=before,
            after=after,
        )

    async def count_deleted(self, before: datetime) -> int:
        return await _count_deleted(self._session, articles, before)

    async def purge_deleted(self, before: datetime, limit: int) -> int:
        # Comments, favorites and tag links go with the articles through ON DELETE CASCADE.
        return await _purge_deleted(
            self._session,
            self._audit,
            articles,
            before,
            limit,
            entity="article",
            summarize=lambda row: purged_article_summary(row.slug, row.title, row.deleted_at),
        )

    async def _link_tags(self, article: Article) -> None:
        if not article.tags:
            return
        await execute(
            self._session,
            dialect_insert(self._session, tags)
            .values([{"name": name} for name in article.tags])
            .on_conflict_do_nothing(index_elements=["name"]),
        )
        tag_ids = sa.select(sa.literal(article.id), tags.c.id).where(tags.c.name.in_(article.tags))
        await execute(
            self._session, sa.insert(article_tags).from_select(["article_id", "tag_id"], tag_ids)
        )


class SqlModelCommentRepository(CommentRepository):
    def __init__(self, session: AsyncSession, audit: SqlAuditTrail) -> None:
        self._session = session
        self._audit = audit

    async def add(self, comment: Comment) -> Comment:
        row = mappers.comment_to_row(comment)
        self._session.add(row)
        await flush(self._session)
        comment.id = row.id
        mappers.copy_stored_times(row, comment)
        await self._audit.record(
            entity="comment",
            entity_id=comment.id,
            action="create",
            actor_id=comment.author_id,
            before=None,
            after=comment_summary(comment),
        )
        return comment

    async def get(self, comment_id: int, article_id: int) -> Comment | None:
        if not storable_id(comment_id):
            return None
        row = await self._session.get(CommentRow, comment_id)
        if row is None or row.article_id != article_id or row.deleted_at is not None:
            return None
        return mappers.comment_to_domain(row)

    async def update(self, comment: Comment) -> None:
        row = await self._session.get(CommentRow, comment.id)
        if row is None:
            return
        before = comment_summary(mappers.comment_to_domain(row))
        row.sqlmodel_update({"body": comment.body, "deleted_at": comment.deleted_at})
        if _changed(self._session, row):
            await flush(self._session)
            await self._audit.record(
                entity="comment",
                entity_id=comment.id,
                action="delete" if comment.deleted_at else "update",
                actor_id=comment.author_id,
                before=before,
                after=comment_summary(comment),
            )
        mappers.copy_stored_times(row, comment)

    async def count_deleted(self, before: datetime) -> int:
        return await _count_deleted(self._session, comments, before)

    async def purge_deleted(self, before: datetime, limit: int) -> int:
        return await _purge_deleted(
            self._session,
            self._audit,
            comments,
            before,
            limit,
            entity="comment",
            summarize=lambda row: purged_comment_summary(row.article_id, row.deleted_at),
        )


class SqlModelFollowRepository(FollowRepository):
    """Only a follow that changes something is audited: following twice is one entry."""

    def __init__(
        self, session: AsyncSession, audit: SqlAuditTrail, timestamps: SessionTimestamps
    ) -> None:
        self._session = session
        self._audit = audit
        self._timestamps = timestamps

    async def follow(self, follower_id: int, followee_id: int) -> None:
        added = await execute(
            self._session,
            dialect_insert(self._session, follows)
            .values(
                follower_id=follower_id,
                followee_id=followee_id,
                created_at=self._timestamps.now(),
            )
            .on_conflict_do_nothing(),
        )
        if added:
            await self._record(follower_id, followee_id, "create")

    async def unfollow(self, follower_id: int, followee_id: int) -> None:
        removed = await execute(
            self._session,
            sa.delete(follows).where(
                follows.c.follower_id == follower_id, follows.c.followee_id == followee_id
            ),
        )
        if removed:
            await self._record(follower_id, followee_id, "delete")

    async def _record(self, follower_id: int, followee_id: int, action: str) -> None:
        summary = follow_summary(follower_id, followee_id)
        await self._audit.record(
            entity="follow",
            entity_id=followee_id,
            action=action,
            actor_id=follower_id,
            before=None if action == "create" else summary,
            after=summary if action == "create" else None,
        )


class SqlModelFavoriteRepository(FavoriteRepository):
    """Only a favorite that changes something is audited: favoriting twice is one entry."""

    def __init__(
        self, session: AsyncSession, audit: SqlAuditTrail, timestamps: SessionTimestamps
    ) -> None:
        self._session = session
        self._audit = audit
        self._timestamps = timestamps

    async def favorite(self, user_id: int, article_id: int) -> None:
        added = await execute(
            self._session,
            dialect_insert(self._session, favorites)
            .values(user_id=user_id, article_id=article_id, created_at=self._timestamps.now())
            .on_conflict_do_nothing(),
        )
        if added:
            await self._record(user_id, article_id, "create")

    async def unfavorite(self, user_id: int, article_id: int) -> None:
        removed = await execute(
            self._session,
            sa.delete(favorites).where(
                favorites.c.user_id == user_id, favorites.c.article_id == article_id
            ),
        )
        if removed:
            await self._record(user_id, article_id, "delete")

    async def _record(self, user_id: int, article_id: int, action: str) -> None:
        summary = favorite_summary(user_id, article_id)
        await self._audit.record(
            entity="favorite",
            entity_id=article_id,
            action=action,
            actor_id=user_id,
            before=None if action == "create" else summary,
            after=summary if action == "create" else None,
        )


class SqlModelUserSettingsRepository(UserSettingsRepository):
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get(self, user_id: int) -> UserSettings | None:
        # One statement tells both whether the user exists and what they saved, if anything.
        row = (
            await self._session.execute(
                sa.select(users.c.id, user_settings)
                .select_from(users.outerjoin(user_settings, user_settings.c.user_id == users.c.id))
                .where(users.c.id == user_id)
            )
        ).first()
        if row is None:
            return None
        if row.user_id is None:
            return UserSettings(user_id=user_id)
        return UserSettings(
            user_id=user_id,
            notifications=NotificationPreferences(
                follow=row.notify_on_follow,
                comment=row.notify_on_comment,
                favorite=row.notify_on_favorite,
            ),
            default_language=row.default_language,
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
