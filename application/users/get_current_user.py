from application.accounts import AccountGone
from application.ports.security import TokenService
from application.ports.unit_of_work import UnitOfWork
from application.read_models import AuthenticatedUserView
from application.users.views import authenticated_view


class GetCurrentUser:
    """The caller's own account, with a fresh token."""

    def __init__(self, uow: UnitOfWork, tokens: TokenService) -> None:
        self._uow = uow
        self._tokens = tokens

    async def execute(self, user_id: int) -> AuthenticatedUserView:
        async with self._uow as uow:
            user = await uow.users.get(user_id)
        if user is None:
            raise AccountGone()
        return authenticated_view(user, self._tokens)
