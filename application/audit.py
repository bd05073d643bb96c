"""What the audit log keeps of each entity: a small JSON summary, the same on every adapter.

Bodies and password hashes stay out: the log says what changed, not everything it held.
"""

from datetime import datetime
from typing import Any

from domain.articles.article import Article
from domain.articles.comment import Comment
from domain.users.user import User

Summary = dict[str, Any]


def _moment(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def article_summary(article: Article) -> Summary:
    return {
        "slug": article.slug.value,
        "title": article.title,
        "description": article.description,
        "tags": list(article.tags),
        "status": article.status.value,
        "deletedAt": _moment(article.deleted_at),
        "version": article.version,
    }


def article_action(before: Summary, after: Summary) -> str:
    """The change that turned a stored article's ``before`` into ``after``."""
    if before["deletedAt"] is None and after["deletedAt"] is not None:
        return "delete"
    if before["deletedAt"] is not None and after["deletedAt"] is None:
        return "restore"
    if before["status"] != after["status"]:
        return "publish" if after["status"] == "published" else "unpublish"
    return "update"


def comment_summary(comment: Comment) -> Summary:
    return {
        "articleId": comment.article_id,
        "body": comment.body[:200],
        "deletedAt": _moment(comment.deleted_at),
    }


def follow_summary(follower_id: int, followee_id: int) -> Summary:
    return {"followerId": follower_id, "followeeId": followee_id}


def favorite_summary(user_id: int, article_id: int) -> Summary:
    return {"userId": user_id, "articleId": article_id}


def user_summary(user: User) -> Summary:
    return {
        "username": user.username.value,
        "email": user.email.value,
        "bio": user.bio,
        "image": user.image,
        "admin": user.is_admin,
    }


def purged_article_summary(slug: str, title: str, deleted_at: datetime | None) -> Summary:
    return {"slug": slug, "title": title, "deletedAt": _moment(deleted_at)}


def purged_comment_summary(article_id: int, deleted_at: datetime | None) -> Summary:
    return {"articleId": article_id, "deletedAt": _moment(deleted_at)}
