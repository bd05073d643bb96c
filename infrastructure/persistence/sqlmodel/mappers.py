"""The only place that knows both the entity and the row shapes."""

from collections.abc import Mapping
from typing import Any

import orjson

from domain.articles.article import Article, ArticleStatus
from domain.articles.comment import Comment
from domain.articles.values import Slug
from domain.users.user import User
from domain.users.values import Email, Username


def user_to_domain(row: Mapping[str, Any]) -> User:
    """From a ``users`` row as a mapping of column to value (a Core row)."""
    return User(
        id=row["id"],
        username=Username(row["username"]),
        email=Email(row["email"]),
        password_hash=row["password_hash"],
        bio=row["bio"],
        image=row["image"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        token_version=row["token_version"],
        is_admin=row["is_admin"],
    )


def user_fields(user: User) -> dict[str, Any]:
    """The row's column values for ``user`` (all but the id and the timestamps, which only
    storage sets)."""
    return {
        "username": user.username.value,
        "email": user.email.value,
        "password_hash": user.password_hash,
        "bio": user.bio,
        "image": user.image,
        "token_version": user.token_version,
        "is_admin": user.is_admin,
    }


def article_to_domain(row: Mapping[str, Any], tags: list[str]) -> Article:
    """From an ``articles`` row as a mapping of column to value (a Core row)."""
    meta = row["meta"]
    if isinstance(meta, str):  # JSONB as asyncpg returns it
        meta = orjson.loads(meta)
    return Article(
        id=row["id"],
        slug=Slug(row["slug"]),
        title=row["title"],
        description=row["description"],
        body=row["body"],
        tags=tuple(sorted(tags)),
        author_id=row["author_id"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        status=ArticleStatus(row["status"]),
        published_at=row["published_at"],
        deleted_at=row["deleted_at"],
        version=row["version"],
        metadata=dict(meta or {}),
        import_key=row["import_key"],
    )


def article_fields(article: Article) -> dict[str, Any]:
    """The row's column values for ``article`` but the id, the version and the timestamps,
    which only storage sets (tags live in their own tables)."""
    return {
        "slug": article.slug.value,
        "title": article.title,
        "description": article.description,
        "body": article.body,
        "author_id": article.author_id,
        "status": article.status.value,
        "published_at": article.published_at,
        "deleted_at": article.deleted_at,
        "meta": article.metadata or None,
        "word_count": article.word_count,
        "import_key": article.import_key,
    }


def comment_to_domain(row: Mapping[str, Any]) -> Comment:
    """From a ``comments`` row as a mapping of column to value (a Core row)."""
    return Comment(
        id=row["id"],
        body=row["body"],
        article_id=row["article_id"],
        author_id=row["author_id"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        deleted_at=row["deleted_at"],
    )
