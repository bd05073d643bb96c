from pydantic import Field, StrictBool

from domain.shared.language import LANGUAGE_TAG_MAX_LENGTH
from domain.users.settings import UserSettings
from interfaces.http.schemas.base import ApiModel


class Notifications(ApiModel):
    """Whether to be notified when someone follows you, comments on or favorites your
    articles."""

    follow: StrictBool = Field(examples=[True])
    comment: StrictBool = Field(examples=[False])
    favorite: StrictBool = Field(examples=[True])


class Settings(ApiModel):
    notifications: Notifications
    default_language: str | None = Field(
        description="Language tag given to your new articles' `metadata.language` when they "
        "name none; `null` for none.",
        examples=["en"],
    )

    @classmethod
    def of(cls, settings: UserSettings) -> "Settings":
        preferences = settings.notifications
        return cls(
            notifications=Notifications(
                follow=preferences.follow,
                comment=preferences.comment,
                favorite=preferences.favorite,
            ),
            default_language=settings.default_language,
        )


class SettingsResponse(ApiModel):
    settings: Settings


class NotificationChanges(ApiModel):
    follow: StrictBool | None = None
    comment: StrictBool | None = None
    favorite: StrictBool | None = None


class SettingsChanges(ApiModel):
    """Omitted fields stay as they are; `"defaultLanguage": null` clears the language."""

    notifications: NotificationChanges = Field(default_factory=NotificationChanges)
    default_language: str | None = Field(
        default=None, max_length=LANGUAGE_TAG_MAX_LENGTH, examples=["pt-BR"]
    )


class UpdateSettingsRequest(ApiModel):
    settings: SettingsChanges

    model_config = ApiModel.model_config | {
        "json_schema_extra": {
            "example": {"settings": {"notifications": {"comment": False}, "defaultLanguage": "en"}}
        }
    }
