from dataclasses import dataclass

from application.errors import AuthenticationFailed
from application.ports.security import PasswordHasher, TokenService
from application.ports.unit_of_work import UnitOfWork
from application.read_models import AuthenticatedUserView
from application.users.views import authenticated_view
from domain.shared.errors import InvalidValue
from domain.users.values import Email


@dataclass(frozen=True, slots=True, repr=False)
class LoginUserCommand:
    email: str
    password: str


class LoginUser:
    """Exchange email and password for a token.

    Unknown email and wrong password fail alike and cost the same hashing time.
    """

    def __init__(self, uow: UnitOfWork, hasher: PasswordHasher, tokens: TokenService) -> None:
        self._uow = uow
        self._hasher = hasher
        self._tokens = tokens

    async def execute(self, command: LoginUserCommand) -> AuthenticatedUserView:
        try:
            email = Email(command.email)
        except InvalidValue:
            email = None
        user = None
        if email is not None:
            async with self._uow as uow:
                user = await uow.users.get_by_email(email)
        if user is None:
            await self._hasher.verify_nobody(command.password)
        elif await self._hasher.verify(user.password_hash, command.password):
            return authenticated_view(user, self._tokens)
        raise AuthenticationFailed("email or password is invalid")
