from application.accounts import AccountGone
from application.ports.unit_of_work import UnitOfWork
from domain.users.settings import UserSettings


class GetUserSettings:
    """The caller's settings; the defaults when they never saved any."""

    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    async def execute(self, user_id: int) -> UserSettings:
        async with self._uow as uow:
            settings = await uow.settings.get(user_id)
        if settings is None:
            raise AccountGone()
        return settings
