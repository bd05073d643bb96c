"""What the audit log says of each stored change: who, what, which action, and a small JSON
summary before and after, the same on every adapter.

Bodies and password hashes stay out: the log says what changed, not everything it held. A
user changes only themselves, an article or comment only its author (the domain lets nobody
else write them); a purge is the system's (no actor).
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from domain.articles.article import Article
from domain.articles.comment import Comment
from domain.articles.favorite import Favorite
from domain.profiles.follow import Follow
from domain.users.user import User

Summary = dict[str, Any]
Stored = User | Article | Comment
Relation = Follow | Favorite


@dataclass(frozen=True, slots=True)
class AuditEntry:
    occurred_at: datetime
    actor_id: int | None
    entity: str
    entity_id: str
    action: str
    before: Summary | None
    after: Summary | None


def created(thing: Stored | Relation, at: datetime) -> AuditEntry:
    """A new entity was stored, or a relation that did not exist was made."""
    entity, entity_id, actor_id, summary = _described(thing)
    return AuditEntry(at, actor_id, entity, entity_id, "create", None, summary)


def updated(before: Stored, after: Stored, at: datetime) -> AuditEntry:
    """A stored entity changed (really: a save that changes nothing is no entry)."""
    entity, entity_id, actor_id, new = _described(after)
    old = _described(before)[3]
    match after:
        case Article():
            action = article_action(old, new)
        case Comment():
            action = "delete" if after.deleted_at else "update"
        case User():
            action = "update"
    return AuditEntry(at, actor_id, entity, entity_id, action, old, new)


def removed(thing: Article | Comment | Relation, at: datetime) -> AuditEntry:
    """A relation was undone by its owner, or a deleted entity was purged for good."""
    entity, entity_id, actor_id, summary = _described(thing)
    match thing:
        case Article():
            purged = purged_article_summary(thing.slug.value, thing.title, thing.deleted_at)
            return AuditEntry(at, None, entity, entity_id, "purge", purged, None)
        case Comment():
            purged = purged_comment_summary(thing.article_id, thing.deleted_at)
            return AuditEntry(at, None, entity, entity_id, "purge", purged, None)
    return AuditEntry(at, actor_id, entity, entity_id, "delete", summary, None)


def _described(thing: Stored | Relation) -> tuple[str, str, int | None, Summary]:
    """``(entity, entity id, actor id, summary)``."""
    match thing:
        case User():
            return "user", str(thing.id), thing.id, user_summary(thing)
        case Article():
            return "article", str(thing.id), thing.author_id, article_summary(thing)
        case Comment():
            return "comment", str(thing.id), thing.author_id, comment_summary(thing)
        case Follow():
            summary = follow_summary(thing.follower_id, thing.followee_id)
            return "follow", str(thing.followee_id), thing.follower_id, summary
        case Favorite():
            summary = favorite_summary(thing.user_id, thing.article_id)
            return "favorite", str(thing.article_id), thing.user_id, summary


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
