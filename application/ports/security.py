"""Password hashing and access tokens."""

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True, slots=True)
class TokenClaims:
    """Who a valid token speaks for, and under which of their token versions it was issued."""

    user_id: int
    token_version: int


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

    def issue(self, user_id: int, token_version: int) -> str:
        """A signed access token for the user at this token version, with an expiry."""
        ...

    def claims_of(self, token: str) -> TokenClaims:
        """The claims of a token signed with the pinned algorithm and key and not expired;
        raises ``AuthenticationFailed`` otherwise. A token without a version has version 0."""
        ...


class TokenVersions(Protocol):
    async def current(self, user_id: int, *, fresh: bool = False) -> int | None:
        """The user's token version, ``None`` for no such user. It may be a few seconds old
        (see the adapter) unless ``fresh``: versions only grow, so a token newer than the
        answer asks again with ``fresh``."""
        ...

    async def changed(self, user_id: int, token_version: int) -> None:
        """The user's committed token version is now ``token_version``: older tokens stop
        working here at once (elsewhere, once a cached answer expires)."""
        ...
