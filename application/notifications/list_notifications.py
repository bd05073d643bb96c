from application.pagination import DEFAULT_PAGE_SIZE
from application.ports.notifications import NotificationQueries
from application.read_models import NotificationPage, NotificationView


class ListNotifications:
    """The caller's notifications, newest first, a page at a time."""

    def __init__(self, notifications: NotificationQueries) -> None:
        self._notifications = notifications

    async def execute(
        self, user_id: int, limit: int = DEFAULT_PAGE_SIZE, before: int | None = None
    ) -> NotificationPage:
        return await self._notifications.newest(user_id, limit, before)


class MissedNotifications:
    """What a live client missed since the last id it saw, oldest first."""

    def __init__(self, notifications: NotificationQueries) -> None:
        self._notifications = notifications

    async def execute(
        self, user_id: int, after: int, limit: int = 100
    ) -> tuple[NotificationView, ...]:
        return await self._notifications.since(user_id, after, limit)
