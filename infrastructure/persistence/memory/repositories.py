"""In-memory repositories over a unit of work's private copy of the data.

Each write also appends its audit entry, as the SQL adapter does.
"""

from collections.abc import Collection, Mapping
from dataclasses import replace
from datetime import datetime

from application.audit import (
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
from domain.shared.errors import AlreadyExists, InvalidValue
from domain.users.settings import UserSettings
from domain.users.user import User
from domain.users.values import Email
from infrastructure.persistence.memory.audit import InMemoryAuditTrail
from infrastructure.persistence.memory.store import MemoryData
from infrastructure.persistence.memory.timestamps import MemoryTimestamps


def _taken(field: str) -> AlreadyExists:
    return AlreadyExists(f"{field} has already been taken", field=field)


def _require(*references: tuple[Mapping[int, object], int]) -> None:
    """Refuse a write that refers to a missing row, as the SQL adapters' foreign keys do."""
    if any(key not in rows for rows, key in references):
        raise InvalidValue("the change refers to something that does not exist")


def _deleted_before(items: dict[int, Article] | dict[int, Comment], before: datetime) -> list[int]:
    """Ids of the items soft-deleted before ``before``, oldest deletion first."""
    deleted = [
        (item.deleted_at, item_id)
        for item_id, item in items.items()
        if item.deleted_at is not None and item.deleted_at < before
    ]
    return [item_id for _, item_id in sorted(deleted)]


def _not_blank(value: str, field: str) -> None:
    """The SQL tables' CHECK constraints, for writes that bypassed the domain's rules."""
    if not value.strip():
        raise InvalidValue(f"{field} can't be blank", field=field)


class InMemoryUserRepository(UserRepository):
    def __init__(
        self, data: MemoryData, audit: InMemoryAuditTrail, timestamps: MemoryTimestamps
    ) -> None:
        self._data = data
        self._audit = audit
        self._timestamps = timestamps

    async def add(self, user: User) -> User:
        self._check_unique(user)
        user.id = self._data.next_id()
        self._timestamps.created(user)
        self._data.users[user.id] = replace(user)
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
        user = self._data.users.get(user_id)
        return replace(user) if user else None

    async def get_by_email(self, email: Email) -> User | None:
        return next((replace(u) for u in self._data.users.values() if u.email == email), None)

    async def get_by_username(self, username: str) -> User | None:
        return next(
            (replace(u) for u in self._data.users.values() if u.username.value == username), None
        )

    async def update(self, user: User) -> None:
        stored = self._data.users.get(user.id or 0)
        if stored is None:
            return
        self._check_unique(user)
        if not self._timestamps.saved(stored, user):
            return
        self._data.users[user.id or 0] = replace(user)
        await self._audit.record(
            entity="user",
            entity_id=user.id,
            action="update",
            actor_id=user.id,
            before=user_summary(stored),
            after=user_summary(user),
        )

    def _check_unique(self, user: User) -> None:
        for other in self._data.users.values():
            if other.id == user.id:
                continue
            if other.username == user.username:
                raise _taken("username")
            if other.email == user.email:
                raise _taken("email")


class InMemoryArticleRepository(ArticleRepository):
    def __init__(
        self, data: MemoryData, audit: InMemoryAuditTrail, timestamps: MemoryTimestamps
    ) -> None:
        self._data = data
        self._audit = audit
        self._timestamps = timestamps

    async def add(self, article: Article) -> Article:
        if any(other.slug == article.slug for other in self._data.articles.values()):
            raise _taken("slug")
        _require((self._data.users, article.author_id))
        _not_blank(article.title, "title")
        if article.import_key is not None and await self.imported_keys(
            article.author_id, {article.import_key}
        ):
            raise AlreadyExists("id has already been imported by this author", field="id")
        article.id = self._data.next_id()
        self._timestamps.created(article)
        self._data.articles[article.id] = replace(article)
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
        return self._find(slug, deleted=False)

    async def get_deleted_by_slug(self, slug: str) -> Article | None:
        return self._find(slug, deleted=True)

    def _find(self, slug: str, *, deleted: bool) -> Article | None:
        found = next(
            (
                a
                for a in self._data.articles.values()
                if a.slug.value == slug and (a.deleted_at is not None) == deleted
            ),
            None,
        )
        return replace(found) if found else None

    async def imported_keys(self, author_id: int, keys: Collection[str]) -> set[str]:
        wanted = set(keys)
        return {
            a.import_key
            for a in self._data.articles.values()
            if a.author_id == author_id and a.import_key in wanted
        }

    async def update(self, article: Article) -> None:
        stored = self._data.articles.get(article.id or 0)
        if stored is None:
            return
        if stored.version != article.version:
            raise ArticleChanged()
        _not_blank(article.title, "title")
        if not self._timestamps.saved(stored, article):
            return
        article.version += 1
        self._data.articles[article.id or 0] = replace(article)
        before, after = article_summary(stored), article_summary(article)
        await self._audit.record(
            entity="article",
            entity_id=article.id,
            action=article_action(before, after),
            actor_id=article.author_id,
            before=before,
            after=after,
        )

    async def count_deleted(self, before: datetime) -> int:
        return len(_deleted_before(self._data.articles, before))

    async def purge_deleted(self, before: datetime, limit: int) -> int:
        data = self._data
        doomed = set(_deleted_before(data.articles, before)[:limit])
        for article_id in sorted(doomed):
            purged = data.articles[article_id]
            await self._audit.record(
                entity="article",
                entity_id=article_id,
                action="purge",
                actor_id=None,
                before=purged_article_summary(purged.slug.value, purged.title, purged.deleted_at),
                after=None,
            )
        data.articles = {k: a for k, a in data.articles.items() if k not in doomed}
        data.comments = {k: c for k, c in data.comments.items() if c.article_id not in doomed}
        data.favorites = {k: t for k, t in data.favorites.items() if k[1] not in doomed}
        return len(doomed)


class InMemoryCommentRepository(CommentRepository):
    def __init__(
        self, data: MemoryData, audit: InMemoryAuditTrail, timestamps: MemoryTimestamps
    ) -> None:
        self._data = data
        self._audit = audit
        self._timestamps = timestamps

    async def add(self, comment: Comment) -> Comment:
        _require((self._data.articles, comment.article_id), (self._data.users, comment.author_id))
        _not_blank(comment.body, "body")
        comment.id = self._data.next_id()
        self._timestamps.created(comment)
        self._data.comments[comment.id] = replace(comment)
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
        comment = self._data.comments.get(comment_id)
        if comment is None or comment.article_id != article_id or comment.deleted_at:
            return None
        return replace(comment)

    async def update(self, comment: Comment) -> None:
        stored = self._data.comments.get(comment.id or 0)
        if stored is None or not self._timestamps.saved(stored, comment):
            return
        self._data.comments[comment.id or 0] = replace(comment)
        await self._audit.record(
            entity="comment",
            entity_id=comment.id,
            action="delete" if comment.deleted_at else "update",
            actor_id=comment.author_id,
            before=comment_summary(stored),
            after=comment_summary(comment),
        )

    async def count_deleted(self, before: datetime) -> int:
        return len(_deleted_before(self._data.comments, before))

    async def purge_deleted(self, before: datetime, limit: int) -> int:
        doomed = _deleted_before(self._data.comments, before)[:limit]
        for comment_id in doomed:
            purged = self._data.comments.pop(comment_id)
            await self._audit.record(
                entity="comment",
                entity_id=comment_id,
                action="purge",
                actor_id=None,
                before=purged_comment_summary(purged.article_id, purged.deleted_at),
                after=None,
            )
        return len(doomed)


class InMemoryFollowRepository(FollowRepository):
    def __init__(
        self, data: MemoryData, audit: InMemoryAuditTrail, timestamps: MemoryTimestamps
    ) -> None:
        self._data = data
        self._audit = audit
        self._timestamps = timestamps

    async def follow(self, follower_id: int, followee_id: int) -> None:
        _require((self._data.users, follower_id), (self._data.users, followee_id))
        if follower_id == followee_id:
            raise InvalidValue("you cannot follow yourself", field="username")
        if (follower_id, followee_id) not in self._data.follows:
            self._data.follows[(follower_id, followee_id)] = self._timestamps.now()
            await self._record(follower_id, followee_id, "create")

    async def unfollow(self, follower_id: int, followee_id: int) -> None:
        if self._data.follows.pop((follower_id, followee_id), None) is not None:
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


class InMemoryFavoriteRepository(FavoriteRepository):
    def __init__(
        self, data: MemoryData, audit: InMemoryAuditTrail, timestamps: MemoryTimestamps
    ) -> None:
        self._data = data
        self._audit = audit
        self._timestamps = timestamps

    async def favorite(self, user_id: int, article_id: int) -> None:
        _require((self._data.users, user_id), (self._data.articles, article_id))
        if (user_id, article_id) not in self._data.favorites:
            self._data.favorites[(user_id, article_id)] = self._timestamps.now()
            await self._record(user_id, article_id, "create")

    async def unfavorite(self, user_id: int, article_id: int) -> None:
        if self._data.favorites.pop((user_id, article_id), None) is not None:
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


class InMemoryUserSettingsRepository(UserSettingsRepository):
    def __init__(self, data: MemoryData) -> None:
        self._data = data

    async def get(self, user_id: int) -> UserSettings | None:
        if user_id not in self._data.users:
            return None
        return self._data.settings.get(user_id) or UserSettings(user_id=user_id)

    async def save(self, settings: UserSettings) -> None:
        if settings.user_id not in self._data.users:
            raise InvalidValue("the change refers to something that does not exist")
        self._data.settings[settings.user_id] = settings
