from dataclasses import dataclass

from application.accounts import AccountGone
from application.ports.security import PasswordHasher, TokenService, TokenVersions
from application.ports.unit_of_work import UnitOfWork
from application.read_models import AuthenticatedUserView
from application.users.views import authenticated_view
from domain.users.values import Email, PlainPassword, Username


@dataclass(frozen=True, slots=True, repr=False)
class UpdateUserCommand:
    """``None`` leaves a field unchanged."""

    user_id: int
    email: str | None = None
    username: str | None = None
    password: str | None = None
    bio: str | None = None
    image: str | None = None


class UpdateCurrentUser:
    """Change the caller's email, username, password, bio or image.

    A new password revokes every token issued before it; the answer carries a new one.
    """

    def __init__(
        self,
        uow: UnitOfWork,
        hasher: PasswordHasher,
        tokens: TokenService,
        versions: TokenVersions,
    ) -> None:
        self._uow = uow
        self._hasher = hasher
        self._tokens = tokens
        self._versions = versions

    async def execute(self, command: UpdateUserCommand) -> AuthenticatedUserView:
        username = Username(command.username) if command.username is not None else None
        email = Email(command.email) if command.email is not None else None
        password_hash = None
        if command.password is not None:
            password_hash = await self._hasher.hash(PlainPassword(command.password).value)
        async with self._uow as uow:
            user = await uow.users.get(command.user_id)
            if user is None:
                raise AccountGone()
            user.update_profile(
                username=username,
                email=email,
                password_hash=password_hash,
                bio=command.bio,
                image=command.image,
            )
            await uow.users.update(user)
            await uow.commit()
        if password_hash is not None:
            assert user.id is not None, "a stored user has an id"
            await self._versions.changed(user.id, user.token_version)
        return authenticated_view(user, self._tokens)
