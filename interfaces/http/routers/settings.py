from typing import Annotated

from fastapi import APIRouter, Depends

from application.settings.get_user_settings import GetUserSettings
from application.settings.update_user_settings import (
    UpdateUserSettings,
    UpdateUserSettingsCommand,
)
from infrastructure.container import Container
from interfaces.http.dependencies import CurrentUserId, provided
from interfaces.http.routers.responses import errors
from interfaces.http.schemas.settings import Settings, SettingsResponse, UpdateSettingsRequest

router = APIRouter(prefix="/user/settings", tags=["User settings"])


@router.get(
    "",
    name="settings:get",
    summary="Your settings",
    response_model=SettingsResponse,
    responses=errors(401),
)
async def get_settings(
    user_id: CurrentUserId,
    use_case: Annotated[GetUserSettings, Depends(provided(Container.get_user_settings))],
) -> SettingsResponse:
    """Your notification preferences and default language (the defaults until you change
    them: every notification on, no language)."""
    return SettingsResponse(settings=Settings.of(await use_case.execute(user_id)))


@router.put(
    "",
    name="settings:update",
    summary="Change your settings",
    response_model=SettingsResponse,
    responses=errors(401, 422),
)
async def update_settings(
    request: UpdateSettingsRequest,
    user_id: CurrentUserId,
    use_case: Annotated[UpdateUserSettings, Depends(provided(Container.update_user_settings))],
) -> SettingsResponse:
    """Change any of your settings; omitted ones stay as they are."""
    changes = request.settings
    command = UpdateUserSettingsCommand(
        user_id=user_id,
        notify_on_follow=changes.notifications.follow,
        notify_on_comment=changes.notifications.comment,
        notify_on_favorite=changes.notifications.favorite,
        default_language=(
            changes.default_language if "default_language" in changes.model_fields_set else ...
        ),
    )
    return SettingsResponse(settings=Settings.of(await use_case.execute(command)))
