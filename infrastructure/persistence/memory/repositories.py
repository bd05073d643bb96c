"""In-memory repositories over a unit of work's private copy of the data."""

from collections.abc import Collection, Mapping
from dataclasses import astuple, replace
from datetime import datetime
from typing import TypeVar

from application.change_log import ChangeLog
from application.ports import repositories as ports
from domain.articles.article import Article
from domain.articles.comment import Comment
from domain.articles.errors import ArticleChanged
from domain.articles.favorite import Favorite
from domain.profiles.follow import Follow, ensure_can_follow
from domain.shared.errors import AlreadyExists, InvalidValue
from domain.users.settings import UserSettings
from domain.users.user import User
from domain.users.values import Email
from infrastructure.persistence.memory.store import MemoryData
from infrastructure.persistence.memory.timestamps import MemoryTimestamps

Stored = TypeVar("Stored", User, Article, Comment)


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


def _seen_copy(changes: ChangeLog, stored: Stored | None) -> Stored | None:
    """A copy of ``stored`` for the unit of work to change, registered with its change log."""
    if stored is None:
        return None
    loaded = replace(stored)
    changes.seen(loaded)
    return loaded


class InMemoryUserRepository(ports.UserRepository):
    def __init__(self, data: MemoryData, changes: ChangeLog, timestamps: MemoryTimestamps) -> None:
        self._data = data
        self._changes = changes
        self._timestamps = timestamps

    async def add(self, user: User) -> User:
        self._check_unique(user)
        user.id = self._data.next_id()
        self._timestamps.created(user)
        self._data.users[user.id] = replace(user)
        self._changes.added(user)
        return user

    async def get(self, user_id: int) -> User | None:
        return self._loaded(self._data.users.get(user_id))

    async def get_by_email(self, email: Email) -> User | None:
        return self._loaded(next((u for u in self._data.users.values() if u.email == email), None))

    async def get_by_username(self, username: str) -> User | None:
        users = self._data.users.values()
        return self._loaded(next((u for u in users if u.username.value == username), None))

    async def update(self, user: User) -> None:
        stored = self._data.users.get(user.id or 0)
        if stored is None:
            return
        self._check_unique(user)
        if self._timestamps.saved(stored, user):
            self._data.users[user.id or 0] = replace(user)
            self._changes.changed(stored, user)

    def _loaded(self, stored: User | None) -> User | None:
        return _seen_copy(self._changes, stored)

    def _check_unique(self, user: User) -> None:
        for other in self._data.users.values():
            if other.id == user.id:
                continue
            if other.username == user.username:
                raise _taken("username")
            if other.email == user.email:
                raise _taken("email")


class InMemoryArticleRepository(ports.ArticleRepository):
    def __init__(self, data: MemoryData, changes: ChangeLog, timestamps: MemoryTimestamps) -> None:
        self._data = data
        self._changes = changes
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
        self._changes.added(article)
        return article

    async def get_by_slug(
        self,
        slug: str,
        *,
        lock: bool = False,  # noqa: ARG002 (one event loop and a copy published at commit: nothing to lock)
    ) -> Article | None:
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
        return _seen_copy(self._changes, found)

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
        if self._timestamps.saved(stored, article):
            article.version += 1
            self._data.articles[article.id or 0] = replace(article)
            self._changes.changed(stored, article)

    async def count_deleted(self, before: datetime) -> int:
        return len(_deleted_before(self._data.articles, before))

    async def purge_deleted(self, before: datetime, limit: int) -> int:
        data = self._data
        doomed = set(_deleted_before(data.articles, before)[:limit])
        for article_id in sorted(doomed):
            self._changes.removed(data.articles[article_id])
        data.articles = {k: a for k, a in data.articles.items() if k not in doomed}
        data.comments = {k: c for k, c in data.comments.items() if c.article_id not in doomed}
        data.favorites = {k: t for k, t in data.favorites.items() if k[1] not in doomed}
        return len(doomed)


class InMemoryCommentRepository(ports.CommentRepository):
    def __init__(self, data: MemoryData, changes: ChangeLog, timestamps: MemoryTimestamps) -> None:
        self._data = data
        self._changes = changes
        self._timestamps = timestamps

    async def add(self, comment: Comment) -> Comment:
        _require((self._data.articles, comment.article_id), (self._data.users, comment.author_id))
        _not_blank(comment.body, "body")
        comment.id = self._data.next_id()
        self._timestamps.created(comment)
        self._data.comments[comment.id] = replace(comment)
        self._changes.added(comment)
        return comment

    async def get(self, comment_id: int, article_id: int) -> Comment | None:
        comment = self._data.comments.get(comment_id)
        if comment is None or comment.article_id != article_id or comment.deleted_at:
            return None
        return _seen_copy(self._changes, comment)

    async def update(self, comment: Comment) -> None:
        stored = self._data.comments.get(comment.id or 0)
        if stored is not None and self._timestamps.saved(stored, comment):
            self._data.comments[comment.id or 0] = replace(comment)
            self._changes.changed(stored, comment)

    async def count_deleted(self, before: datetime) -> int:
        return len(_deleted_before(self._data.comments, before))

    async def purge_deleted(self, before: datetime, limit: int) -> int:
        doomed = _deleted_before(self._data.comments, before)[:limit]
        for comment_id in doomed:
            self._changes.removed(self._data.comments.pop(comment_id))
        return len(doomed)


class _InMemoryLinks:
    """Pairs of ids kept with the time they were made (``_links``, keyed like the relation's
    fields); a link made twice or undone twice changes nothing the second time."""

    def __init__(
        self,
        data: MemoryData,
        links: dict[tuple[int, int], datetime],
        changes: ChangeLog,
        timestamps: MemoryTimestamps,
    ) -> None:
        self._data = data
        self._links = links
        self._changes = changes
        self._timestamps = timestamps

    def _link(self, relation: Follow | Favorite) -> None:
        key = astuple(relation)
        if key not in self._links:
            self._links[key] = self._timestamps.now()
            self._changes.linked(relation)

    def _unlink(self, relation: Follow | Favorite) -> None:
        if self._links.pop(astuple(relation), None) is not None:
            self._changes.unlinked(relation)


class InMemoryFollowRepository(_InMemoryLinks, ports.FollowRepository):
    def __init__(self, data: MemoryData, changes: ChangeLog, timestamps: MemoryTimestamps) -> None:
        super().__init__(data, data.follows, changes, timestamps)

    async def follow(self, follower_id: int, followee_id: int) -> None:
        _require((self._data.users, follower_id), (self._data.users, followee_id))
        ensure_can_follow(follower_id, followee_id)
        self._link(Follow(follower_id, followee_id))

    async def unfollow(self, follower_id: int, followee_id: int) -> None:
        self._unlink(Follow(follower_id, followee_id))


class InMemoryFavoriteRepository(_InMemoryLinks, ports.FavoriteRepository):
    def __init__(self, data: MemoryData, changes: ChangeLog, timestamps: MemoryTimestamps) -> None:
        super().__init__(data, data.favorites, changes, timestamps)

    async def favorite(self, user_id: int, article_id: int) -> None:
        _require((self._data.users, user_id), (self._data.articles, article_id))
        self._link(Favorite(user_id, article_id))

    async def unfavorite(self, user_id: int, article_id: int) -> None:
        self._unlink(Favorite(user_id, article_id))


class InMemoryUserSettingsRepository(ports.UserSettingsRepository):
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
