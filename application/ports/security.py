"""Password hashing and access tokens."""

from typing import Protocol


class PasswordHasher(Protocol):
    async def hash(self, password: str) -> str:
        """A salted, self-describing hash of ``password``."""
        ...

    async def verify(self, password_hash: str, password: str) -> bool:
        """Whether ``password`` matches; an unusable hash is simply ``False``."""
        ...

    async def verify_nobody(self, password: str) -> None:
        """Spend what ``verify`` costs, for unknown users, so timing reveals nothing."""
        ...


class TokenService(Protocol):
    """Pure CPU work of microseconds, so its methods are synchronous."""

    def issue(self, user_id: int) -> str:
        """A signed access token for the user, with an expiry."""
        ...

    def user_id_from(self, token: str) -> int:
        """The user id inside a valid token; raises ``AuthenticationFailed`` otherwise."""
        ...
