from dataclasses import dataclass

from application.errors import AuthenticationFailed, TooManyAttempts
from application.ports.rate_limiter import RateLimiter
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
    client_address: str | None = None


@dataclass(frozen=True, slots=True)
class LoginLimits:
    """Login attempts allowed per window, per account (email) and per client address."""

    per_account: int
    per_address: int
    window_seconds: int


class LoginUser:
    """Exchange email and password for a token.

    Unknown email and wrong password fail alike and cost the same hashing time. Attempts
    past a limit, per email or per client address, are refused before any hashing.
    """

    def __init__(
        self,
        uow: UnitOfWork,
        hasher: PasswordHasher,
        tokens: TokenService,
        limiter: RateLimiter,
        limits: LoginLimits,
    ) -> None:
        self._uow = uow
        self._hasher = hasher
        self._tokens = tokens
        self._limiter = limiter
        self._limits = limits

    async def execute(self, command: LoginUserCommand) -> AuthenticatedUserView:
        try:
            email = Email(command.email)
        except InvalidValue:
            email = None
        await self._count_attempt(email.value if email else command.email.strip().lower(), command)
        user = None
        if email is not None:
            async with self._uow as uow:
                user = await uow.users.get_by_email(email)
        if user is None:
            await self._hasher.verify_nobody(command.password)
        elif await self._hasher.verify(user.password_hash, command.password):
            return authenticated_view(user, self._tokens)
        raise AuthenticationFailed("email or password is invalid")

    async def _count_attempt(self, account: str, command: LoginUserCommand) -> None:
        limits = self._limits
        waits = [
            await self._limiter.hit(
                f"login:account:{account}",
                limit=limits.per_account,
                window_seconds=limits.window_seconds,
            )
        ]
        if command.client_address is not None:
            waits.append(
                await self._limiter.hit(
                    f"login:address:{command.client_address}",
                    limit=limits.per_address,
                    window_seconds=limits.window_seconds,
                )
            )
        refused = [wait for wait in waits if wait is not None]
        if refused:
            seconds = max(refused)
            raise TooManyAttempts(
                f"too many login attempts, try again in {seconds} seconds",
                retry_after_seconds=seconds,
            )
