import asyncio
import contextlib
import logging
from typing import Annotated

import orjson
from fastapi import APIRouter, Depends, Query, WebSocket, WebSocketDisconnect, status

from application.errors import AuthenticationFailed, ServiceUnavailable
from application.notifications.list_notifications import ListNotifications, MissedNotifications
from application.pagination import DEFAULT_PAGE_SIZE
from application.users.authenticate import Authenticate
from infrastructure.container import Container
from infrastructure.events.hub import NotificationHub
from interfaces.http.dependencies import CurrentUserId, provided
from interfaces.http.routers.paging import Limit
from interfaces.http.routers.responses import errors
from interfaces.http.schemas.notifications import (
    Cursor,
    LiveNotification,
    Notification,
    NotificationsResponse,
    Subscribed,
)

logger = logging.getLogger(__name__)
router = APIRouter(prefix="/notifications", tags=["Notifications"])

# WebSocket close codes: 4401 mirrors HTTP 401 for a missing, bad or expired token.
CLOSE_UNAUTHENTICATED = 4401
FIRST_MESSAGE_TIMEOUT_SECONDS = 10.0
_BATCH = 100

PageCursor = Annotated[
    str | None,
    Query(
        pattern=r"^[0-9]{1,18}$",
        description="`nextCursor` of the previous page: the page of older notifications.",
    ),
]
LastId = Annotated[
    int | None,
    Query(
        alias="lastId",
        ge=0,
        description="The id of the last notification the client saw: everything after it "
        "is sent first, oldest first. Omitted: only notifications from now on.",
    ),
]


@router.get(
    "",
    name="notifications:list",
    response_model=NotificationsResponse,
    responses=errors(401, 422),
)
async def list_notifications(
    user_id: CurrentUserId,
    use_case: Annotated[ListNotifications, Depends(provided(Container.list_notifications))],
    limit: Limit = DEFAULT_PAGE_SIZE,
    cursor: PageCursor = None,
) -> NotificationsResponse:
    """The caller's notifications, newest first: new articles by people they follow, and
    comments and favorites on their articles. Page with `nextCursor`. The WebSocket
    `/api/notifications/ws` pushes the same notifications live (see docs/live-updates.md)."""
    before = int(cursor) if cursor is not None else None
    return NotificationsResponse.of(await use_case.execute(user_id, limit, before))


@router.websocket("/ws", name="notifications:live")
async def live_notifications(
    websocket: WebSocket,
    authenticate: Annotated[Authenticate, Depends(provided(Container.authenticate))],
    missed: Annotated[MissedNotifications, Depends(provided(Container.missed_notifications))],
    latest: Annotated[ListNotifications, Depends(provided(Container.list_notifications))],
    hub: Annotated[NotificationHub, Depends(provided(Container.notification_hub))],
    token: Annotated[str | None, Query(description="An access token (JWT).")] = None,
    last_id: LastId = None,
) -> None:
    """Notifications pushed live as `{"notification": {...}}` messages, oldest first.

    Authenticate with `?token=<jwt>` or with a first message `{"token": "<jwt>", "lastId": n}`;
    a bad token closes the socket with code 4401, a malformed first message with 1008, the
    database being away with 1013 (try again later). Once authenticated, the server answers
    `{"subscribed": {"lastId": n}}`: every notification after `n` follows. Reconnect with the
    last id seen (`lastId`) to receive what was missed, in order, once.
    """
    await websocket.accept()
    try:
        await _serve(websocket, authenticate, missed, latest, hub, token, last_id)
    except ServiceUnavailable:
        # The database is away: the client reconnects later with its last id and misses nothing.
        with contextlib.suppress(Exception):  # the socket may be gone already
            await websocket.close(status.WS_1013_TRY_AGAIN_LATER, "temporarily unavailable")


async def _serve(
    websocket: WebSocket,
    authenticate: Authenticate,
    missed: MissedNotifications,
    latest: ListNotifications,
    hub: NotificationHub,
    token: str | None,
    last_id: int | None,
) -> None:
    if token is None:
        token, last_id = await _first_message(websocket)
        if token is None:
            return
    try:
        user_id = await authenticate.execute(token)
    except AuthenticationFailed:
        await websocket.close(CLOSE_UNAUTHENTICATED, "invalid or expired token")
        return
    with hub.listen(user_id) as wakeup:
        if last_id is None:
            newest = await latest.execute(user_id, limit=1)
            last_id = newest.notifications[0].id if newest.notifications else 0
        await websocket.send_text(Subscribed(subscribed=Cursor(last_id=last_id)).model_dump_json())
        pushing = asyncio.create_task(_push(websocket, user_id, last_id, missed, wakeup))
        listening = asyncio.create_task(_until_disconnected(websocket))
        try:
            await asyncio.wait((pushing, listening), return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in (pushing, listening):
                task.cancel()
            await asyncio.gather(pushing, listening, return_exceptions=True)
    if not listening.cancelled() and listening.exception() is None:
        return  # the client left
    failure = None if pushing.cancelled() else pushing.exception()
    if isinstance(failure, ServiceUnavailable):
        raise failure
    if failure is not None:
        logger.error("live notifications failed", exc_info=failure)
    with contextlib.suppress(Exception):  # the socket may be gone already
        await websocket.close(status.WS_1011_INTERNAL_ERROR, "please reconnect")


async def _first_message(websocket: WebSocket) -> tuple[str | None, int | None]:
    """The token (and last id) from the first message; closes the socket when malformed."""
    try:
        async with asyncio.timeout(FIRST_MESSAGE_TIMEOUT_SECONDS):
            message = orjson.loads(await websocket.receive_text())
        token = message["token"]
        last_id = message.get("lastId")
        if not isinstance(token, str) or not (last_id is None or isinstance(last_id, int)):
            raise TypeError("token must be a string and lastId an integer")
    except WebSocketDisconnect:
        return None, None
    except (TimeoutError, orjson.JSONDecodeError, KeyError, TypeError, AttributeError):
        await websocket.close(status.WS_1008_POLICY_VIOLATION, 'expected {"token": "<jwt>"}')
        return None, None
    return token, last_id


async def _push(
    websocket: WebSocket,
    user_id: int,
    last_id: int,
    missed: MissedNotifications,
    wakeup: asyncio.Event,
) -> None:
    """Send everything after ``last_id``, then again each time the hub wakes us."""
    while True:
        wakeup.clear()
        batch = await missed.execute(user_id, last_id, _BATCH)
        for view in batch:
            message = LiveNotification(notification=Notification.of(view))
            await websocket.send_text(message.model_dump_json(by_alias=True))
            last_id = view.id
        if len(batch) < _BATCH:
            await wakeup.wait()


async def _until_disconnected(websocket: WebSocket) -> None:
    while (await websocket.receive())["type"] != "websocket.disconnect":
        pass
