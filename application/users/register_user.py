from dataclasses import dataclass

from application.ports.security import PasswordHasher, TokenService
from application.ports.unit_of_work import UnitOfWork
from application.read_models import AuthenticatedUserView
from application.users.views import authenticated_view
from domain.users.user import User
from domain.users.values import Email, PlainPassword, Username


@dataclass(frozen=True, slots=True, repr=False)
class RegisterUserCommand:
    username: str
    email: str
    password: str


class RegisterUser:
    """Create an account; a taken username or email raises ``AlreadyExists``."""

    def __init__(self, uow: UnitOfWork, hasher: PasswordHasher, tokens: TokenService) -> None:
        self._uow = uow
        self._hasher = hasher
        self._tokens = tokens

    async def execute(self, command: RegisterUserCommand) -> AuthenticatedUserView:
        username = Username(command.username)
        email = Email(command.email)
        password = PlainPassword(command.password)
        password_hash = await self._hasher.hash(password.value)
        async with self._uow as uow:
            user = await uow.users.add(
                User.register(username=username, email=email, password_hash=password_hash)
            )
            await uow.commit()
        return authenticated_view(user, self._tokens)
