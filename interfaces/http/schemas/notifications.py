from application.read_models import NotificationPage, NotificationView
from interfaces.http.schemas.base import ApiModel, Timestamp
from interfaces.http.schemas.profiles import Profile


class NotifiedArticle(ApiModel):
    slug: str
    title: str


class Notification(ApiModel):
    """``type`` is ``article_published`` (by someone you follow), ``comment_added`` or
    ``article_favorited`` (on your article); ``commentBody`` is set for comments only."""

    id: int
    type: str
    created_at: Timestamp
    actor: Profile
    article: NotifiedArticle
    comment_body: str | None

    @classmethod
    def of(cls, view: NotificationView) -> "Notification":
        return cls(
            id=view.id,
            type=view.kind,
            created_at=view.created_at,
            actor=Profile.of(view.actor),
            article=NotifiedArticle(slug=view.article_slug, title=view.article_title),
            comment_body=view.comment_body,
        )

    model_config = ApiModel.model_config | {
        "json_schema_extra": {
            "example": {
                "id": 42,
                "type": "comment_added",
                "createdAt": "2026-11-25T10:30:00.000Z",
                "actor": {"username": "jake", "bio": "", "image": "", "following": False},
                "article": {
                    "slug": "how-to-train-your-dragon",
                    "title": "How to train your dragon",
                },
                "commentBody": "Thank you!",
            }
        }
    }


class NotificationsResponse(ApiModel):
    """``nextCursor`` fetches the following (older) page; ``null`` on the last one."""

    notifications: list[Notification]
    next_cursor: str | None

    @classmethod
    def of(cls, page: NotificationPage) -> "NotificationsResponse":
        return cls(
            notifications=[Notification.of(view) for view in page.notifications],
            next_cursor=str(page.next) if page.next is not None else None,
        )


class LiveNotification(ApiModel):
    """One message of the WebSocket: a notification, oldest first."""

    notification: Notification


class Cursor(ApiModel):
    last_id: int


class Subscribed(ApiModel):
    """The WebSocket's first message: notifications after ``lastId`` will be pushed."""

    subscribed: Cursor
