"""Write-side repositories. They never commit: the unit of work does.

Each registers with its unit of work's change log (``application.change_log``) every entity it
loads or adds, and reports each change it stores. Only a real change is reported, and so
audited: a save that changes nothing writes nothing and reports nothing.
"""

from collections.abc import Collection
from datetime import datetime
from typing import Protocol

from domain.articles.article import Article
from domain.articles.comment import Comment
from domain.users.settings import UserSettings
from domain.users.user import User
from domain.users.values import Email


class UserRepository(Protocol):
    async def add(self, user: User) -> User:
        """Store a new user and return it with its id; duplicate username or email raise
        ``AlreadyExists`` (at the latest on commit)."""
        ...

    async def get(self, user_id: int) -> User | None:
        """The user with this id, or ``None``."""
        ...

    async def get_by_email(self, email: Email) -> User | None:
        """The user with this (case-insensitive) email, or ``None``."""
        ...

    async def get_by_username(self, username: str) -> User | None:
        """The user with exactly this username, or ``None``."""
        ...

    async def update(self, user: User) -> None:
        """Persist changes to a stored user (nothing, if there are none); duplicates raise
        ``AlreadyExists``."""
        ...


class ArticleRepository(Protocol):
    async def add(self, article: Article) -> Article:
        """Store a new article with its tags; a taken slug raises ``AlreadyExists`` (field
        ``slug``), an import key the author already used raises it with field ``id``."""
        ...

    async def imported_keys(self, author_id: int, keys: Collection[str]) -> set[str]:
        """Those of ``keys`` that articles of this author were imported with."""
        ...

    async def get_by_slug(self, slug: str, *, lock: bool = False) -> Article | None:
        """The live (not deleted) article with this slug, tags included, or ``None``. With
        ``lock``, other units of work that lock it wait until this one ends, then read it as
        this one left it (where storage serializes writes anyway, it changes nothing)."""
        ...

    async def get_deleted_by_slug(self, slug: str) -> Article | None:
        """The soft-deleted article with this slug, tags included, or ``None``."""
        ...

    async def update(self, article: Article) -> None:
        """Persist changes to a stored article, tags and deletion mark included, if it is still
        at ``article.version`` (raise ``VersionConflict`` otherwise, changing nothing); the
        version then moves on, in storage and in ``article``. Without changes, nothing is
        written and the version stays."""
        ...

    async def count_deleted(self, before: datetime) -> int:
        """How many articles were soft-deleted before ``before``."""
        ...

    async def purge_deleted(self, before: datetime, limit: int) -> int:
        """Remove for good up to ``limit`` articles soft-deleted before ``before``, with their
        comments, favorites and tag links; returns how many articles went."""
        ...


class CommentRepository(Protocol):
    async def add(self, comment: Comment) -> Comment:
        """Store a new comment and return it with its id."""
        ...

    async def get(self, comment_id: int, article_id: int) -> Comment | None:
        """The live comment with this id on this article, or ``None``."""
        ...

    async def update(self, comment: Comment) -> None:
        """Persist changes to a stored comment (its deletion mark); nothing, if there are none."""
        ...

    async def count_deleted(self, before: datetime) -> int:
        """How many comments were soft-deleted before ``before``."""
        ...

    async def purge_deleted(self, before: datetime, limit: int) -> int:
        """Remove for good up to ``limit`` comments soft-deleted before ``before``; returns how
        many went."""
        ...


class FollowRepository(Protocol):
    async def follow(self, follower_id: int, followee_id: int) -> None:
        """Record the follow, stamped with the unit of work's time; following again changes
        nothing."""
        ...

    async def unfollow(self, follower_id: int, followee_id: int) -> None:
        """Remove the follow; unfollowing someone not followed changes nothing."""
        ...


class FavoriteRepository(Protocol):
    async def favorite(self, user_id: int, article_id: int) -> None:
        """Record the favorite, stamped with the unit of work's time; favoriting again changes
        nothing."""
        ...

    async def unfavorite(self, user_id: int, article_id: int) -> None:
        """Remove the favorite; removing an absent one changes nothing."""
        ...


class UserSettingsRepository(Protocol):
    async def get(self, user_id: int) -> UserSettings | None:
        """The user's settings (the defaults when they never saved any); ``None`` when there
        is no such user."""
        ...

    async def save(self, settings: UserSettings) -> None:
        """Store the settings of an existing user, replacing any saved before (an upsert)."""
        ...
