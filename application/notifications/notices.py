"""Which events notify whom: the rules of the notification feed."""

from application.events import (
    ArticleFavorited,
    ArticlePublished,
    CommentAdded,
    EventRecord,
)
from application.ports.notifications import Addressed, Notice


def addressed(record: EventRecord) -> Addressed | None:
    """The notice ``record`` causes and its recipients (``None``: it notifies nobody).

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
            return Addressed(notice, event.author_id, followers=True)
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
            return Addressed(notice, event.article_author_id)
        case ArticleFavorited() if event.user_id != event.article_author_id:
            notice = Notice(
                event_id=record.id,
                kind="article_favorited",
                actor_id=event.user_id,
                article_slug=event.slug,
                article_title=event.title,
                created_at=record.occurred_at,
            )
            return Addressed(notice, event.article_author_id)
        case _:
            return None
