"""Which events notify whom: the rules of the notification feed."""

from application.events import (
    ArticleFavorited,
    ArticlePublished,
    CommentAdded,
    EventRecord,
)
from application.ports.notifications import Notice, NotificationRepository


async def notify(record: EventRecord, notifications: NotificationRepository) -> tuple[int, ...]:
    """Store the notifications ``record`` causes (idempotent) and return their recipients.

    New articles notify the author's followers; comments and favorites notify the article's
    author, unless the author made them. Other events notify nobody.
    """
    event = record.event
    match event:
        case ArticlePublished():
            notice = Notice(
                event_id=record.id,
                kind="article_published",
                actor_id=event.author_id,
                article_slug=event.slug,
                article_title=event.title,
                created_at=record.occurred_at,
            )
            return await notifications.notify_followers(notice, event.author_id)
        case CommentAdded() if event.author_id != event.article_author_id:
            notice = Notice(
                event_id=record.id,
                kind="comment_added",
                actor_id=event.author_id,
                article_slug=event.slug,
                article_title=event.title,
                created_at=record.occurred_at,
                comment_body=event.body,
            )
            return await notifications.notify_user(notice, event.article_author_id)
        case ArticleFavorited() if event.user_id != event.article_author_id:
            notice = Notice(
                event_id=record.id,
                kind="article_favorited",
                actor_id=event.user_id,
                article_slug=event.slug,
                article_title=event.title,
                created_at=record.occurred_at,
            )
            return await notifications.notify_user(notice, event.article_author_id)
        case _:
            return ()
