"""A user's settings: which notifications they want and the language they write in."""

from dataclasses import dataclass, replace
from types import EllipsisType

from domain.shared.errors import InvalidValue
from domain.shared.language import is_language_tag


@dataclass(frozen=True, slots=True)
class NotificationPreferences:
    """Whether to be told when someone follows the user, comments on or favorites one of
    their articles. Everything is on until the user says otherwise."""

    follow: bool = True
    comment: bool = True
    favorite: bool = True


@dataclass(frozen=True, slots=True)
class UserSettings:
    """One user's settings; a user who never saved any has the defaults.
    ``default_language`` is a language tag (new articles' ``metadata.language``) or ``None``."""

    user_id: int
    notifications: NotificationPreferences = NotificationPreferences()
    default_language: str | None = None

    def __post_init__(self) -> None:
        if self.default_language is not None and not is_language_tag(self.default_language):
            raise InvalidValue(
                "defaultLanguage must be a language tag such as en or pt-BR",
                field="defaultLanguage",
            )

    def changed(
        self,
        *,
        follow: bool | None = None,
        comment: bool | None = None,
        favorite: bool | None = None,
        default_language: str | EllipsisType | None = ...,
    ) -> "UserSettings":
        """These settings with the given changes: ``None`` leaves a preference as it is;
        ``default_language`` is left as it is when omitted, and cleared by ``None``."""
        current = self.notifications
        notifications = NotificationPreferences(
            follow=current.follow if follow is None else follow,
            comment=current.comment if comment is None else comment,
            favorite=current.favorite if favorite is None else favorite,
        )
        if isinstance(default_language, EllipsisType):
            default_language = self.default_language
        return replace(self, notifications=notifications, default_language=default_language)
