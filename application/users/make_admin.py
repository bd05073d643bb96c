from application.ports.unit_of_work import UnitOfWork
from domain.shared.errors import NotFound


class MakeAdmin:
    """Promote an existing user to administrator (idempotent)."""

    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    async def execute(self, username: str) -> None:
        async with self._uow as uow:
            user = await uow.users.get_by_username(username)
            if user is None:
                raise NotFound("user not found", field="username")
            if not user.is_admin:
                user.promote()
                await uow.users.update(user)
                await uow.commit()
