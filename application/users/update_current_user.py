from dataclasses import dataclass

from application.accounts import AccountGone
from application.ports.security import PasswordHasher, TokenService, TokenVersions
from application.ports.unit_of_work import UnitOfWork
from application.read_models import AuthenticatedUserView
from application.users.views import authenticated_view
from domain.users.values import Email, PlainPassword, Username


@dataclass(frozen=True, slots=True, repr=False)
class UpdateUserCommand:
    """``None`` leaves a field unchanged, and so does an empty ``email``, ``username`` or
    ``password``: settings forms send the boxes left empty, meaning "keep it". An empty ``bio``
    or ``image`` clears it."""

    user_id: int
    email: str | None = None
    username: str | None = None
    password: str | None = None
    bio: str | None = None
    image: str | None = None


class UpdateCurrentUser:
    """Change the caller's email, username, password, bio or image.

    A new password revokes every token issued before it; the answer carries a new one. The
    current password typed again is no change and revokes nothing: a client keeping its token
    would otherwise be signed out by its own save.
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
        username = Username(command.username) if command.username else None
        email = Email(command.email) if command.email else None
        password = PlainPassword(command.password) if command.password else None
        # Hashed before the transaction, which then holds its connection for one verify only.
        password_hash = await self._hasher.hash(password.value) if password else None
        async with self._uow as uow:
            user = await uow.users.get(command.user_id)
            if user is None:
                raise AccountGone()
            if password and await self._hasher.verify(user.password_hash, password.value):
                password_hash = None
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
