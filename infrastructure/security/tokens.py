"""JWT access tokens: HS256 only, expiry required."""

from datetime import timedelta

import jwt

from application.errors import AuthenticationFailed
from application.ports.clock import Clock
from application.ports.security import TokenService

_ALGORITHM = "HS256"


class JwtTokenService(TokenService):
    def __init__(self, *, secret_key: str, ttl_minutes: int, clock: Clock) -> None:
        self._secret_key = secret_key
        self._ttl = timedelta(minutes=ttl_minutes)
        self._clock = clock

    def issue(self, user_id: int) -> str:
        now = self._clock.now()
        claims = {"sub": str(user_id), "iat": now, "exp": now + self._ttl}
        return jwt.encode(claims, self._secret_key, algorithm=_ALGORITHM)

    def user_id_from(self, token: str) -> int:
        try:
            # The algorithm list is pinned: a token signed otherwise (or "none") is refused.
            claims = jwt.decode(
                token,
                self._secret_key,
                algorithms=[_ALGORITHM],
                # Time claims are checked below against the Clock port alone, so tests control
                # time and a server whose clock runs slightly ahead does not refuse tokens.
                options={"require": ["exp", "sub"], "verify_exp": False, "verify_iat": False},
            )
            expires_at = int(claims["exp"])
            user_id = int(claims["sub"])
        except (jwt.InvalidTokenError, ValueError, TypeError) as error:
            raise AuthenticationFailed("token is invalid") from error
        if expires_at <= self._clock.now().timestamp():
            raise AuthenticationFailed("token has expired")
        return user_id
