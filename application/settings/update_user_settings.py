from dataclasses import dataclass
from types import EllipsisType

from application.accounts import AccountGone
from application.ports.unit_of_work import UnitOfWork
from domain.users.settings import UserSettings


@dataclass(frozen=True, slots=True)
class UpdateUserSettingsCommand:
    """``None`` leaves a preference unchanged; ``default_language`` is unchanged when ``...``
    and cleared by ``None``."""

    user_id: int
    notify_on_follow: bool | None = None
    notify_on_comment: bool | None = None
    notify_on_favorite: bool | None = None
    default_language: str | EllipsisType | None = ...


class UpdateUserSettings:
    """Change the caller's notification preferences or default language."""

    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    async def execute(self, command: UpdateUserSettingsCommand) -> UserSettings:
        async with self._uow as uow:
            current = await uow.settings.get(command.user_id)
            if current is None:
                raise AccountGone()
            updated = current.changed(
                follow=command.notify_on_follow,
                comment=command.notify_on_comment,
                favorite=command.notify_on_favorite,
                default_language=command.default_language,
            )
            await uow.settings.save(updated)
            await uow.commit()
        return updated
